// Rate limiters on rate-limiter-flexible: Redis-backed and shared by instances, with an in-memory fallback;
// or batched (BatchedLimiter): spent in memory and shared through Redis every few milliseconds.
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import { BatchedLimiter, secondsToWait } from './batched-limiter.js';
import { type RedisClient, runRedis } from './redis-connection.js';
import type { RateLimiter, RateLimitSpec } from './types.js';

async function spend(limiter: RateLimiterAbstract, key: string): Promise<number | undefined> {
  try {
    await limiter.consume(key);
    return undefined;
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) return secondsToWait(rejection.msBeforeNext);
    // The store failed and the insurance limiter too: let the request through rather than fail it.
    return undefined;
  }
}

/** Every point spent in the limiter's store as it is asked for (nothing waits to be shared). */
class PerPointLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  consume(key: string): Promise<number | undefined> {
    return spend(this.limiter, key);
  }

  settle(): Promise<void> {
    return Promise.resolve();
  }
}

export function memoryRateLimiter(spec: RateLimitSpec): RateLimiter {
  return new PerPointLimiter(
    new RateLimiterMemory({ keyPrefix: spec.name, points: spec.points, duration: spec.durationSeconds }),
  );
}

/**
 * Counts in Redis so every instance shares one budget; while Redis is away, each instance
 * falls back to its own in-memory budget instead of failing requests.
 */
export function redisRateLimiter(client: RedisClient, key: string, spec: RateLimitSpec): RateLimiter {
  const insurance = new RateLimiterMemory({
    keyPrefix: `${spec.name}-insurance`,
    points: spec.points,
    duration: spec.durationSeconds,
  });
  return new PerPointLimiter(
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: key,
      points: spec.points,
      duration: spec.durationSeconds,
      rejectIfRedisNotReady: true,
      insuranceLimiter: insurance,
    }),
  );
}

/**
 * The same budget as redisRateLimiter (the same Redis keys and values), spent in memory and added to Redis
 * every `shareEveryMs` in one script call per limiter: no Redis command on the request's path.
 */
export function batchedRedisRateLimiter(
  client: RedisClient,
  key: string,
  spec: RateLimitSpec & { shareEveryMs: number },
): BatchedLimiter {
  return new BatchedLimiter(spec, {
    shareEveryMs: spec.shareEveryMs,
    share: async (keys, points) => {
      if (client.status !== 'ready') throw new Error('Redis connection is not ready');
      // RateLimiterRedis's key for `k` is `${keyPrefix}:${k}`.
      const reply = await runRedis(() =>
        client.csRateLimitAdd(
          keys.length,
          ...keys.map((k) => `${key}:${k}`),
          spec.durationSeconds,
          ...points,
        ),
      );
      return keys.map((_, i) => ({ spent: Number(reply[2 * i]), msLeft: Number(reply[2 * i + 1]) }));
    },
  });
}
