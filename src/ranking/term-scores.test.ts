import { describe, expect, it } from 'vitest';
import { TermScores } from './term-scores.js';

describe('TermScores', () => {
  it('sums per term, leaves query terms out and ranks like a stable sort by score', () => {
    const t = new TermScores();
    t.reset(10, [3]);
    t.add(5, 1);
    t.add(3, 9);
    t.add(7, 2);
    t.add(5, 1);
    t.add(8, 2);
    t.add(9, 0);
    expect(t.isQueryTerm(3)).toBe(true);
    expect(t.best(2)).toEqual([
      { id: 5, score: 2 },
      { id: 7, score: 2 },
    ]);
    expect(t.best(5).map((x) => x.id)).toEqual([5, 7, 8]);
  });

  it('starts each round empty', () => {
    const t = new TermScores();
    t.reset(4, []);
    t.add(1, 3);
    t.reset(4, [1]);
    t.add(2, 1);
    t.add(1, 5);
    expect(t.best(3)).toEqual([{ id: 2, score: 1 }]);
  });
});
