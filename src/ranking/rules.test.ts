import { describe, expect, it } from 'vitest';
import { hardRules } from './rules.js';
import { HOUR, headline, NOW, nth, politics, query, slotOf, sport, stagesOf } from './test-fixtures.js';

describe('hardRules', () => {
  const expired = headline('libertatea', 'FCSB Rapid derby fotbal', {
    expiresAt: new Date(NOW).toISOString(),
  });
  const all = [...sport, ...politics, expired];
  const s = stagesOf(all);
  const allowedOf = (q: Parameters<typeof hardRules>[2], article?: number | number[]) => {
    const allowed = hardRules(s.table, s.topics, q, article);
    return all.filter((h) => allowed(slotOf(s, h))).map((h) => h.id);
  };
  const ids = (hs: typeof all) => hs.map((h) => h.id);
  const live = [...sport, ...politics];

  it('allows every live, unexpired headline by default (an expired one even before pruning)', () => {
    expect(allowedOf(query({}))).toEqual(ids(live));
    expect(allowedOf(query({ nowMs: NOW - 2 * HOUR }))).toEqual(ids(all));
  });

  it('leaves out excluded partners, or all but the included ones', () => {
    expect(allowedOf(query({ excludePartners: new Set(['gsp', 'prosport', 'nimeni']) }))).toEqual(
      ids(live.slice(2)),
    );
    expect(allowedOf(query({ includePartners: new Set(['hotnews', 'nimeni']) }))).toEqual([
      nth(politics, 0).id,
    ]);
  });

  it('leaves out excluded categories, compared case- and diacritics-insensitively', () => {
    expect(allowedOf(query({ excludeCategories: ['POLITICĂ', 'politica', 'Necunoscută'] }))).toEqual(
      ids([...sport, nth(politics, 2)]),
    );
  });

  it('leaves out excluded ids and the article itself, one slot or several', () => {
    const blocked = nth(sport, 1);
    expect(allowedOf(query({ excludeIds: new Set([blocked.id]) }))).not.toContain(blocked.id);
    expect(allowedOf(query({}), slotOf(s, nth(sport, 0)))).toEqual(ids(live.slice(1)));
    expect(allowedOf(query({}), [slotOf(s, nth(sport, 0)), slotOf(s, nth(sport, 2))])).toEqual(
      ids([nth(sport, 1), ...live.slice(3)]),
    );
  });
});
