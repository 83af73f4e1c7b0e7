// Rate limiters on rate-limiter-flexible: Redis-backed and shared by instances, with an in-memory fallback.
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RedisClient } from './redis-connection.js';
import type { RateLimiter, RateLimitSpec } from './types.js';

function wrap(limiter: RateLimiterAbstract | RateLimiterRedis): RateLimiter {
  return {
    async consume(key: string): Promise<number | undefined> {
      try {
        await limiter.consume(key);
        return undefined;
      } catch (rejection) {
        if (rejection instanceof RateLimiterRes) return Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
        // The store failed and the insurance limiter too: let the request through rather than fail it.
        return undefined;
      }
    },
  };
}

export function memoryRateLimiter(spec: RateLimitSpec): RateLimiter {
  return wrap(
    new RateLimiterMemory({ keyPrefix: spec.name, points: spec.points, duration: spec.durationSeconds }),
  );
}

/**
 * Counts in Redis so every instance shares one budget; while Redis is away, each instance
 * falls back to its own in-memory budget instead of failing requests.
 */
export function redisRateLimiter(client: RedisClient, key: string, spec: RateLimitSpec): RateLimiter {
  return wrap(
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: key,
      points: spec.points,
      duration: spec.durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({
        keyPrefix: `${spec.name}-insurance`,
        points: spec.points,
        duration: spec.durationSeconds,
      }),
    }),
  );
}
