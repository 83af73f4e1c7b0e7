import { describe, expect, it } from 'vitest';
import type { Headline } from '../domain.js';
import type { RankedItem } from '../ranking/index.js';
import { seeded } from '../ranking/test-fixtures.js';
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

  it('explores less as evidence grows: draws of a well-known headline spread far less', () => {
    const c = counters();
    const model = c.model();
    for (let i = 0; i < 400; i++) c.add(model.deltas('viewable', h('known'), 'sport', 0));
    for (let i = 0; i < 80; i++) c.add(model.deltas('click', h('known'), 'sport', 0));
    const m = c.model();
    const random = seeded(5);
    const spread = (id: string) => {
      const xs = Array.from({ length: 400 }, () => m.sample(h(id), 'sport', 1, random));
      const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
      return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length) / mean;
    };
    expect(spread('known')).toBeLessThan(0.15);
    expect(spread('unknown')).toBeGreaterThan(3 * spread('known'));
  });

  it('names an answer context by the category carrying most relevance among the best relevant items', () => {
    const item = (
      id: string,
      category: string | undefined,
      relevance: number,
      relevant = true,
    ): RankedItem => ({
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
      score: relevance,
      relevance,
      reason: relevant ? 'relevant' : 'fallback',
    });
    expect(answerContext([item('a', 'Fotbal', 0.9), item('b', 'Tenis', 0.5), item('c', 'Tenis', 0.5)])).toBe(
      'tenis',
    );
    expect(answerContext([item('a', undefined, 0.9), item('b', 'Știri', 0.2, false)], 'Sport')).toBe('sport');
    expect(answerContext([])).toBe('');
    expect(contextKey(undefined)).toBe('');
    expect(contextKey(contextHash('sport'))).toMatch(/^[0-9a-f]{8}$/);
  });
});
