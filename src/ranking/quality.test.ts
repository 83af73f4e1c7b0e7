import { describe, expect, it } from 'vitest';
import { evaluate, indexRanker, loadEvalSet, merge } from '../../tests/fixtures/eval/harness.js';

// Deterministic (seeded) quality checks on the hand-written Romanian sets; see `npm run bench:quality`.
describe('ranking quality on the Romanian evaluation sets', () => {
  const a = loadEvalSet('./set-a.json');
  const b = loadEvalSet('./set-b.json');

  it('keeps every rule on every host', () => {
    for (const set of [a, merge(a, b)]) {
      const r = evaluate(set, indexRanker);
      expect([r.ownOutlet, r.self, r.expired, r.overOutlet]).toEqual([0, 0, 0, 0]);
      // Two outlets' titles of one story sharing only a name ("Xi Jinping") are beyond title similarity.
      expect(r.duplicates).toBeLessThanOrEqual(2);
    }
  });

  // The product target is 0.9; measured 0.883 (set A) and 0.894 (held-out set B hosts over the A+B stream).
  // These floors catch regressions; they are not the target.
  it('stays above 0.88 precision@6 on the held-out hosts of set B', () => {
    expect(evaluate(merge(a, b), indexRanker).precision).toBeGreaterThanOrEqual(0.88);
  });

  it('stays above 0.87 precision@6 on the development set A', () => {
    expect(evaluate(a, indexRanker).precision).toBeGreaterThanOrEqual(0.87);
  });
});
