import { describe, expect, it } from 'vitest';
import type { Headline } from '../domain.js';
import type { RankedItem } from '../ranking/index.js';
import {
  answerContext,
  type Counts,
  type CountsDelta,
  contextHash,
  contextKey,
  LearningModel,
  learningKeys,
  priorPositionWeight,
} from './learning.js';

/** Counters in a map, added to as the service does. */
function counters() {
  const map = new Map<string, Counts>();
  const add = (deltas: CountsDelta[]) => {
    for (const d of deltas) {
      const c = map.get(d.key) ?? { clicks: 0, exposure: 0 };
      c.clicks += d.clicks;
      c.exposure += d.exposure;
      map.set(d.key, c);
    }
  };
  return { map, add, model: () => new LearningModel((k) => map.get(k)) };
}

const h = (id: string, partnerId = 'gsp', category = 'Sport') => ({ id, partnerId, category });

/** A ranked candidate of gsp. */
const item = (id: string, category: string | undefined, relevance: number, relevant = true): RankedItem => ({
  headline: {
    id,
    partnerId: 'gsp',
    url: `https://www.gsp.ro/${id}`,
    title: id,
    tags: [],
    publishedAt: '2026-11-29T08:00:00Z',
    expiresAt: '2026-12-02T08:00:00Z',
    updatedAt: '2026-11-29T08:00:00Z',
    ...(category === undefined ? {} : { category }),
  } satisfies Headline,
  kind: { id, partnerId: 'gsp', ...(category === undefined ? {} : { category }) },
  score: relevance,
  relevance,
  reason: relevant ? 'relevant' : 'fallback',
});

/** n viewables of a sport headline at the top of boxes in a context, clicked when `clicked(i)`. */
function shown(
  c: ReturnType<typeof counters>,
  model: LearningModel,
  id: string,
  context: string,
  n: number,
  clicked: (i: number) => boolean,
) {
  for (let i = 0; i < n; i++) {
    c.add(model.deltas('viewable', h(id), context, 0));
    if (clicked(i)) c.add(model.deltas('click', h(id), context, 0));
  }
}

describe('learning model', () => {
  it('credits a click at a low position more than one at the top (examination model)', () => {
    const c = counters();
    const model = c.model();
    // Two headlines, each viewable 10 times and clicked twice: one always at position 0, one at position 5.
    for (let i = 0; i < 10; i++) {
      c.add(model.deltas('viewable', h('top'), 'sport', 0));
      c.add(model.deltas('viewable', h('low'), 'sport', 5));
    }
    for (let i = 0; i < 2; i++) {
      c.add(model.deltas('click', h('top'), 'sport', 0));
      c.add(model.deltas('click', h('low'), 'sport', 5));
    }
    const after = c.model();
    expect(after.posterior(h('low'), 'sport').mean).toBeGreaterThan(after.posterior(h('top'), 'sport').mean);
    // The low one's exposure is 10 × w(5), the prior curve before position data.
    expect(c.map.get(learningKeys.headline('low', 'sport'))?.exposure).toBeCloseTo(
      10 * priorPositionWeight(5),
    );
  });

  it('learns the position curve from clicks against what the estimates expected there', () => {
    const c = counters();
    // At position 3 readers click half as often as the estimates expect of the same headlines at the top.
    c.map.set(learningKeys.position(0), { clicks: 400, exposure: 400 });
    c.map.set(learningKeys.position(3), { clicks: 200, exposure: 400 });
    const w = c.model().positionWeights();
    expect(w[0]).toBe(1);
    expect(w[3]).toBeGreaterThan(0.45);
    expect(w[3]).toBeLessThan(0.55);
    // Never rising further down; unmeasured positions keep (at most) the prior curve.
    for (let p = 1; p < w.length; p++) expect(w[p]).toBeLessThanOrEqual(w[p - 1] ?? 1);
  });

  it('starts a new headline from what its kind earns in the context, and keeps contexts apart', () => {
    const c = counters();
    const model = c.model();
    // Sport headlines of gsp are clicked a lot on sport articles; politics ones of digi24 rarely.
    for (let i = 0; i < 40; i++) {
      c.add(model.deltas('viewable', h(`s${i}`), 'sport', 0));
      c.add(model.deltas('viewable', h(`p${i}`, 'digi24', 'Politică'), 'sport', 0));
      if (i % 2 === 0) c.add(model.deltas('click', h(`s${i}`), 'sport', 0));
      if (i % 20 === 0) c.add(model.deltas('click', h(`p${i}`, 'digi24', 'Politică'), 'sport', 0));
    }
    const m = c.model();
    const newSport = m.posterior(h('new-s'), 'sport').mean;
    const newPolitics = m.posterior(h('new-p', 'digi24', 'Politică'), 'sport').mean;
    expect(newSport).toBeGreaterThan(3 * newPolitics);
    // In another context, nothing was learned of either kind yet: both start from the same place.
    expect(m.posterior(h('new-s'), 'politica').mean).toBeCloseTo(
      m.posterior(h('new-p', 'digi24', 'Politică'), 'politica').mean,
    );
  });

  it('explores less as evidence grows: the optimism bonus shrinks with viewable exposure', () => {
    const c = counters();
    // Sport headlines on sport articles are clicked on one viewable in five: what a new one starts from.
    for (let i = 0; i < 500; i++) {
      c.add(c.model().deltas('viewable', h(`other${i % 50}`), 'sport', 0));
      if (i % 5 === 0) c.add(c.model().deltas('click', h(`other${i % 50}`), 'sport', 0));
    }
    const model = c.model();
    const bonuses: number[] = [];
    // A headline clicked as often, measured after 0, 10, 50, 200 and 800 viewables.
    for (const n of [0, 10, 50, 200, 800]) {
      for (let i = c.map.get(learningKeys.headline('known', 'sport'))?.exposure ?? 0; i < n; i++) {
        c.add(model.deltas('viewable', h('known'), 'sport', 0));
        if (i % 5 === 0) c.add(model.deltas('click', h('known'), 'sport', 0));
      }
      bonuses.push(c.model().value(h('known'), 'sport').bonus);
    }
    for (let i = 1; i < bonuses.length; i++) expect(bonuses[i]).toBeLessThan(bonuses[i - 1] ?? 0);
    // Fading as 1/√n: 16× the evidence, about a quarter of the bonus.
    expect((bonuses[4] ?? 0) / (bonuses[2] ?? 1)).toBeLessThan(0.4);
    const m = c.model();
    // The value is the mean plus the bonus, and the bonus of an untried headline is several times larger.
    const known = m.value(h('known'), 'sport');
    expect(known.value).toBeCloseTo(known.mean + known.bonus);
    expect(m.value(h('untried'), 'sport').bonus).toBeGreaterThan(5 * known.bonus);
  });

  it('drops a well-evidenced low click-through headline below an untried one, and keeps a strong one above', () => {
    const c = counters();
    const model = c.model();
    shown(c, model, 'weak', 'sport', 200, (i) => i % 100 === 0);
    shown(c, model, 'strong', 'sport', 200, (i) => i % 5 < 2);
    const m = c.model();
    const value = (id: string) => m.value(h(id), 'sport').value;
    expect(value('weak')).toBeLessThan(value('untried'));
    expect(value('untried')).toBeLessThan(value('strong'));
    // In a list, the same order: the weak headline goes last although the ranker put it first.
    const values = m.values(
      [item('weak', 'Sport', 1), item('untried', 'Sport', 1), item('strong', 'Sport', 1)],
      'sport',
    );
    expect([...values].sort((a, b) => b[1] - a[1]).map(([id]) => id)).toEqual(['strong', 'untried', 'weak']);
  });

  it('pools a headline across contexts: its clicks in one context lift it in another', () => {
    const c = counters();
    const model = c.model();
    // Two sport headlines of the same kind on sport articles: readers click one half the time, the other rarely.
    shown(c, model, 'liked', 'sport', 30, (i) => i % 2 === 0);
    shown(c, model, 'plain', 'sport', 30, (i) => i % 10 === 0);
    const m = c.model();
    // On tennis articles neither was shown yet: the liked one starts above one never shown, the plain one below.
    const tennis = (id: string) => m.posterior(h(id), 'tenis').mean;
    expect(tennis('liked')).toBeGreaterThan(1.5 * tennis('never-shown'));
    expect(tennis('plain')).toBeLessThan(tennis('never-shown'));
  });

  it('lifts a headline only by what it earned in other contexts, however its kind moved since', () => {
    const c = counters();
    // Sport headlines are clicked a lot while 'x' is shown on sport articles (its expected clicks there are
    // counted at that high rate), then many unclicked views bring the kind's rate down.
    for (let i = 0; i < 200; i++) {
      c.add(c.model().deltas('viewable', h(`hot${i % 20}`), 'sport', 0));
      if (i % 2 === 0) c.add(c.model().deltas('click', h(`hot${i % 20}`), 'sport', 0));
    }
    shown(c, c.model(), 'x', 'sport', 20, (i) => i % 4 === 0);
    for (let i = 0; i < 2000; i++) c.add(c.model().deltas('viewable', h(`cold${i % 50}`), 'sport', 0));
    const m = c.model();
    const own = c.map.get(learningKeys.headline('x', 'sport')) ?? { clicks: 0, exposure: 0 };
    // Never shown anywhere else: no lift at all, its kind's rate now and its own data.
    const kind = m.kindRate(h('x'), 'sport');
    const withoutLift = (kind * 16 + own.clicks) / (16 + own.exposure);
    expect(m.posterior(h('x'), 'sport').mean).toBeCloseTo(withoutLift, 6);
  });

  it('names an answer context by the category carrying most relevance among the best relevant items', () => {
    expect(answerContext([item('a', 'Fotbal', 0.9), item('b', 'Tenis', 0.5), item('c', 'Tenis', 0.5)])).toBe(
      'tenis',
    );
    expect(answerContext([item('a', undefined, 0.9), item('b', 'Știri', 0.2, false)], 'Sport')).toBe('sport');
    expect(answerContext([])).toBe('');
    expect(contextKey(undefined)).toBe('');
    expect(contextKey(contextHash('sport'))).toMatch(/^[0-9a-f]{8}$/);
  });
});
