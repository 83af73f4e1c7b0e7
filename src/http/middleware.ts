// Middleware factories: authentication, rate limits, the body size limit (the request context and security
// headers wrap the app instead: request-context.ts).
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Partner } from '../domain.js';
import { ApiError, RateLimitedError } from '../errors.js';
import { secretsEqual } from '../shared/secrets.js';
import { nodeRequest, requestHeader } from './answer.js';
import type { AppEnv } from './env.js';
import { bodyReadError } from './input.js';

/** Who a partner API key belongs to (services' PartnerService answers it). */
export interface PartnerKeys {
  authenticate(apiKey: string): Promise<Partner | undefined>;
}

/** A request budget per key (the store's rate limiters): undefined when allowed, else seconds to wait. */
export interface RequestBudget {
  consume(key: string): Promise<number | undefined>;
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
    // Hono's limit reads the whole chunked body before `next`: a read it fails is the body's, not the handler's.
    return streamed(c, next).catch((err: unknown) => {
      throw bodyReadError(nodeRequest(c), err);
    });
  };
}
