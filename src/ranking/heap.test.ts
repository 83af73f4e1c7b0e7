import { describe, expect, it } from 'vitest';
import { topBy, topSlots } from './heap.js';
import { seeded } from './test-fixtures.js';

const random = seeded(3);
const keys = Float64Array.from({ length: 300 }, () => Math.floor(random() * 1000) / 10);
const items = Array.from({ length: 300 }, (_, i) => i);
const best = (k: number, accept: (i: number) => boolean = () => true) =>
  items
    .filter(accept)
    .map((i) => keys[i] ?? 0)
    .sort((a, b) => b - a)
    .slice(0, k);
const values = (xs: number[]) => xs.map((i) => keys[i] ?? 0).sort((a, b) => b - a);

describe('topBy', () => {
  it('keeps the k highest keys, whatever the order of the items', () => {
    for (const k of [0, 1, 5, 40, 300, 500]) expect(values(topBy(items, k, keys))).toEqual(best(k));
    expect(values(topBy([...items].reverse(), 7, keys))).toEqual(best(7));
  });

  it('keeps only accepted items', () => {
    const even = (i: number) => i % 2 === 0;
    const top = topBy(items, 10, keys, even);
    expect(top.every(even)).toBe(true);
    expect(values(top)).toEqual(best(10, even));
  });
});

describe('topSlots', () => {
  it('keeps the k highest accepted slots of a range', () => {
    const slots = Int32Array.from(items);
    const odd = (i: number) => i % 2 === 1;
    const top = topSlots(slots, 0, slots.length, 12, keys, odd);
    expect(top.every(odd)).toBe(true);
    expect(values(top)).toEqual(best(12, odd));
    const tail = topSlots(slots, 250, 300, 3, keys, () => true);
    expect(values(tail)).toEqual(
      items
        .slice(250)
        .map((i) => keys[i] ?? 0)
        .sort((a, b) => b - a)
        .slice(0, 3),
    );
  });

  it('asks the rules only of slots that would enter the heap', () => {
    const slots = Int32Array.from([0, 1, 2, 3]);
    const key = Float64Array.from([4, 3, 2, 1]);
    const asked: number[] = [];
    topSlots(slots, 0, 4, 2, key, (s) => {
      asked.push(s);
      return true;
    });
    expect(asked).toEqual([0, 1]);
  });
});
