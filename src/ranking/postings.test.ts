import { describe, expect, it } from 'vitest';
import { Postings } from './postings.js';

const pairsOf = (p: Postings, term: number) => {
  const list = p.list(term);
  return Array.from({ length: p.length(term) }, (_, i) => [list?.[2 * i], list?.[2 * i + 1]]);
};

describe('Postings', () => {
  it('reserves every list of a bulk load at once, exactly, and grows one past it like any other', () => {
    const p = new Postings();
    p.ensure(3);
    p.add(0, 7, 0.5);
    p.reserve(Int32Array.from([3, 0, 40]));
    expect(p.list(0)?.length).toBe(2 * 4);
    expect(p.list(1)).toBeUndefined();
    expect(p.list(2)?.length).toBe(2 * 40);
    for (let s = 0; s < 40; s++) p.add(2, s, s / 100);
    for (const s of [8, 9, 10]) p.add(0, s, 0.25);
    expect(pairsOf(p, 0)).toEqual([
      [7, 0.5],
      [8, 0.25],
      [9, 0.25],
      [10, 0.25],
    ]);
    // The list next to term 0's in the shared buffer is untouched by it, and grows on its own.
    p.add(2, 40, 0.5);
    expect(p.df(2)).toBe(41);
    expect(pairsOf(p, 2).map(([slot]) => slot)).toEqual(Array.from({ length: 41 }, (_, s) => s));
    // Slots 7 and 9 die: compaction drops their pairs in place.
    p.drop(0);
    p.drop(0);
    p.compact((slot) => slot !== 7 && slot !== 9);
    expect(pairsOf(p, 0)).toEqual([
      [8, 0.25],
      [10, 0.25],
    ]);
    expect(pairsOf(p, 2)).toHaveLength(41);
  });
});
