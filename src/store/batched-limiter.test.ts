import { afterEach, describe, expect, it } from 'vitest';
import { BatchedLimiter, type ShareBudget } from './batched-limiter.js';

/** Shared counters as rate-limit-add.lua keeps them: points per key, each with its window's end. */
class SharedCounters {
  readonly counters = new Map<string, { spent: number; endsAt: number }>();
  calls = 0;
  away = false;

  constructor(
    private readonly clock: { now: number },
    private readonly windowMs: number,
  ) {}

  readonly share: ShareBudget = async (keys, points) => {
    this.calls++;
    if (this.away) throw new Error('Redis connection is not ready');
    return keys.map((key, i) => {
      let counter = this.counters.get(key);
      if (!counter || counter.endsAt <= this.clock.now) {
        counter = { spent: 0, endsAt: this.clock.now + this.windowMs };
        this.counters.set(key, counter);
      }
      counter.spent += points[i] ?? 0;
      return { spent: counter.spent, msLeft: counter.endsAt - this.clock.now };
    });
  };
}

describe('BatchedLimiter', () => {
  const clock = { now: Date.UTC(2026, 11, 6, 12) };
  const limiters: BatchedLimiter[] = [];
  const limiter = (counters: SharedCounters, points: number) => {
    const created = new BatchedLimiter(
      { name: 'test', points, durationSeconds: 60 },
      // Shared only when a test settles (the timer never fires within a test).
      { share: counters.share, shareEveryMs: 3_600_000, now: () => clock.now },
    );
    limiters.push(created);
    return created;
  };
  const spend = async (l: BatchedLimiter, key: string, times: number) => {
    const out: (number | undefined)[] = [];
    for (let i = 0; i < times; i++) out.push(await l.consume(key));
    return out;
  };
  afterEach(async () => {
    for (const l of limiters.splice(0)) await l.close();
  });

  it('keeps an exact budget within one instance, and calls the store for none of its requests', async () => {
    const counters = new SharedCounters(clock, 60_000);
    const a = limiter(counters, 3);
    expect(await spend(a, 'k', 4)).toEqual([undefined, undefined, undefined, 60]);
    expect(await spend(a, 'other', 1)).toEqual([undefined]);
    expect(counters.calls).toBe(0);
    await a.settle();
    // One call for every key spent since the last share.
    expect(counters.calls).toBe(1);
    expect(counters.counters.get('k')?.spent).toBe(3);
    expect(counters.counters.get('other')?.spent).toBe(1);
  });

  it('shares one budget between instances as of their last share', async () => {
    const counters = new SharedCounters(clock, 60_000);
    const a = limiter(counters, 3);
    const b = limiter(counters, 3);
    expect(await spend(a, 'k', 2)).toEqual([undefined, undefined]);
    await a.settle();
    // b has not shared yet: it allows from what it knows, then learns a's points at its share.
    expect(await spend(b, 'k', 1)).toEqual([undefined]);
    await b.settle();
    expect(await spend(b, 'k', 1)).toEqual([60]);
    // a knows only its own points and the count of its last share: one more (the lag), then it learns.
    expect(await spend(a, 'k', 1)).toEqual([undefined]);
    await a.settle();
    expect(counters.counters.get('k')?.spent).toBe(4);
    expect(await spend(a, 'k', 1)).toEqual([60]);
  });

  it('keeps its own budget while the store is away, and shares the points once it is back', async () => {
    const counters = new SharedCounters(clock, 60_000);
    const a = limiter(counters, 2);
    counters.away = true;
    expect(await spend(a, 'k', 3)).toEqual([undefined, undefined, 60]);
    await a.settle();
    expect(counters.counters.size).toBe(0);
    counters.away = false;
    await a.settle();
    expect(counters.counters.get('k')?.spent).toBe(2);
  });

  it('starts a new window when the old one ends, without carrying its unshared points into it', async () => {
    const counters = new SharedCounters(clock, 60_000);
    const a = limiter(counters, 2);
    expect(await spend(a, 'k', 3)).toEqual([undefined, undefined, 60]);
    clock.now += 30_000;
    expect(await spend(a, 'k', 1)).toEqual([30]);
    clock.now += 30_000;
    expect(await spend(a, 'k', 1)).toEqual([undefined]);
    await a.settle();
    expect(counters.counters.get('k')?.spent).toBe(1);
  });
});
