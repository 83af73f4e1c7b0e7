// Headers of an answer and of the request, read and written without building WHATWG objects. Under
// @hono/node-server the Node request and response are at hand: a header read from `incoming.headers` costs a
// property lookup (c.req.header() first builds a Headers of every request header), and a default header given
// to the service's Node response (DefaultedResponse) before the handler runs keeps the adapter's lightweight
// path (c.header() after next() makes Hono rebuild the answer). Elsewhere (app.request in tests, or a server
// without DefaultedResponse) the defaults are added to the answer after its handler.
import { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { DefaultedResponse, defaultApplies, type HeaderDefault } from './defaulted-response.js';
import type { AppEnv, RequestBindings } from './env.js';

/** The Node request among a request's bindings (under @hono/node-server), else undefined. */
export function boundRequest(env: RequestBindings | undefined): IncomingMessage | undefined {
  const incoming = env?.incoming;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/** The request's Node response when it writes default headers itself, while its headers are not yet sent. */
export function defaultingResponse(env: RequestBindings | undefined): DefaultedResponse | undefined {
  const outgoing = env?.outgoing;
  return outgoing instanceof DefaultedResponse && !outgoing.headersSent ? outgoing : undefined;
}

/** The Node request of this request (under @hono/node-server), else undefined. */
export function nodeRequest(c: Context): IncomingMessage | undefined {
  return boundRequest(c.env as RequestBindings | undefined);
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
 * Gives the answer default headers before its handler runs (any header the handler's answer sets wins). Returns
 * false when the Node response cannot take them (the caller adds them after the handler with `lateHeaders`).
 */
export function earlyHeaders(c: Context, defaults: readonly HeaderDefault[]): boolean {
  const outgoing = defaultingResponse(c.env as RequestBindings | undefined);
  if (outgoing === undefined) return false;
  outgoing.addDefaults(defaults);
  return true;
}

/** Adds to an answer, after its handler ran, the defaults it lacks (those that apply, see HeaderDefault). */
export function lateHeaders(res: Response, defaults: readonly HeaderDefault[]): void {
  const headers = res.headers;
  const has = (lower: string) => headers.has(lower);
  for (const d of defaults) if (defaultApplies(d, has)) headers.set(d.name, d.value);
}

/** A page's own Content-Security-Policy: its frame-ancestors decide framing (X-Frame-Options yields to it). */
export function pagePolicy(c: Context<AppEnv>, csp: string): void {
  c.header('Content-Security-Policy', csp);
}

/** The id withRequestContext gave this request (logged with it and named in a 500's problem). */
export function requestIdOf(c: Context): string | undefined {
  return (c.env as RequestBindings | undefined)?.requestId;
}
