// Rate limiters on rate-limiter-flexible: Redis-backed and shared by instances, with an in-memory fallback.
import {
  type RateLimiterAbstract,
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
} from 'rate-limiter-flexible';
import type { RedisClient } from './redis-connection.js';
import type { RateLimiter, RateLimitSpec } from './types.js';

const secondsToWait = (msBeforeNext: number) => Math.max(1, Math.ceil(msBeforeNext / 1000));

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

/** One point of `first`, then one of `second` only when the first allowed it: the first refusal. */
async function inTurn(
  first: RateLimiter,
  key: string,
  second: RateLimiter,
  secondKey: string,
): Promise<number | undefined> {
  return (await first.consume(key)) ?? (await second.consume(secondKey));
}

class MemoryLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterMemory) {}

  consume(key: string): Promise<number | undefined> {
    return spend(this.limiter, key);
  }

  consumeThen(key: string, then: RateLimiter, thenKey: string): Promise<number | undefined> {
    return inTurn(this, key, then, thenKey);
  }
}

/** A RateLimiterRedis, and its insurance budget for while Redis is away. */
class RedisLimiter implements RateLimiter {
  constructor(
    private readonly client: RedisClient,
    private readonly limiter: RateLimiterRedis,
    private readonly insurance: RateLimiterMemory,
    private readonly spec: RateLimitSpec,
  ) {}

  consume(key: string): Promise<number | undefined> {
    return spend(this.limiter, key);
  }

  /**
   * Both limiters on this Redis: one script call spends both counters (the same keys and values
   * RateLimiterRedis keeps), instead of a round trip each.
   */
  async consumeThen(key: string, then: RateLimiter, thenKey: string): Promise<number | undefined> {
    if (!(then instanceof RedisLimiter) || then.client !== this.client)
      return inTurn(this, key, then, thenKey);
    let result: number[];
    try {
      if (this.client.status !== 'ready') throw new Error('Redis connection is not ready');
      result = await this.client.csRateLimitPair(
        2,
        this.limiter.getKey(key),
        then.limiter.getKey(thenKey),
        this.spec.durationSeconds,
        this.spec.points,
        then.spec.durationSeconds,
      );
    } catch {
      // As RateLimiterRedis does on a store failure: each budget falls back to its insurance limiter.
      return (await spend(this.insurance, key)) ?? (await spend(then.insurance, thenKey));
    }
    const [consumed = 0, msLeft = 0, consumedThen = 0, msLeftThen = 0] = result.map(Number);
    if (consumed > this.spec.points) return secondsToWait(msLeft);
    if (consumedThen > then.spec.points) return secondsToWait(msLeftThen);
    return undefined;
  }
}

export function memoryRateLimiter(spec: RateLimitSpec): RateLimiter {
  return new MemoryLimiter(
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
  const limiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: key,
    points: spec.points,
    duration: spec.durationSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: insurance,
  });
  return new RedisLimiter(client, limiter, insurance, spec);
}
