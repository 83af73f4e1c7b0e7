import { describe, expect, it } from 'vitest';
import { HeadlineIndex } from './headline-index.js';
import { HOUR, headline, indexOf, NOW, politics, query, sport } from './test-fixtures.js';

describe('HeadlineIndex storage', () => {
  it('upserts by id, finds by url, removes and prunes expired headlines', () => {
    const a = headline('digi24', 'Ninsori abundente în toată țara');
    const b = headline('mediafax', 'Cod galben de viscol', { expiresAt: new Date(NOW - HOUR).toISOString() });
    const idx = indexOf([a, b]);
    expect(idx.size).toBe(2);
    idx.upsert({ ...a, title: 'Ninsori abundente și ger în toată țara' });
    expect(idx.size).toBe(2);
    expect(idx.get(a.id)?.title).toContain('ger');
    expect(idx.findByUrl(`${a.url}#comentarii`).map((h) => h.id)).toEqual([a.id]);
    expect(idx.pruneExpired(NOW)).toEqual([b.id]);
    expect(idx.remove(a.id)).toBe(true);
    expect(idx.remove(a.id)).toBe(false);
    expect(idx.size).toBe(0);
    idx.upsert(b);
    idx.clear();
    expect(idx.size).toBe(0);
    expect(idx.rank(query({ title: 'viscol' }))).toEqual([]);
  });

  it('keeps the served fields only: get() gives them back exactly, summary and tags still rank', () => {
    const a = headline('digi24', 'Ninsori abundente în toată țara', {
      summary: 'Meteorologii au emis o avertizare de viscol pentru Moldova',
      tags: ['iarnă'],
      category: 'Meteo',
      imageUrl: 'https://www.digi24.ro/img/1.jpg',
      // Times as partners may send them: kept as sent when toISOString() would differ.
      publishedAt: '2026-11-29T09:00:00Z',
    });
    const b = headline('mediafax', 'Cod galben în mai multe județe', { category: 'Meteo' });
    const idx = indexOf([a, b]);
    const { summary: _summary, tags: _tags, ...served } = a;
    expect(idx.get(a.id)).toEqual({ ...served, tags: [] });
    expect(idx.get(b.id)).toEqual(b);
    expect(idx.findByUrl(a.url)).toEqual([{ ...served, tags: [] }]);
    // The summary's words still find the headline, and a stored host still queries with them.
    expect(idx.rank(query({ title: 'avertizare de viscol' }))[0]?.headline.id).toBe(a.id);
  });

  it('survives many removals (slot reuse after compaction)', () => {
    const idx = new HeadlineIndex({ halfLifeHours: 24 });
    const first = Array.from({ length: 3000 }, (_, i) =>
      headline(`p${i % 7}`, `știre numărul ${i} despre subiectul s${i}`),
    );
    for (const h of first) idx.upsert(h);
    for (const h of first.slice(0, 2500)) idx.remove(h.id);
    for (let i = 0; i < 500; i++) idx.upsert(headline('nou', `ploaie în localitatea q${i}`));
    expect(idx.size).toBe(1000);
    const r = idx.rank(query({ title: 'ploaie', maxPerOutlet: 6 }));
    expect(r).toHaveLength(6);
    for (const item of r) expect(item.headline.partnerId).toBe('nou');
  });
});

describe('HeadlineIndex rules', () => {
  const all = [...sport, ...politics];
  const idx = indexOf(all);

  it('never shows an excluded or not-included partner', () => {
    const r = idx.rank(query({ title: 'fotbal Rapid', excludePartners: new Set(['gsp', 'prosport']) }));
    expect(r.some((i) => ['gsp', 'prosport'].includes(i.headline.partnerId))).toBe(false);
    const only = idx.rank(query({ title: 'fotbal', includePartners: new Set(['hotnews']) }));
    expect(only.map((i) => i.headline.partnerId)).toEqual(['hotnews']);
  });

  it('never shows an excluded category, compared case- and diacritics-insensitively', () => {
    const r = idx.rank(
      query({ title: 'guvernul', excludeCategories: ['POLITICA'], limit: 20, maxPerOutlet: 5 }),
    );
    expect(r.some((i) => i.headline.category === 'Politică' || i.headline.category === 'Politica')).toBe(
      false,
    );
    expect(r.length).toBeGreaterThan(0);
  });

  it('never shows excluded ids or expired headlines, even unpruned', () => {
    const expired = headline('libertatea', 'FCSB Rapid derby fotbal', {
      expiresAt: new Date(NOW).toISOString(),
    });
    const local = indexOf([...all, expired]);
    const blocked = sport[1]?.id ?? '';
    const r = local.rank(
      query({ title: 'FCSB Rapid derby fotbal', excludeIds: new Set([blocked]), limit: 20 }),
    );
    const ids = r.map((i) => i.headline.id);
    expect(ids).not.toContain(expired.id);
    expect(ids).not.toContain(blocked);
  });

  it('never shows the article itself, whatever the URL decoration', () => {
    const host = politics[0] ?? headline('x', 'x');
    const r = idx.rank(
      query({ articleUrl: `${host.url}/#top`, title: host.title, limit: 20, maxPerOutlet: 9 }),
    );
    expect(r.map((i) => i.headline.id)).not.toContain(host.id);
  });
});
