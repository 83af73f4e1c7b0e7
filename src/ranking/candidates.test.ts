import { describe, expect, it } from 'vitest';
import { Candidates } from './candidates.js';

describe('Candidates', () => {
  it('knows which slots are candidates of the current query, and where', () => {
    const c = new Candidates();
    c.ensureSlots(2000);
    c.reset();
    for (let s = 0; s < 1000; s++) c.push(2 * s, s, 0, s / 1000);
    expect(c.length).toBe(1000);
    expect(c.has(10)).toBe(true);
    expect(c.has(11)).toBe(false);
    expect(c.indexOf(10)).toBe(5);
    expect(c.relevance[5]).toBe(0.005);
    c.reset();
    expect(c.length).toBe(0);
    expect(c.has(10)).toBe(false);
    expect(c.indexOf(10)).toBe(-1);
  });
});
