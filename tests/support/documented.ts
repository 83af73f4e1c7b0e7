// Holds every answer of the in-process app to its OpenAPI entry: a documented status, media type and body.
// Response schemas are strict zod objects, so a field the document does not name fails here too.
import type { Hono } from 'hono';
import type { AppEnv } from '../../src/http/env.js';
import { problemStatuses } from '../../src/openapi/document.js';
import { ProblemSchema } from '../../src/openapi/schemas.js';
import type { OperationDoc } from '../../src/openapi/types.js';
import { OPERATIONS } from '../../src/routes/operations.js';

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `/v1/admin/partners/{id}/feeds` → a regex over request paths. */
const ROUTES = OPERATIONS.map((op) => ({
  op,
  pattern: new RegExp(
    `^${op.path
      .split(/\{\w+\}/)
      .map(escapeRegex)
      .join('[^/]+')}$`,
  ),
}));

const mediaType = (value: string | null | undefined) =>
  (value ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

function findOperation(method: string, path: string): OperationDoc | undefined {
  const m = method.toLowerCase();
  return ROUTES.find((r) => r.op.method === m && r.pattern.test(path))?.op;
}

async function bodyIssues(
  res: Response,
  schema: { safeParse(v: unknown): { success: boolean; error?: unknown } },
) {
  const text = await res.clone().text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return `body is not JSON: ${text.slice(0, 200)}`;
  }
  const parsed = schema.safeParse(body);
  return parsed.success ? undefined : `${JSON.stringify(parsed.error)} in ${text.slice(0, 500)}`;
}

/** Why an answer does not match the document, or undefined when it does (or is not an API route). */
export async function undocumented(method: string, path: string, res: Response): Promise<string | undefined> {
  const op = findOperation(method, path);
  if (!op) return undefined;
  const name = `${op.method.toUpperCase()} ${op.path} → ${res.status}`;
  const type = mediaType(res.headers.get('content-type'));
  const doc = op.responses[res.status];
  if (!doc) {
    if (!problemStatuses(op).includes(res.status)) return `${name}: status not documented`;
    if (type !== 'application/problem+json') return `${name}: a problem answered as ${type}`;
    const issues = await bodyIssues(res, ProblemSchema);
    return issues && `${name}: problem body does not match: ${issues}`;
  }
  if (!doc.schema) return undefined;
  const documentedTypes = [doc.contentType ?? 'application/json', ...Object.keys(doc.alternatives ?? {})];
  if (!documentedTypes.map(mediaType).includes(type)) return `${name}: media type ${type} not documented`;
  if (type !== 'application/json') return undefined;
  const issues = await bodyIssues(res, doc.schema);
  return issues && `${name}: body does not match its documented schema: ${issues}`;
}

/** Makes every request to `app` (app.request and app.fetch) throw when the answer strays from the document. */
export function holdToDocument(app: Hono<AppEnv>): void {
  const fetch = app.fetch;
  app.fetch = async (request, env, executionCtx) => {
    const res = await fetch(request, env, executionCtx);
    const problem = await undocumented(request.method, new URL(request.url).pathname, res);
    if (problem) throw new Error(`OpenAPI mismatch: ${problem}`);
    return res;
  };
}
