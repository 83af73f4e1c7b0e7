// Headers of an answer and of the request, read and written without building WHATWG objects. Under
// @hono/node-server the Node request and response are at hand: a header read from `incoming.headers` costs a
// property lookup (c.req.header() first builds a Headers of every request header), and a default header set on
// the Node response before the handler runs keeps the adapter's lightweight path (c.header() after next()
// makes Hono rebuild the answer). Elsewhere (app.request in tests) the portable calls are used.
import { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv, RequestBindings } from './env.js';

/** The Node request among a request's bindings (under @hono/node-server), else undefined. */
export function boundRequest(env: RequestBindings | undefined): IncomingMessage | undefined {
  const incoming = env?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/** The Node response among a request's bindings, while its headers can still be set. */
export function boundResponse(env: RequestBindings | undefined): ServerResponse | undefined {
  const outgoing = env?.outgoing;
  return outgoing instanceof ServerResponse && !outgoing.headersSent ? outgoing : undefined;
}

/** The Node request of this request (under @hono/node-server), else undefined. */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  return boundRequest(c.env as RequestBindings | undefined);
}

/** The Node response of this request, while its headers can still be set. */
function nodeResponse(c: Context): ServerResponse | undefined {
  return boundResponse(c.env as RequestBindings | undefined);
}

/** One header of a Node request by its lower-case name (repeated headers joined as Node joins them). */
export function nodeHeader(incoming: IncomingMessage, name: string): string | undefined {
  const value = incoming.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** One request header by its lower-case name (repeated headers joined as Node joins them). */
export function requestHeader(c: Context, name: string): string | undefined {
  const incoming = nodeRequest(c);
  return incoming === undefined ? c.req.header(name) : nodeHeader(incoming, name);
}

/**
 * Sets default headers before the handler runs: any header the handler's answer sets wins. Returns false when
 * there is no Node response (the caller then adds them after the handler with `defaultHeader`).
 */
export function earlyHeaders(c: Context, headers: Readonly<Record<string, string>>): boolean {
  const outgoing = nodeResponse(c);
  if (outgoing === undefined) return false;
  for (const name in headers) outgoing.setHeader(name, headers[name] ?? '');
  return true;
}

/** A header added to the answer after its handler ran, unless the handler set it. */
export function defaultHeader(c: Context, name: string, value: string): void {
  const outgoing = nodeResponse(c);
  if (outgoing !== undefined) {
    outgoing.setHeader(name, value);
    return;
  }
  const headers = c.res.headers;
  if (!headers.has(name)) headers.set(name, value);
}

/** A page's own Content-Security-Policy: its frame-ancestors, not the default X-Frame-Options, decides framing. */
export function pagePolicy(c: Context<AppEnv>, csp: string): void {
  c.header('Content-Security-Policy', csp);
  nodeResponse(c)?.removeHeader('X-Frame-Options');
}

/** The id withRequestContext gave this request (logged with it and named in a 500's problem). */
export function requestIdOf(c: Context): string | undefined {
  return (c.env as RequestBindings | undefined)?.requestId;
}
