import { describe, expect, it } from 'vitest';
import { blockedPartners } from './rules.js';
import { select } from './selection.js';
import { headline, indexOf, nth, politics, query, seeded, sport, stagesOf } from './test-fixtures.js';
import type { RankedItem } from './types.js';

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

  it('ends the freshest-first fill once no outlet can add a card, however many headlines one outlet has', () => {
    const small = headline('zf', 'Cursul euro a atins un nou maxim', { ageHours: 0.5 });
    // Titles of words no two share: no two are the same story.
    const word = (i: number) =>
      `k${[...i.toString(26)].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('')}`;
    const big = Array.from({ length: 3_000 }, (_, i) =>
      headline('gsp', `${word(i)} ${word(i + 5_000)}`, { ageHours: 1 + i / 100 }),
    );
    const s = stagesOf([small, ...big]);
    let visited = 0;
    const walk = s.table.byTime.forEachNewest.bind(s.table.byTime);
    s.table.byTime.forEachNewest = (visit) =>
      walk((slot) => {
        visited++;
        return visit(slot);
      });
    s.candidates.reset();
    const q = query({ limit: 6, maxPerOutlet: 2 });
    let checked = 0;
    const box = select(s, q, {
      limit: 6,
      maxPerOutlet: 2,
      random: Math.random,
      allowed: () => ++checked > 0,
      blocked: blockedPartners(s.table, q),
      hostTitle: new Int32Array(0),
    });
    expect(box.map((i) => i.headline.partnerId)).toEqual(['zf', 'gsp', 'gsp']);
    expect(visited).toBeLessThanOrEqual(4);
    expect(checked).toBe(3);
  });

  it('shows one story once, the best copy, while other headlines fill the box', () => {
    const a = headline('digi24', 'BNR a menținut dobânda de politică monetară la 6,5%', { ageHours: 1 });
    const b = headline('mediafax', 'BNR a menţinut dobânda de politica monetara la 6,5%', { ageHours: 3 });
    const c = headline('zf', 'Cursul euro a atins un nou maxim');
    const idx = indexOf([a, b, c]);
    const two = idx.rank(query({ title: 'dobânda BNR', limit: 2 })).map((i) => i.headline.id);
    expect(two).toEqual([a.id, c.id]);
    // Nothing else is allowed: the repeat fills the box, after every other headline.
    const three = idx.rank(query({ title: 'dobânda BNR', limit: 3 })).map((i) => i.headline.id);
    expect(three).toEqual([a.id, c.id, b.id]);
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
    const r = indexOf(names).rank(query({ title: 'Xi Jinping și Rusia', section: 'Externe', limit: 3 }));
    const ids = r.map((i) => i.headline.id);
    expect(ids).toHaveLength(3);
    expect(ids.filter((id) => id === names[0]?.id || id === names[1]?.id)).toHaveLength(1);
    // With room for all four, the second telling comes last.
    const all = indexOf(names).rank(query({ title: 'Xi Jinping și Rusia', section: 'Externe', limit: 6 }));
    expect(all).toHaveLength(4);
    expect([names[0]?.id, names[1]?.id]).toContain(all[3]?.headline.id);
  });

  describe('a full box: repeats rank lower, never empty the box', () => {
    const numbers = ['unu', 'doi', 'trei', 'patru', 'cinci', 'șase', 'șapte', 'opt'];
    const outlets = ['gsp', 'prosport', 'digi24', 'mediafax'];
    // Sixteen fresh, on-topic headlines of four outlets, all one story by their words.
    const derby = Array.from({ length: 16 }, (_, i) =>
      headline(nth(outlets, i % 4), `Superliga de fotbal: derby la echipa ${nth(numbers, i % 8)}`, {
        category: 'Sport',
        ageHours: 1 + i / 10,
      }),
    );
    const idx = indexOf(derby);
    const perOutlet = (r: RankedItem[]) => {
      const m = new Map<string, number>();
      for (const i of r) m.set(i.headline.partnerId, (m.get(i.headline.partnerId) ?? 0) + 1);
      return Math.max(...m.values());
    };

    it('gives `limit` cards for the title, title and section, and no words at all', () => {
      for (const ask of [
        { title: 'Superliga de fotbal: derby la echipa unu' },
        { title: 'Superliga de fotbal: derby la echipa unu', section: 'Sport' },
        { title: 'Superliga de fotbal', section: 'Sport' },
        {},
      ]) {
        const r = idx.rank(query({ ...ask, limit: 6, maxPerOutlet: 2 }));
        expect(r, JSON.stringify(ask)).toHaveLength(6);
        expect(new Set(r.map((i) => i.headline.id)).size).toBe(6);
        expect(perOutlet(r)).toBeLessThanOrEqual(2);
      }
    });

    it('keeps the per-outlet cap hard: four outlets, two each, at most eight cards', () => {
      const r = idx.rank(query({ title: 'Superliga de fotbal: derby la echipa unu', limit: 12 }));
      expect(r).toHaveLength(8);
      expect(perOutlet(r)).toBe(2);
    });

    it('keeps the other hard rules hard: own outlet, blocked partners, exclusions, expired', () => {
      const expired = headline('hotnews', 'Superliga de fotbal: derby la echipa nouă', {
        category: 'Sport',
        ageHours: 80,
      });
      const excludedCat = headline('adevarul', 'Superliga de fotbal: derby la echipa zece', {
        category: 'Fotbal',
      });
      const withMore = indexOf([...derby, expired, excludedCat]);
      const article = nth(derby, 0);
      const r = withMore.rank(
        query({
          articleUrl: article.url,
          limit: 20,
          excludePartners: new Set(['prosport']),
          includePartners: new Set(['gsp', 'digi24', 'mediafax', 'hotnews', 'adevarul']),
          excludeCategories: ['fotbal'],
          excludeIds: new Set([nth(derby, 2).id]),
          maxPerOutlet: 3,
        }),
      );
      const ids = r.map((i) => i.headline.id);
      expect(ids).not.toContain(article.id);
      expect(ids).not.toContain(nth(derby, 2).id);
      expect(ids).not.toContain(expired.id);
      expect(ids).not.toContain(excludedCat.id);
      expect(r.some((i) => i.headline.partnerId === 'prosport')).toBe(false);
      // Three each: gsp (four, the article itself left out), digi24 (four, one excluded by id), mediafax
      // (four, capped at three).
      expect(r).toHaveLength(9);
      expect(perOutlet(r)).toBe(3);
    });

    it('puts other stories first and the repeats after them', () => {
      const others = [
        headline('gsp', 'Rapid a transferat un atacant din Serbia', { category: 'Sport', ageHours: 5 }),
        headline('prosport', 'Naționala de handbal s-a calificat la Mondial', {
          category: 'Sport',
          ageHours: 6,
        }),
        headline('digi24', 'Simona Halep joacă finala turneului de la Cluj', {
          category: 'Sport',
          ageHours: 7,
        }),
        headline('mediafax', 'Lotul de înot pleacă la Europene', { category: 'Sport', ageHours: 8 }),
      ];
      const r = indexOf([...derby, ...others]).rank(
        query({ title: 'Superliga de fotbal: derby la echipa unu', section: 'Sport', limit: 6 }),
      );
      expect(r).toHaveLength(6);
      const isDerby = r.map((i) => i.headline.title.startsWith('Superliga'));
      // At most one telling of the article's story before the other stories; the rest only after them.
      const firstOther = isDerby.indexOf(false);
      const lastOther = isDerby.lastIndexOf(false);
      expect(isDerby.slice(0, firstOther).length).toBeLessThanOrEqual(1);
      expect(isDerby.slice(firstOther, lastOther + 1).every((d) => !d)).toBe(true);
      expect(isDerby.filter((d) => !d)).toHaveLength(4);
    });
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
