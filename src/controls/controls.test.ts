import { describe, expect, it } from 'vitest';
import { pickVariant, stableUnit } from './controls.js';

describe('experiment variants', () => {
  it('splits page views by weight with a stable hash', () => {
    const exp = {
      name: 'x',
      variants: [
        { name: 'a', weight: 30 },
        { name: 'b', weight: 70 },
      ],
    };
    const n = 20_000;
    let b = 0;
    for (let i = 0; i < n; i++) if (pickVariant(exp, stableUnit(`evz\nx\npageview-${i}`)) === 2) b++;
    expect(b / n).toBeGreaterThan(0.68);
    expect(b / n).toBeLessThan(0.72);
    expect(stableUnit('same')).toBe(stableUnit('same'));
    expect(
      pickVariant(
        {
          name: 'x',
          variants: [
            { name: 'a', weight: 0 },
            { name: 'b', weight: 1 },
          ],
        },
        0,
      ),
    ).toBe(2);
  });
});
