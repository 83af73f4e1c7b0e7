import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.js';
import { MemoryStore } from '../store/memory.js';
import { LearningService } from './learning.js';

const HOUR = 3_600_000;

function service(store = new MemoryStore(), maxKeys = 100) {
  const clock = { now: Date.parse('2026-12-01T08:00:00Z') };
  const learning = new LearningService(store, {
    now: () => clock.now,
    logger: createLogger('silent'),
    halfLifeMs: 24 * HOUR,
    maxKeys,
    refreshMs: 3_600_000,
  });
  return { store, clock, learning };
}

describe('LearningService (the shared counters and this process’s snapshot)', () => {
  it('decays what was learned: half after one half-life, in the snapshot and in the store alike', async () => {
    const { store, clock, learning } = service();
    await learning.record([{ key: 'h|a|sport', clicks: 4, exposure: 10 }]);
    clock.now += 24 * HOUR;
    expect(learning.counts('h|a|sport')).toEqual({ clicks: 2, exposure: 5 });
    // A second instance loading the store sees the same.
    const other = service(store);
    other.clock.now = clock.now;
    await other.learning.reload();
    expect(other.learning.counts('h|a|sport')).toEqual({ clicks: 2, exposure: 5 });
  });

  it('keeps at most maxKeys counters, dropping the least recently updated', async () => {
    const { clock, learning } = service(new MemoryStore(), 3);
    for (const key of ['a', 'b', 'c']) {
      await learning.record([{ key, clicks: 1, exposure: 1 }]);
      clock.now += 1000;
    }
    await learning.record([{ key: 'a', clicks: 1, exposure: 1 }]);
    await learning.record([{ key: 'd', clicks: 1, exposure: 1 }]);
    expect(learning.size).toBe(3);
    expect(learning.counts('b')).toBeUndefined();
    expect(learning.counts('a')?.clicks).toBeGreaterThan(1.9);
  });

  it('a reload keeps what this instance learned while the store was being read', async () => {
    const store = new MemoryStore();
    const { clock, learning } = service(store);
    await learning.record([{ key: 'x|*', clicks: 1, exposure: 5 }]);
    // The store answers the reload with what it held before the update below was written.
    const before = await store.readLearning();
    const read = store.readLearning.bind(store);
    store.readLearning = async () => {
      clock.now += 1000;
      await learning.record([{ key: 'x|*', clicks: 1, exposure: 5 }]);
      store.readLearning = read;
      return before;
    };
    await learning.reload();
    expect(learning.counts('x|*')?.clicks).toBeCloseTo(2, 3);
  });
});
