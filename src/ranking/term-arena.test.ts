import { describe, expect, it } from 'vitest';
import { TAGS, TermArena, TITLE } from './term-arena.js';

describe('TermArena', () => {
  it('stores per slot its terms with field masks and category-model weights', () => {
    const live = new Set<number>();
    const arena = new TermArena(
      (s) => live.has(s),
      () => 2,
    );
    arena.ensureSlots(2);
    const at = arena.reserve(0, 3);
    arena.put(at, 4, TITLE);
    arena.put(at + 1, 7, TAGS);
    arena.put(at + 2, 9, TITLE | 4);
    live.add(0);
    expect(arena.end(0) - arena.start(0)).toBe(3);
    expect([...arena.titleIds(0)]).toEqual([4, 9]);
    const f = arena.features(0);
    expect(Array.from({ length: 3 }, (_, i) => f.weights[f.start + i])).toEqual([2, 1, 2]);
  });

  it('gives dead documents’ room to live ones when full, keeping every live document intact', () => {
    const live = new Set<number>();
    let slots = 0;
    const arena = new TermArena(
      (s) => live.has(s),
      () => slots,
    );
    const size = arena.terms.length;
    const n = 1000;
    arena.ensureSlots(400);
    for (let s = 0; s < 300; s++) {
      const at = arena.reserve(s, n);
      for (let k = 0; k < n; k++) arena.put(at + k, s, TITLE);
      live.add(s);
      slots = s + 1;
      // Only the newest ten documents stay live.
      live.delete(s - 10);
    }
    expect(arena.terms.length).toBe(size);
    for (const s of live) {
      expect(arena.end(s) - arena.start(s)).toBe(n);
      expect(arena.titleIds(s).every((t) => t === s)).toBe(true);
    }
  });
});
