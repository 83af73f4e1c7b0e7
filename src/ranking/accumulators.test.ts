import { describe, expect, it } from 'vitest';
import { drop } from './stages.js';
import { headline, nth, slotOf, stagesOf, termIdsOf } from './test-fixtures.js';

describe('Accumulators', () => {
  const items = Array.from({ length: 6 }, (_, i) =>
    headline(`p${i}`, `Vaccinul ${i % 2 ? 'gripal' : 'pediatric'}`),
  );
  const s = stagesOf(items);
  const [vaccin = -1, gripal = -1] = termIdsOf(s, 'vaccinul gripal');
  const acc = s.accumulators;

  it('adds each term’s impact times its idf to the slots of its postings', () => {
    acc.next();
    expect(acc.scoreTerm(vaccin, 1, 100, s.table.live)).toBe(6);
    const one = items.map((h) => acc.score(slotOf(s, h)));
    expect(one.every((x) => x > 0)).toBe(true);
    acc.scoreTerm(gripal, 1, 100, s.table.live);
    const odd = slotOf(s, nth(items, 1));
    expect(acc.score(odd)).toBeGreaterThan(one[1] ?? 0);
    expect(acc.score(slotOf(s, nth(items, 0)))).toBe(one[0]);
    // A new query starts from zero.
    acc.next();
    expect(acc.score(odd)).toBe(0);
  });

  it('walks the newest postings first within the budget, and skips removed headlines', () => {
    acc.next();
    expect(acc.scoreTerm(vaccin, 1, 2, s.table.live)).toBe(2);
    expect(items.map((h) => acc.score(slotOf(s, h)) > 0)).toEqual([false, false, false, false, true, true]);
    drop(s, nth(items, 5).id);
    acc.next();
    acc.scoreTerm(vaccin, 1, 100, s.table.live);
    expect(acc.score(slotOf(s, nth(items, 4)))).toBeGreaterThan(0);
    expect(acc.top(0, 10, () => true)).toHaveLength(5);
    expect(acc.top(0, 2, (slot) => slot !== slotOf(s, nth(items, 4)))).toHaveLength(2);
  });
});
