// Reading request input: JSON bodies (content type, size, syntax) and query strings, validated by zod.
import type { IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from '../errors.js';
import { nodeRequest, requestHeader } from './answer.js';
import { validationProblem } from './problem.js';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const TEXT_TYPE = /^text\/plain\s*(?:;|$)/i;
/** JSON is UTF-8 (RFC 8259 §8.1); a leading BOM is dropped. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Parses a JSON body; `acceptText` also takes text/plain (sendBeacon sends that without a preflight). */
export async function jsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
  options: { acceptText?: boolean } = {},
): Promise<z.output<S>> {
  const type = requestHeader(c, 'content-type') ?? '';
  if (!JSON_TYPE.test(type) && !(options.acceptText && TEXT_TYPE.test(type))) {
    throw new ApiError(
      'unsupported_media_type',
      options.acceptText ? 'Send application/json or text/plain' : 'Send application/json',
    );
  }
  const bytes = await readBody(c);
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    // Never guess: a lenient decoder would store U+FFFD in place of what the client meant.
    throw new ApiError('bad_request', 'The body is not valid UTF-8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON');
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error.issues);
  return parsed.data;
}

/**
 * The raw body. On Node, a body with a Content-Length (already checked against the limit by the
 * body-limit middleware, and enforced by Node's HTTP parser) is read straight from the socket stream:
 * building a WHATWG Request around it costs more than the rest of a small POST.
 */
async function readBody(c: Context): Promise<Uint8Array> {
  const incoming = nodeRequest(c);
  try {
    return await readWhole(c, incoming);
  } catch (err) {
    throw bodyReadError(incoming, err);
  }
}

/** What a failed body read throws: a body the client cut short (it left, or timed out) is its 400, not a logged 500. */
export function bodyReadError(incoming: IncomingMessage | undefined, err: unknown): unknown {
  if (err instanceof ApiError || incoming === undefined || incoming.complete) return err;
  return new ApiError('bad_request', 'The body ended before it was complete', { cause: err });
}

async function readWhole(c: Context, incoming: IncomingMessage | undefined): Promise<Uint8Array> {
  const declared = requestHeader(c, 'content-length');
  if (incoming !== undefined && declared !== undefined && !incoming.readableDidRead) {
    // The route runs inside the parser's callback for the headers. The rest of their packet (a small body, all
    // of it) is parsed before the next microtask and waits in the stream's buffer: taken whole, no stream events.
    const length = Number(declared);
    if (incoming.readableLength < length) await Promise.resolve();
    if (incoming.readableLength >= length) return (incoming.read() as Buffer | null) ?? EMPTY;
    return readStream(incoming);
  }
  return new Uint8Array(await c.req.arrayBuffer());
}

const EMPTY = new Uint8Array(0);

/**
 * The stream's bytes, by its events: `for await` builds an async iterator and an end-of-stream watcher per
 * request, which cost more than the read. A stream that closes before its end (the client went away) rejects.
 */
function readStream(incoming: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // A request gone before its body was read (the client left while the route awaited the store) emits no
    // more events: waiting for them would hang the route.
    if (incoming.destroyed) {
      reject(new Error('the request closed before its body ended'));
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => resolve(chunks.length === 1 && chunks[0] ? chunks[0] : Buffer.concat(chunks)));
    incoming.once('error', reject);
    incoming.once('close', () => reject(new Error('the request closed before its body ended')));
  });
}

/** Validates the query string (last value of each parameter). */
export function queryInput<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.query());
  if (!parsed.success) throw validationProblem(parsed.error.issues);
  return parsed.data;
}

/** Validates path parameters. */
export function pathInput<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const parsed = schema.safeParse(c.req.param());
  if (!parsed.success) throw validationProblem(parsed.error.issues);
  return parsed.data;
}
