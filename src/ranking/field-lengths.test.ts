import { describe, expect, it } from 'vitest';
import { FieldLengths } from './field-lengths.js';

describe('FieldLengths', () => {
  it('weighs a field down the longer it is than the stream average, category not at all', () => {
    const f = new FieldLengths();
    f.ensureSlots(4);
    f.add(0, [5, 1, 10, 1]);
    f.add(1, [20, 1, 40, 2]);
    const short = f.norms(0, 2);
    const long = f.norms(1, 2);
    expect(long[0]).toBeLessThan(short[0] ?? 0);
    expect(long[2]).toBeLessThan(short[2] ?? 0);
    expect(long[3]).toBe(short[3]);
    // Field weights at the average length: title 3, tags 2, summary 1, category 1.5.
    expect(short[3]).toBe(1.5);
  });

  it('forgets a removed document in the averages', () => {
    const f = new FieldLengths();
    f.ensureSlots(2);
    f.add(0, [9, 2, 14, 1]);
    const before = f.norms(0, 1);
    f.add(1, [90, 2, 140, 1]);
    expect(f.norms(0, 2)).not.toEqual(before);
    f.remove(1);
    expect(f.norms(0, 1)).toEqual(before);
  });
});
