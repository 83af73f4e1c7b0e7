import { describe, expect, it } from 'vitest';
import type { Headline } from '../domain.js';
import type { RankedItem } from '../ranking/index.js';
import { rerank } from './rerank.js';

describe('rerank (post-processing of the ranked list)', () => {
  const h = (id: string, partnerId: string): Headline => ({
    id,
    partnerId,
    url: `https://www.${partnerId}.ro/${id}`,
    title: id,
    tags: [],
    publishedAt: '2026-11-29T08:00:00Z',
    expiresAt: '2026-12-02T08:00:00Z',
    updatedAt: '2026-11-29T08:00:00Z',
  });
  const item = (
    id: string,
    partnerId: string,
    score: number,
    relevant = true,
    relevance = score,
  ): RankedItem => ({
    headline: h(id, partnerId),
    kind: { id, partnerId },
    score,
    relevance,
    reason: relevant ? 'relevant' : 'fallback',
  });
  const ranked = [
    item('a1', 'a', 0.9),
    item('b1', 'b', 0.8),
    item('a2', 'a', 0.7),
    item('c1', 'c', 0.6),
    item('d1', 'd', 0.1, false),
    item('e1', 'e', 0.5, false),
    item('b2', 'b', 0.4, false),
  ];
  const ids = (list: Headline[]) => list.map((x) => x.id);

  it('keeps the ranker order with factors of 1, and relevance tiers always', () => {
    expect(ids(rerank({ ranked, limit: 6, maxPerOutlet: 2 }))).toEqual(['a1', 'b1', 'a2', 'c1', 'd1', 'e1']);
    // A huge boost reorders within the fallback tier but never above a relevant item.
    const boosted = rerank({
      ranked,
      limit: 6,
      maxPerOutlet: 2,
      factor: (i) => (i.headline.partnerId === 'e' ? 100 : 1),
    });
    expect(ids(boosted)).toEqual(['a1', 'b1', 'a2', 'c1', 'e1', 'd1']);
  });

  it('places pins, counts them against maxPerOutlet and fills from the rest', () => {
    const pins = [
      { headline: h('a9', 'a'), position: 1 },
      { headline: h('a8', 'a'), position: 3 },
      { headline: h('a7', 'a'), position: 2 },
    ];
    const out = rerank({ ranked, limit: 5, maxPerOutlet: 2, pins });
    // a8 would be a third item of outlet a: dropped, the others keep their places.
    expect(ids(out)).toEqual(['a9', 'a7', 'b1', 'c1', 'd1']);
  });

  it('with comparableOnly, takes beyond the limit only items as relevant as the ranker chose', () => {
    // Scores (relevance × freshness × CTR) sort the list; relevance alone decides who is comparable.
    const wide = [...ranked.slice(0, 3), item('x1', 'x', 0.65, true, 0.75), item('y1', 'y', 0.6, true, 0.65)];
    const favourY = (i: RankedItem) => (i.headline.partnerId === 'y' ? 10 : 1);
    // Limit 3: the chosen ones' least relevance is 0.7, so x1 (0.75) may enter and y1 (0.65) may not.
    expect(
      ids(rerank({ ranked: wide, limit: 3, maxPerOutlet: 2, comparableOnly: true, factor: favourY })),
    ).toEqual(['a1', 'b1', 'a2']);
    const favourX = (i: RankedItem) => (i.headline.partnerId === 'x' ? 10 : 1);
    expect(
      ids(rerank({ ranked: wide, limit: 3, maxPerOutlet: 2, comparableOnly: true, factor: favourX })),
    ).toEqual(['x1', 'a1', 'b1']);
  });

  it('with a learned order, reorders the relevant tier (entering from beyond the limit), never the fallback one', () => {
    // Readers love c1 and the fallback e1; the relevant tier comes first whatever they love, reordered by it.
    const learned = (i: RankedItem) => ({ c1: 5, e1: 100, b1: 0.1 })[i.headline.id as 'c1'] ?? 1;
    const out = rerank({ ranked, limit: 4, maxPerOutlet: 2, learned, comparableOnly: true });
    expect(ids(out)).toEqual(['c1', 'a1', 'a2', 'b1']);
    const short = [item('a1', 'a', 0.9), item('e1', 'e', 0.5, false), item('d1', 'd', 0.1, false)];
    expect(ids(rerank({ ranked: short, limit: 2, maxPerOutlet: 2, learned }))).toEqual(['a1', 'e1']);
    // Fallback items keep the ranker's order however much readers seem to like d1.
    const likesD = (i: RankedItem) => (i.headline.id === 'd1' ? 9 : 1);
    expect(ids(rerank({ ranked: short, limit: 3, maxPerOutlet: 2, learned: likesD }))).toEqual([
      'a1',
      'e1',
      'd1',
    ]);
  });
});
