// CORS for the public routers: any origin, never credentials. Added without rebuilding the answer (earlyHeaders,
// else lateHeaders): Hono's cors() reads c.res before it, which makes Hono rebuild every answer.
import type { MiddlewareHandler } from 'hono';
import { earlyHeaders, lateHeaders, requestHeader } from './answer.js';
import { headerDefaults } from './defaulted-response.js';
import type { AppEnv } from './env.js';

export interface OpenCorsOptions {
  allowMethods: string[];
  /** Request headers a preflight may allow; without it, the ones the preflight asks for. */
  allowHeaders?: string[];
  exposeHeaders?: string[];
  /** Seconds a browser may cache a preflight answer. */
  maxAge?: number;
}

export function openCors(options: OpenCorsOptions): MiddlewareHandler<AppEnv> {
  const methods = options.allowMethods.join(',');
  const allowHeaders = options.allowHeaders?.join(',');
  const expose = options.exposeHeaders?.join(',');
  const simple = headerDefaults({
    'Access-Control-Allow-Origin': '*',
    ...(expose ? { 'Access-Control-Expose-Headers': expose } : {}),
  });
  return async function openCorsMiddleware(c, next) {
    if (c.req.method === 'OPTIONS') {
      const headers: Record<string, string> = {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': methods,
      };
      if (expose) headers['Access-Control-Expose-Headers'] = expose;
      if (options.maxAge !== undefined) headers['Access-Control-Max-Age'] = String(options.maxAge);
      const requested =
        allowHeaders ??
        requestHeader(c, 'access-control-request-headers')
          ?.split(',')
          .map((h) => h.trim())
          .join(',');
      if (requested) {
        headers['Access-Control-Allow-Headers'] = requested;
        headers.Vary = 'Access-Control-Request-Headers';
      }
      return c.body(null, 204, headers);
    }
    if (earlyHeaders(c, simple)) return next();
    await next();
    lateHeaders(c.res, simple);
  };
}
