// What every answer gets, around the app rather than inside it: the request id (kept from X-Request-Id when
// sane), the security headers, route-pattern metrics and the access log. As Hono middleware it would put every
// request, /health included, on the composed (always asynchronous) path, which @hono/node-server then serves
// by its slower promise path; around app.fetch a synchronous handler's answer stays synchronous. The defaults
// go to the service's Node response before the handler (DefaultedResponse writes them with the answer's own
// headers, which win); elsewhere (app.request in tests) they are added to the answer when it lacks them.
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import type { RouterRoute } from 'hono/types';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { boundRequest, defaultingResponse, lateHeaders, nodeHeader } from './answer.js';
import { type HeaderDefault, headerDefault } from './defaulted-response.js';
import type { AppEnv, RequestBindings } from './env.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

const COMMON: readonly HeaderDefault[] = [
  headerDefault('X-Content-Type-Options', 'nosniff'),
  headerDefault('Referrer-Policy', 'strict-origin-when-cross-origin'),
  headerDefault('Cross-Origin-Opener-Policy', 'same-origin'),
  // A page with its own Content-Security-Policy frames itself by its frame-ancestors.
  headerDefault('X-Frame-Options', 'DENY', ['content-security-policy']),
];
const SECURE: readonly HeaderDefault[] = [
  ...COMMON,
  headerDefault('Strict-Transport-Security', 'max-age=31536000'),
];

/** The X-Request-Id default (its lower-case name written out: this is made per request). */
const requestIdHeader = (value: string): HeaderDefault => ({
  name: 'X-Request-Id',
  value,
  lower: 'x-request-id',
  yieldsTo: [],
});

export interface RequestContextOptions {
  logger: Logger;
  metrics: Metrics;
  /** Handlers registered for every route (cross-cutting), never named as a request's route. */
  crossCutting?: ReadonlySet<unknown>;
}

/** Wraps `app.fetch` (and so `app.request`) with the request context; returns the app. */
export function withRequestContext(app: Hono<AppEnv>, options: RequestContextOptions): Hono<AppEnv> {
  const inner = app.fetch;
  const skip = options.crossCutting ?? new Set();
  /** The handler's pattern even when middleware answered first (auth); middleware is registered as ALL. */
  const routeOf = (request: Request, path: string): string => {
    const [matched] = app.router.match(request.method === 'HEAD' ? 'GET' : request.method, path);
    for (let i = matched.length - 1; i >= 0; i--) {
      const route: RouterRoute | undefined = matched[i]?.[0][1];
      if (route !== undefined && route.method !== 'ALL' && !skip.has(route.handler)) return route.path;
    }
    return 'unmatched';
  };

  const fetch = (request: Request, env?: RequestBindings, executionCtx?: Parameters<typeof inner>[2]) => {
    const started = performance.now();
    const bindings: RequestBindings = env ?? {};
    const incoming = boundRequest(bindings);
    const given = incoming
      ? nodeHeader(incoming, 'x-request-id')
      : (request.headers.get('x-request-id') ?? undefined);
    const requestId = given !== undefined && REQUEST_ID.test(given) ? given : randomUUID();
    bindings.requestId = requestId;
    const defaults = request.url.startsWith('https:') ? SECURE : COMMON;
    const id = [requestIdHeader(requestId)];
    const outgoing = defaultingResponse(bindings);
    if (outgoing !== undefined) {
      outgoing.addDefaults(defaults);
      outgoing.addDefaults(id);
    }
    const finish = (res: Response): Response => {
      if (outgoing === undefined) {
        lateHeaders(res, defaults);
        lateHeaders(res, id);
      }
      const seconds = (performance.now() - started) / 1000;
      const path = app.getPath(request, { env: bindings });
      const route = routeOf(request, path);
      const method = request.method;
      const status = res.status;
      options.metrics.http.record(method, route, status, seconds);
      if (status >= 500 || options.logger.isLevelEnabled('debug')) {
        options.logger[status >= 500 ? 'error' : 'debug'](
          { requestId, method, path, route, status, ms: Math.round(seconds * 1000) },
          'request',
        );
      }
      return res;
    };
    const res = inner(request, bindings, executionCtx);
    return res instanceof Promise ? res.then(finish) : finish(res);
  };
  app.fetch = fetch;
  return app;
}
