import { describe, expect, it } from 'vitest';
import { HeadlineTable } from './headline-table.js';
import { HOUR, headline, NOW } from './test-fixtures.js';
import { foldKey } from './text.js';

function tableWith(...items: ReturnType<typeof headline>[]): HeadlineTable {
  const t = new HeadlineTable({ halfLifeHours: 24, categoryHalfLifeHours: { Sport: 12 } });
  for (const h of items) t.store(t.allocate(), h, h.category === undefined ? '' : h.category.toLowerCase());
  return t;
}

describe('HeadlineTable', () => {
  it('gives back exactly the served fields, times kept as sent when toISOString() differs', () => {
    const a = headline('digi24', 'Ninsori', { imageUrl: 'https://www.digi24.ro/1.jpg', category: 'Meteo' });
    const b = headline('gsp', 'Derby', { publishedAt: '2026-11-29T09:00:00Z', summary: 'nu se servește' });
    const t = tableWith(a, b);
    expect(t.headlineAt(t.slotOf(a.id) ?? -1)).toEqual(a);
    const { summary: _summary, ...served } = b;
    expect(t.headlineAt(t.slotOf(b.id) ?? -1)).toEqual(served);
    expect(t.live).toBe(2);
  });

  it('tells a cached version from the live one: changed, expired or removed headlines are not current', () => {
    const a = headline('digi24', 'Ninsori', { updatedAt: '2026-11-29T10:00:00.000Z' });
    const t = tableWith(a);
    const version = Date.parse(a.updatedAt);
    expect(t.isCurrent(a.id, version, NOW)).toBe(true);
    expect(t.isCurrent(a.id, version + 1, NOW)).toBe(false);
    expect(t.isCurrent(a.id, version, Date.parse(a.expiresAt))).toBe(false);
    t.store(t.slotOf(a.id) ?? -1, { ...a, updatedAt: '2026-11-29T11:00:00.000Z' }, '');
    expect(t.isCurrent(a.id, version, NOW)).toBe(false);
    t.remove(a.id);
    expect(t.isCurrent(a.id, Date.parse('2026-11-29T11:00:00.000Z'), NOW)).toBe(false);
  });

  it('takes the half-life of the category, else the default', () => {
    const a = headline('gsp', 'Derby', { category: 'Sport' });
    const b = headline('digi24', 'Ninsori');
    const t = tableWith(a, b);
    expect(t.halfLife[t.slotOf(a.id) ?? -1]).toBe(12);
    expect(t.halfLife[t.slotOf(b.id) ?? -1]).toBe(24);
  });

  it('folds category names as foldKey does, remembering each spelling', () => {
    const t = tableWith();
    for (const name of ['Știri', 'ştiri', 'STIRI ', 'Actualitate / Politică', 'Știri']) {
      expect(t.categoryKey(name)).toBe(foldKey(name));
    }
    expect(t.categoryKey('Știri')).toBe('stiri');
  });

  it('finds every live headline stored under one URL, whatever the decoration', () => {
    const a = headline('digi24', 'Ninsori');
    const b = { ...headline('mediafax', 'Ninsori mari'), url: a.url };
    const t = tableWith(a, b);
    expect(t.findByUrl(`${a.url}/#top`).map((h) => h.id)).toEqual([a.id, b.id]);
    expect(t.findByUrl(`${a.url}-2`)).toEqual([]);
    expect(t.remove(a.id)).toBe(0);
    expect(t.findByUrl(a.url).map((h) => h.id)).toEqual([b.id]);
    expect(t.remove(a.id)).toBeUndefined();
  });

  it('reuses a removed slot only after the dead slots are released', () => {
    const a = headline('digi24', 'Ninsori');
    const t = tableWith(a);
    const slot = t.slotOf(a.id);
    t.remove(a.id);
    expect(t.live).toBe(0);
    expect(t.allocate()).not.toBe(slot);
    t.releaseDead();
    expect(t.allocate()).toBe(slot);
  });

  it('lists expired live headlines and knows its partners', () => {
    const old = headline('digi24', 'Vechi', { expiresAt: new Date(NOW - HOUR).toISOString() });
    const fresh = headline('gsp', 'Nou');
    const t = tableWith(old, fresh);
    expect(t.expired(NOW)).toEqual([old.id]);
    expect(t.partnerOf('gsp')).toBe(1);
    expect(t.partnerOf('nimeni')).toBeUndefined();
    expect(t.partners).toBe(2);
    t.clear();
    expect(t.live).toBe(0);
    expect(t.slotOf(fresh.id)).toBeUndefined();
  });
});
