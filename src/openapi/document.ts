// Builds the OpenAPI 3.1 document from the routes' own entries with zod 4's own JSON Schema conversion.
import { z } from 'zod';
import { ApiError, type FieldError, type ProblemCode } from '../errors.js';
import { ProblemSchema } from './schemas.js';
import type { Auth, OperationDoc, ResponseDoc, Tag } from './types.js';

export type JsonObject = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: '3.1.0';
  info: JsonObject;
  servers: JsonObject[];
  tags: JsonObject[];
  paths: Record<string, Record<string, JsonObject>>;
  components: JsonObject;
}

const PROBLEM_TYPE = 'application/problem+json';

const TAGS: Record<Tag, string> = {
  partner: 'Partner API: push your headlines, read your reports. `Authorization: Bearer <partner API key>`.',
  widget: 'Public widget API, CORS `*`: the box, events, click redirects and the embed script.',
  admin:
    'Admin API: partners, keys, feeds, publishers, editorial rules and reports. `Authorization: Bearer <ADMIN_TOKEN>`.',
  ops: 'Liveness, readiness and metrics.',
  docs: 'This document.',
};

const SECURITY: Record<Auth, JsonObject[] | undefined> = {
  admin: [{ adminToken: [] }],
  partner: [{ partnerKey: [] }],
  none: [],
};

/** One example problem per status, rendered by the same code the service answers with. */
const PROBLEMS: Record<
  number,
  { code: ProblemCode; description: string; detail?: string; errors?: FieldError[] }
> = {
  400: {
    code: 'validation',
    description: 'Invalid request: `errors` names each bad field',
    errors: [{ path: 'headlines.0.publishedAt', message: 'must be an ISO 8601 date-time with a zone' }],
  },
  401: {
    code: 'unauthorized',
    description: 'Missing or unknown bearer token',
    detail: 'This API key is unknown or was rotated',
  },
  403: { code: 'forbidden', description: 'Not the admin token', detail: 'This token is not the admin token' },
  404: { code: 'not_found', description: 'Not found', detail: 'No publisher "evz"' },
  409: { code: 'conflict', description: 'Already exists', detail: 'Partner "digi24" already exists' },
  413: {
    code: 'payload_too_large',
    description: 'Body too large',
    detail: 'The body must be at most 2097152 bytes',
  },
  415: { code: 'unsupported_media_type', description: 'Wrong content type', detail: 'Send application/json' },
  429: {
    code: 'rate_limited',
    description: 'Too many requests; see `Retry-After`',
    detail: 'Too many requests; retry in 12 s',
  },
  500: {
    code: 'internal',
    description: 'Unexpected failure; the detail carries a request id to quote, never the cause',
    detail: 'Something went wrong (request 6f1c2d9e-4b7a-4e3f-9a1b-2c3d4e5f6a7b)',
  },
  503: { code: 'unavailable', description: 'Temporarily unavailable; see `Retry-After`' },
};

/** zod → JSON Schema 2020-12 (the dialect of OpenAPI 3.1); requests by their input type, responses by output. */
export function toSchema(schema: z.ZodType, io: 'input' | 'output'): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io,
    unrepresentable: 'any',
    override: ({ jsonSchema }) => {
      const js = jsonSchema as JsonObject;
      // `format: date-time` says it; zod's 300-character regex only hides it.
      if (js.format === 'date-time') delete js.pattern;
      // z.number().int() bounds itself to the safe integers; that is noise to a reader.
      if (js.minimum === Number.MIN_SAFE_INTEGER) delete js.minimum;
      if (js.maximum === Number.MAX_SAFE_INTEGER) delete js.maximum;
      // Responses may gain optional fields (API.md), so they are never closed.
      if (io === 'output' && js.additionalProperties === false) delete js.additionalProperties;
    },
  });
  return rest;
}

function parameters(where: 'path' | 'query', schema: z.ZodObject | undefined): JsonObject[] {
  if (!schema) return [];
  const js = toSchema(schema, 'input');
  const properties = (js.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((js.required ?? []) as string[]);
  return Object.entries(properties).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    schema: s,
    ...(typeof s.description === 'string' ? { description: s.description } : {}),
  }));
}

function response(doc: ResponseDoc): JsonObject {
  const out: JsonObject = { description: doc.description };
  if (doc.headers) {
    out.headers = Object.fromEntries(
      Object.entries(doc.headers).map(([name, description]) => [
        name,
        { description, schema: { type: 'string' } },
      ]),
    );
  }
  if (doc.schema) {
    const content: JsonObject = {
      [doc.contentType ?? 'application/json']: {
        schema: toSchema(doc.schema, 'output'),
        ...(doc.example !== undefined ? { example: doc.example } : {}),
      },
    };
    for (const [type, example] of Object.entries(doc.alternatives ?? {})) {
      content[type] = { schema: { type: 'string' }, example };
    }
    out.content = content;
  }
  return out;
}

function problemResponse(status: number): JsonObject {
  const p = PROBLEMS[status];
  if (!p) throw new Error(`no problem example for status ${status}`);
  const example = new ApiError(p.code, p.detail, p.errors ? { errors: p.errors } : {}).toProblem();
  return {
    description: p.description,
    ...(status === 429 || status === 503
      ? { headers: { 'Retry-After': { description: 'Seconds to wait', schema: { type: 'integer' } } } }
      : {}),
    content: { [PROBLEM_TYPE]: { schema: { $ref: '#/components/schemas/Problem' }, example } },
  };
}

/** The error statuses an operation can answer with: implied by its auth and input, plus its own (any may 500). */
export function problemStatuses(op: OperationDoc): number[] {
  const statuses = new Set(op.problems ?? []);
  if (op.auth !== 'none') statuses.add(401);
  if (op.auth === 'admin') statuses.add(403);
  if (op.body || op.query || op.params) statuses.add(400);
  if (op.body) {
    statuses.add(413);
    statuses.add(415);
  }
  // Authenticated calls read or write the store, so they fail fast while it is unreachable.
  if (op.auth !== 'none') statuses.add(503);
  statuses.add(500);
  return [...statuses].sort((a, b) => a - b);
}

function operationId(op: OperationDoc): string {
  const words = op.path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return op.method + words.map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');
}

function operation(op: OperationDoc): JsonObject {
  const out: JsonObject = {
    operationId: operationId(op),
    tags: [op.tag],
    summary: op.summary,
    description: op.description,
    security: SECURITY[op.auth],
  };
  const params = [...parameters('path', op.params), ...parameters('query', op.query)];
  if (params.length) out.parameters = params;
  if (op.body) {
    const schema = toSchema(op.body.schema, 'input');
    out.requestBody = {
      required: true,
      content: Object.fromEntries(
        (op.body.contentTypes ?? ['application/json']).map((type) => [
          type,
          { schema, example: op.body?.example },
        ]),
      ),
    };
  }
  const responses: JsonObject = {};
  for (const [status, doc] of Object.entries(op.responses)) responses[status] = response(doc);
  for (const status of problemStatuses(op)) responses[String(status)] ??= problemResponse(status);
  out.responses = responses;
  return out;
}

export function buildOpenApiDocument(operations: readonly OperationDoc[]): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  for (const op of operations) {
    const item = paths[op.path] ?? {};
    paths[op.path] = item;
    if (item[op.method]) throw new Error(`${op.method.toUpperCase()} ${op.path} is documented twice`);
    item[op.method] = operation(op);
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'citeste-si — „Citește și”',
      version: '1',
      description: [
        'The exchange behind the **„Citește și”** box of partner headlines under Romanian news articles.',
        'Serviciul din spatele casetei **„Citește și”** cu titluri ale partenerilor, sub articolele de știri.',
        '',
        '- **Partners / Parteneri:** push headlines with `POST /v1/headlines` (your API key).',
        '- **Publishers / Publisheri:** paste two lines of HTML (see the [integration guide](/docs/guide)).',
        '- **Operators / Operatori:** admin API with `ADMIN_TOKEN`, `/health`, `/ready`, `/metrics`.',
        '',
        'Errors are `application/problem+json` (RFC 9457). Times are ISO 8601 with a zone.',
      ].join('\n'),
    },
    servers: [{ url: '/', description: 'This deployment' }],
    tags: Object.entries(TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: {
        adminToken: {
          type: 'http',
          scheme: 'bearer',
          description: "The deployment's `ADMIN_TOKEN` (printed at start when unset).",
        },
        partnerKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A partner API key (`cs_…`), from `POST /v1/admin/partners` or a key rotation.',
        },
      },
      schemas: { Problem: toSchema(ProblemSchema, 'output') },
    },
  };
}
