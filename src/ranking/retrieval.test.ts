import { describe, expect, it } from 'vitest';
import type { Headline } from '../domain.js';
import { collectRelevant } from './retrieval.js';
import { hardRules } from './rules.js';
import type { Stages } from './stages.js';
import {
  economySections,
  headline,
  indexOf,
  nth,
  politics,
  query,
  sport,
  stagesOf,
  worldSections,
} from './test-fixtures.js';
import type { RankQuery } from './types.js';

describe('relevance', () => {
  it('ranks a title match above a summary-only match (BM25F field weights)', () => {
    const inTitle = headline('a', 'Inflația a crescut din nou');
    const inSummary = headline('b', 'Date noi de la institut', {
      summary: 'Inflația a crescut din nou, arată datele',
    });
    const other = headline('c', 'Meteo: soare și căldură');
    const r = indexOf([inSummary, inTitle, other]).rank(query({ title: 'inflația crește', limit: 2 }));
    expect(r.map((i) => i.headline.id)).toEqual([inTitle.id, inSummary.id]);
    expect(r.every((i) => i.reason === 'relevant')).toBe(true);
  });

  it('weighs rare words above common ones', () => {
    const filler = Array.from({ length: 20 }, (_, i) => headline(`f${i}`, `Guvernul anunță măsura ${i}`));
    const rare = headline('x', 'Referendum pentru autostradă');
    const common = headline('y', 'Guvernul se reunește');
    const r = indexOf([...filler, rare, common]).rank(query({ title: 'guvernul referendum', limit: 2 }));
    expect(r[0]?.headline.id).toBe(rare.id);
  });

  it('matches words without diacritics and other inflections', () => {
    const h = headline('promotor', 'Mașinile electrice se ieftinesc', { category: 'Auto' });
    const r = indexOf([h, ...politics]).rank(query({ title: 'masina electrica', limit: 1 }));
    expect(r[0]?.headline.id).toBe(h.id);
  });

  it('uses the stored headline when the article URL is known, and never returns it', () => {
    const host = sport[0] ?? headline('x', 'x');
    const r = indexOf([...sport, ...politics]).rank(
      query({ articleUrl: host.url, limit: 3, maxPerOutlet: 3 }),
    );
    expect(r.map((i) => i.headline.id)).not.toContain(host.id);
    expect(r[0]?.headline.category).toMatch(/Fotbal|Sport/);
  });

  it('prefers the fresher of two equally relevant items, but relevance beats freshness', () => {
    const old = headline('a', 'Cîrstea finală Cluj aplauze tribune pline', { ageHours: 40 });
    const fresh = headline('b', 'Cîrstea finală Linz vânt ploaie întârziere', { ageHours: 1 });
    const vague = headline('c', 'Turneu de tenis la Paris', { ageHours: 0 });
    const r = indexOf([old, fresh, vague]).rank(query({ title: 'Cîrstea finală', limit: 3 }));
    expect(r.map((i) => i.headline.id).slice(0, 2)).toEqual([fresh.id, old.id]);
  });
});

describe('collectRelevant', () => {
  const tennis = [
    headline('gsp', 'Simona Halep revine pe terenul de tenis', { category: 'Tenis' }),
    headline('prosport', 'Sorana Cîrstea câștigă turneul de la Linz', { category: 'Tenis' }),
    headline('digi24', 'Turneul de tenis de la Cluj aduce jucătoare din top', { category: 'Tenis' }),
  ];
  const s = stagesOf([...sport, ...politics, ...tennis]);
  const candidates = (q: RankQuery) => {
    s.topics.refreshForQuery();
    const allowed = hardRules(s.table, s.topics, q, undefined);
    const terms = s.queries.terms(q, -1);
    s.accumulators.next();
    s.candidates.reset();
    collectRelevant(s, q, -1, allowed, terms);
    const c = s.candidates;
    return new Map(
      Array.from({ length: c.length }, (_, i) => [
        s.table.ids[c.slots[i] ?? 0] ?? '',
        { bm25: c.bm25[i] ?? 0, topic: c.topic[i] ?? 0, relevance: c.relevance[i] ?? 0 },
      ]),
    );
  };

  it('finds word matches with a BM25 score, and items of the article’s topic without one', () => {
    const found = candidates(query({ title: 'Halep' }));
    const halep = found.get(nth(tennis, 0).id);
    expect(halep?.bm25).toBeGreaterThan(0);
    const sameTopic = found.get(nth(tennis, 1).id);
    expect(sameTopic?.bm25).toBe(0);
    expect(sameTopic?.topic).toBeGreaterThan(0.5);
    expect(halep?.relevance).toBeGreaterThan(found.get(nth(politics, 0).id)?.relevance ?? 0);
  });

  it('takes only allowed items', () => {
    const found = candidates(query({ title: 'Halep tenis', excludePartners: new Set(['gsp']) }));
    expect(found.has(nth(tennis, 0).id)).toBe(false);
    expect(found.has(nth(tennis, 2).id)).toBe(true);
  });
});

/** The topic score of each candidate of a page that sends a title only (-1: not a candidate). */
function titleOnlyTopics(s: Stages, title: string): (h: Headline) => number {
  const q = query({ title });
  s.topics.refreshForQuery();
  const allowed = hardRules(s.table, s.topics, q, undefined);
  s.accumulators.next();
  s.candidates.reset();
  collectRelevant(s, q, -1, allowed, s.queries.terms(q, -1));
  const c = s.candidates;
  const byId = new Map<string, number>();
  for (let i = 0; i < c.length; i++) byId.set(s.table.ids[c.slots[i] ?? 0] ?? '', c.topic[i] ?? 0);
  return (h) => byId.get(h.id) ?? -1;
}

describe('a page that sends no section', () => {
  const world = worldSections;
  const economy = economySections;
  const s = stagesOf([...world, ...economy, ...sport]);

  it('leans towards the topic its words gather in, as if that were its section', () => {
    // Economy words and world ones: on their own they split the topic nearly evenly.
    const topic = titleOnlyTopics(s, 'Deficitul bugetar după alegerile anticipate');
    // Neither shares a word with the query: only the topic tells them apart (a world headline that is
    // no candidate at all, the topic having settled on economy, has a topic of 0 for this query).
    const other = Math.max(0, topic(nth(world, 0)));
    expect(topic(nth(economy, 3))).toBeGreaterThan(other + 0.3);
  });
});

describe('a page that sends no section, by its names', () => {
  const tennis = [
    headline('gsp', 'Simona Halep revine pe teren la Cluj', { category: 'Tenis' }),
    headline('gsp', 'Meciul Simonei Halep de la Roma, amânat din cauza ploii', { category: 'Tenis' }),
    headline('prosport', 'Sorana Cîrstea a câștigat turneul de la Linz', { category: 'Tenis' }),
    headline('prosport', 'Turneul de la Cluj aduce jucătoare din top', { category: 'Tenis' }),
    headline('prosport', 'Antrenorul Simonei Halep vorbește despre Wimbledon', { category: 'Tenis' }),
  ];
  const prices = [
    headline('zf', 'Prețurile cresc din nou în magazine', { category: 'Economie' }),
    headline('zf', 'Scumpiri: prețurile la alimente cresc și în aprilie', { category: 'Economie' }),
    headline('mediafax', 'Inflația a urcat la 5%, arată datele INS', { category: 'Economie' }),
    headline('mediafax', 'Cursul euro atinge un nou maxim', { category: 'Economie' }),
  ];
  const s = stagesOf([...tennis, ...prices, ...sport]);

  it('tell its topic more than its common words do', () => {
    // A name the stream knows from tennis; common words it knows from prices.
    const topic = titleOnlyTopics(s, 'Ce spune Halep despre prețurile din magazine');
    // Neither shares a word with the query.
    expect(topic(nth(tennis, 3))).toBeGreaterThan(topic(nth(prices, 3)) + 0.3);
  });
});
