import { describe, expect, it } from 'vitest';
import { headline, politics, query, slotOf, sport, stagesOf, termIdsOf } from './test-fixtures.js';
import { terms as dictionary } from './text.js';

describe('QueryAnalyzer', () => {
  const host = headline('digi24', 'Autostrada Moldovei primește finanțare europeană', {
    tags: ['infrastructură'],
    summary: 'Ministerul Transporturilor a semnat contractul',
    category: 'Economie',
  });
  const s = stagesOf([...sport, ...politics, host]);
  const weights = (q: Parameters<typeof s.queries.terms>[0], slot = -1) => {
    const t = s.queries.terms(q, slot);
    return new Map(t.ids.map((id, i) => [id, [t.bm[i], t.nb[i]]]));
  };

  it('weighs title words above keywords above the section, known words only', () => {
    const [guvern = -1, buget = -1] = termIdsOf(s, 'guvernul bugetul');
    const [fotbal = -1] = termIdsOf(s, 'fotbal');
    const w = weights(query({ title: 'Guvernul și xyzzyq', keywords: ['bugetul'], section: 'Fotbal' }));
    expect(w.get(guvern)).toEqual([1, 2]);
    expect(w.get(buget)).toEqual([1, 1]);
    expect(w.get(fotbal)).toEqual([0.5, 1]);
    expect(w.size).toBe(3);
  });

  it('reads a page without a title from its URL slug', () => {
    const [rapid = -1] = termIdsOf(s, 'rapid');
    const w = weights(query({ articleUrl: 'https://www.gsp.ro/sport/rapid-transfer-99.html' }));
    expect(w.get(rapid)).toEqual([0.8, 1.5]);
  });

  it('lets an unknown word borrow its closest known stems by prefix, at half weight', () => {
    const [autostrada = -1, unknown = -1] = termIdsOf(s, 'autostrada autostrăzile');
    expect(unknown).toBe(-1);
    const w = weights(query({ title: 'autostrăzile' }));
    expect([...w]).toEqual([[autostrada, [0.5, 1]]]);
  });

  it('reads a stored host article from its fields: title, tags, category, summary', () => {
    const [title = -1, tag = -1, summary = -1, category = -1] = termIdsOf(
      s,
      'autostrada infrastructură contractul economie',
    );
    const w = weights(query({}), slotOf(s, host));
    expect(w.get(title)).toEqual([1, 2]);
    expect(w.get(tag)).toEqual([0.7, 1]);
    expect(w.get(summary)).toEqual([0.4, 1]);
    expect(w.get(category)).toEqual([0.5, 1]);
  });

  it('gives the known title words of a query title, sorted and unique', () => {
    const ids = [...s.queries.titleIds('Rapid, Rapid și Guvernul xyzzyq')];
    expect(ids).toEqual([...new Set(termIdsOf(s, 'rapid guvernul'))].sort((a, b) => a - b));
    expect(s.queries.titleIds(undefined)).toHaveLength(0);
  });

  it('analyses a query title once per query: a one-off title is no second sight for the cache', () => {
    const title = 'Guvernul anunță bugetul pentru Rapid';
    const before = s.queries.cachedTexts;
    for (let round = 1; round <= 2; round++) {
      s.queries.terms(query({ title }), -1);
      s.queries.titleIds(title);
      // The first query reads it for its terms and its title ids: one sight, not cached; the second caches it.
      expect(s.queries.cachedTexts).toBe(before + round - 1);
    }
  });

  it("reads strangers' words without adding them to the shared dictionary (issue 18)", () => {
    const forms = dictionary.forms;
    const names = dictionary.names.length;
    const strange = (i: number) => `zq${i.toString(36)}${'x'.repeat(20)}`;
    for (let i = 0; i < 2_000; i++) {
      s.queries.terms(
        query({ title: `Guvernul ${strange(i)}`, keywords: [strange(i + 1)], section: strange(i + 2) }),
        -1,
      );
      s.queries.titleIds(`${strange(i)} Rapid`);
    }
    expect(dictionary.forms).toBe(forms);
    expect(dictionary.names.length).toBe(names);
  });

  it('still matches a form no headline used to its known stem', () => {
    const [guvern = -1] = termIdsOf(s, 'guvernul');
    const before = dictionary.forms;
    const w = weights(query({ title: 'Guvernele' }));
    expect(w.get(guvern)).toEqual([1, 2]);
    expect([...s.queries.titleIds('Guvernele')]).toEqual([guvern]);
    expect(dictionary.forms).toBe(before);
  });
});
