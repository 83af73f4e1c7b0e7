import { describe, expect, it } from 'vitest';
import { headline, indexOf, politics, query, seeded, sport } from './test-fixtures.js';

describe('selection', () => {
  const all = [...sport, ...politics];
  const idx = indexOf(all);

  it('keeps at most maxPerOutlet items of one partner', () => {
    const many = Array.from({ length: 8 }, (_, i) =>
      headline('gsp', `Fotbal: meciul ${i} al etapei, echipa e${i}`),
    );
    const r = indexOf([...many, ...sport]).rank(
      query({ title: 'fotbal meciul etapei', maxPerOutlet: 2, limit: 6 }),
    );
    const perOutlet = new Map<string, number>();
    for (const i of r) perOutlet.set(i.headline.partnerId, (perOutlet.get(i.headline.partnerId) ?? 0) + 1);
    expect(Math.max(...perOutlet.values())).toBeLessThanOrEqual(2);
  });

  it('shows one story once, the best copy', () => {
    const a = headline('digi24', 'BNR a menținut dobânda de politică monetară la 6,5%', { ageHours: 1 });
    const b = headline('mediafax', 'BNR a menţinut dobânda de politica monetara la 6,5%', { ageHours: 3 });
    const c = headline('zf', 'Cursul euro a atins un nou maxim');
    const r = indexOf([a, b, c]).rank(query({ title: 'dobânda BNR', limit: 3 }));
    const ids = r.map((i) => i.headline.id);
    expect(ids).toContain(a.id);
    expect(ids).not.toContain(b.id);
  });

  it('shows one story once when two outlets word it differently (same rare names, same day)', () => {
    const names = [
      headline('adevarul', 'Xi Jinping sprijină Rusia în obținerea de garanții de securitate', {
        category: 'Externe',
        ageHours: 20,
      }),
      headline('romaniatv', 'Putin și Xi Jinping, videoconferință de o oră despre relațiile ruso-chineze', {
        category: 'Externe',
        ageHours: 2,
      }),
      headline('hotnews', 'Ucraina cere noi sisteme de apărare aeriană', { category: 'Externe' }),
      headline('digi24', 'Rusia trimite trupe la granița de nord', { category: 'Externe' }),
    ];
    const r = indexOf(names).rank(query({ title: 'Xi Jinping și Rusia', section: 'Externe' }));
    const ids = r.map((i) => i.headline.id);
    expect(ids.filter((id) => id === names[0]?.id || id === names[1]?.id)).toHaveLength(1);
  });

  it('falls back to the freshest allowed headlines, never empty', () => {
    const r = idx.rank(query({ title: 'xyzzy qwerty', limit: 4, excludePartners: new Set(['gsp']) }));
    expect(r).toHaveLength(4);
    expect(r.every((i) => i.reason === 'fallback')).toBe(true);
    expect(r.some((i) => i.headline.partnerId === 'gsp')).toBe(false);
    const published = r.map((i) => Date.parse(i.headline.publishedAt));
    expect([...published].sort((x, y) => y - x)).toEqual(published);
    expect(idx.rank(query({ limit: 2 }))).toHaveLength(2);
  });

  it('fills after the relevant items when too few are relevant', () => {
    const r = idx.rank(query({ title: 'remaniere guvern', limit: 7, maxPerOutlet: 1 }));
    expect(r).toHaveLength(7);
    expect(r[0]?.reason).toBe('relevant');
    expect(r.at(-1)?.reason).toBe('fallback');
  });
});

describe('learning from clicks (Thompson sampling)', () => {
  // Ten equally relevant headlines: same length, same category, same age, distinct apart from the query word.
  const words = ['alfa', 'bravo', 'delta', 'ecou', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo'];
  const items = words.map((w, i) =>
    headline(`p${i}`, `Vaccinul ${w} ${w}ul ${w}ia`, { category: 'Sănătate' }),
  );
  const idx = indexOf(items);
  const star = items[3]?.id ?? '';
  const unseen = items[7]?.id ?? '';
  const engagement = (id: string) => {
    if (id === star) return { impressions: 1000, clicks: 120 };
    if (id === unseen) return undefined;
    return { impressions: 1000, clicks: 20 };
  };

  it('moves a much-clicked headline into the top 3 and still explores unseen ones', () => {
    const random = seeded(42);
    let starTop3 = 0;
    let unseenShown = 0;
    const runs = 200;
    for (let i = 0; i < runs; i++) {
      const r = idx.rank(query({ title: 'vaccinul', limit: 3, engagement, random }));
      const ids = r.map((x) => x.headline.id);
      if (ids.includes(star)) starTop3++;
      if (ids.includes(unseen)) unseenShown++;
    }
    expect(starTop3).toBeGreaterThan(runs * 0.9);
    expect(unseenShown).toBeGreaterThan(0);
    expect(unseenShown).toBeLessThan(runs);
  });

  it('is reproducible with a seeded random source', () => {
    const a = idx.rank(query({ title: 'vaccinul', engagement, random: seeded(3) })).map((x) => x.headline.id);
    const b = idx.rank(query({ title: 'vaccinul', engagement, random: seeded(3) })).map((x) => x.headline.id);
    expect(a).toEqual(b);
  });
});
