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

  it('grows by half when every document is live, each keeping its terms, renumbered ones sorted again', () => {
    let slots = 0;
    const arena = new TermArena(
      (s) => s < slots,
      () => slots,
    );
    const size = arena.terms.length;
    arena.ensureSlots(200);
    arena.beginLoad();
    for (let s = 0; s < 200; s++) {
      const at = arena.reserve(s, 500);
      for (let k = 0; k < 500; k++) {
        arena.put(at + k, s + k, k % 2 === 0 ? TITLE : TAGS);
        arena.putTf(at + k, k);
      }
      slots = s + 1;
    }
    expect(arena.terms.length).toBeGreaterThan(size);
    expect(arena.terms.length).toBeLessThan(1.5 * 1.5 * 200 * 500);
    for (let s = 0; s < 200; s++) {
      const from = arena.start(s);
      expect(arena.end(s) - from).toBe(500);
      expect([arena.terms[from], arena.terms[from + 499], arena.tfAt(from + 499)]).toEqual([s, s + 499, 499]);
    }
    // Ids renumbered backwards: each document's terms come out ascending, the other columns along.
    const next = Int32Array.from({ length: 700 }, (_, i) => 699 - i);
    arena.renumber(next, [0]);
    const from = arena.start(0);
    expect([arena.terms[from], arena.terms[from + 499]]).toEqual([200, 699]);
    expect([arena.tfAt(from), arena.mask[from]]).toEqual([499, TAGS]);
    arena.endLoad();
    expect(arena.tfAt(from)).toBe(0);
  });
});
