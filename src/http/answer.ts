// Headers added to an answer after its handler ran, without rebuilding it (c.header() after next() makes Hono
// rebuild the answer as a full WHATWG Response). Under @hono/node-server they go on the Node response before
// it is written, so the answer keeps the adapter's lightweight path and no WHATWG Headers is built; elsewhere
// (app.request in tests) on the Response itself. Either way a header the handler set wins.
import { ServerResponse } from 'node:http';
import type { Context } from 'hono';
import type { AppEnv } from './env.js';

export function defaultHeader(c: Context, name: string, value: string): void {
  const outgoing = (c.env as { outgoing?: unknown } | undefined)?.outgoing;
  if (outgoing instanceof ServerResponse && !outgoing.headersSent) {
    outgoing.setHeader(name, value);
    return;
  }
  const headers = c.res.headers;
  if (!headers.has(name)) headers.set(name, value);
}

/** A page's own Content-Security-Policy: its frame-ancestors, not the default X-Frame-Options, decides framing. */
export function pagePolicy(c: Context<AppEnv>, csp: string): void {
  c.header('Content-Security-Policy', csp);
  c.set('ownFramePolicy', true);
}
