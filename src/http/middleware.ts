// Middleware factories: request context and metrics, authentication, security headers.
import { randomUUID } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { matchedRoutes } from 'hono/route';
import type { Partner } from '../domain.js';
import { ApiError, RateLimitedError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { secretsEqual } from '../shared/secrets.js';
import { defaultHeader, earlyHeaders, requestHeader } from './answer.js';
import type { AppEnv } from './env.js';

/** Who a partner API key belongs to (services' PartnerService answers it). */
export interface PartnerKeys {
  authenticate(apiKey: string): Promise<Partner | undefined>;
}

/** A request budget per key (the store's rate limiters): undefined when allowed, else seconds to wait. */
export interface RequestBudget {
  consume(key: string): Promise<number | undefined>;
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Request id (kept from X-Request-Id when sane), route-pattern metrics and the access log; the id is added to
 * the answer without rebuilding it (earlyHeaders, else defaultHeader).
 */
export function requestContext(options: { logger: Logger; metrics: Metrics }): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const given = requestHeader(c, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    c.set('requestId', requestId);
    const early = earlyHeaders(c, { 'X-Request-Id': requestId });
    const started = performance.now();
    await next();
    if (!early) defaultHeader(c, 'X-Request-Id', requestId);
    const seconds = (performance.now() - started) / 1000;
    // The handler's pattern even when middleware answered first (auth); middleware is registered as ALL.
    const handler = matchedRoutes(c).findLast((r) => r.method !== 'ALL');
    const route = handler?.path ?? 'unmatched';
    const method = c.req.method;
    const status = c.res.status;
    options.metrics.http.record(method, route, status, seconds);
    if (status >= 500 || options.logger.isLevelEnabled('debug')) {
      options.logger[status >= 500 ? 'error' : 'debug'](
        { requestId, method, path: c.req.path, route, status, ms: Math.round(seconds * 1000) },
        'request',
      );
    }
  };
}

function bearer(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

/** Admin API: the ADMIN_TOKEN bearer, compared in constant time. */
export function adminAuth(adminToken: string): MiddlewareHandler<AppEnv> {
  return async function adminAuthMiddleware(c, next) {
    const token = bearer(requestHeader(c, 'authorization'));
    if (!token) throw new ApiError('unauthorized', 'Send Authorization: Bearer <ADMIN_TOKEN>');
    if (!secretsEqual(token, adminToken))
      throw new ApiError('forbidden', 'This token is not the admin token');
    await next();
  };
}

/** GET /metrics: the METRICS_TOKEN as a bearer token when one is configured, else open. */
export function metricsAuth(metricsToken: string | undefined): MiddlewareHandler<AppEnv> {
  return async function metricsAuthMiddleware(c, next) {
    const token = bearer(requestHeader(c, 'authorization'));
    if (metricsToken !== undefined && !(token && secretsEqual(token, metricsToken)))
      throw new ApiError('unauthorized', 'Send Authorization: Bearer <METRICS_TOKEN>');
    await next();
  };
}

/** Partner API: a current partner key; sets `partner`. */
export function partnerAuth(partners: PartnerKeys): MiddlewareHandler<AppEnv> {
  return async function partnerAuthMiddleware(c, next) {
    const key = bearer(requestHeader(c, 'authorization'));
    if (!key) throw new ApiError('unauthorized', 'Send Authorization: Bearer <partner API key>');
    const partner = key.length <= 200 ? await partners.authenticate(key) : undefined;
    if (!partner) throw new ApiError('unauthorized', 'This API key is unknown or was rotated');
    c.set('partner', partner);
    await next();
  };
}

/** Headers every answer carries (defaults: the handler's own win); HTML pages bring their own framing policy. */
export function securityHeaders(): MiddlewareHandler<AppEnv> {
  const common: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'X-Frame-Options': 'DENY',
  };
  const secure: Record<string, string> = { ...common, 'Strict-Transport-Security': 'max-age=31536000' };
  return async function securityHeadersMiddleware(c, next) {
    const https = c.req.url.startsWith('https:');
    // On the Node server: set before the handler (pagePolicy() lifts X-Frame-Options), no await needed.
    if (earlyHeaders(c, https ? secure : common)) return next();
    await next();
    const headers = https ? secure : common;
    for (const name in headers)
      if (name !== 'X-Frame-Options' || !c.get('ownFramePolicy')) defaultHeader(c, name, headers[name] ?? '');
  };
}

/** Spends one point of `limiter` per request, keyed by `keyOf`; 429 with Retry-After beyond the budget. */
export function rateLimit(
  limiter: RequestBudget,
  keyOf: (c: Context<AppEnv>) => string | undefined,
): MiddlewareHandler<AppEnv> {
  return async function rateLimitMiddleware(c, next) {
    const key = keyOf(c);
    if (key !== undefined) {
      const retryAfter = await limiter.consume(key);
      if (retryAfter !== undefined) throw new RateLimitedError(retryAfter);
    }
    await next();
  };
}

/**
 * 413 for bodies over `maxSize`. A declared Content-Length is checked from the header alone (no WHATWG
 * Request is built for it); a chunked body is counted as it streams, by Hono's own body limit.
 */
export function bodySizeLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  const tooLarge = () => {
    throw new ApiError('payload_too_large', `The body must be at most ${maxSize} bytes`);
  };
  const streamed = bodyLimit({ maxSize, onError: tooLarge });
  return async function bodySizeLimitMiddleware(c, next) {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next();
    const length = requestHeader(c, 'content-length');
    if (length !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
      if (!/^\d+$/.test(length) || Number(length) > maxSize) return tooLarge();
      return next();
    }
    return streamed(c, next);
  };
}
