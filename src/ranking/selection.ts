import { topBy } from './heap.js';
import { ctrFactor, freshness, isNearDuplicate, pooledCtr } from './scoring.js';
import type { Stages } from './stages.js';
import { HOST_DUPLICATE } from './stories.js';
import type { Engagement, RankedItem, RankQuery } from './types.js';

/** Relevance from which a candidate is relevant; below it but still on topic, it is preferred to merely fresh. */
const RELEVANT_AT = 0.3;
const WEAK_AT = 0.08;
/** Candidates that get a click-through sample and a place in the final order. */
const SCORED_POOL = 40;
/** Newest headlines looked at for the freshest-first fill. */
const FALLBACK_SCAN = 20_000;

export type SelectionParts = Pick<Stages, 'table' | 'arena' | 'stories' | 'candidates'>;

export interface Answer {
  limit: number;
  maxPerOutlet: number;
  random: () => number;
  allowed: (slot: number) => boolean;
  /** Sorted unique title term ids of the host article (for the host-duplicate test). */
  hostTitle: Int32Array;
}

/** The answer's items, best first, from the candidates of the query. */
export function select(parts: SelectionParts, q: RankQuery, a: Answer): RankedItem[] {
  const { table, arena, stories, candidates: c } = parts;
  // Scores: relevance × freshness × click-through factor (bounded, see ctrFactor), for the best of
  // each group only: a factor within [1/1.3, 1.3] cannot lift anything from further down.
  const ranked: number[] = [];
  const weak: number[] = [];
  for (let i = 0; i < c.length; i++) {
    const rel = c.relevance[i] ?? 0;
    if (rel < WEAK_AT) continue;
    const slot = c.slots[i] ?? 0;
    c.score[i] = rel * freshness(q.nowMs - (table.pub[slot] ?? 0), table.halfLife[slot] ?? 24);
    (rel >= RELEVANT_AT ? ranked : weak).push(i);
  }
  // Ties (relevance is capped at 1) go to the stronger word match.
  const byScore = (x: number, y: number) =>
    (c.score[y] ?? 0) - (c.score[x] ?? 0) || (c.bm25[y] ?? 0) - (c.bm25[x] ?? 0);
  const pool = topBy(ranked, SCORED_POOL, c.score);
  const weakPool = topBy(weak, SCORED_POOL, c.score);
  if (q.engagement !== undefined) {
    const stats: Engagement[] = [];
    const seen: Array<Engagement | undefined> = [];
    for (const i of [...pool, ...weakPool]) {
      const e = q.engagement(table.ids[c.slots[i] ?? 0] ?? '');
      seen.push(e);
      if (e !== undefined) stats.push(e);
    }
    const ctr0 = pooledCtr(stats);
    let k = 0;
    for (const i of [...pool, ...weakPool])
      c.score[i] = (c.score[i] ?? 0) * ctrFactor(seen[k++], ctr0, a.random);
  }
  pool.sort(byScore);
  weakPool.sort(byScore);

  const out: RankedItem[] = [];
  const perOutlet = new Map<number, number>();
  const chosen: number[] = [];
  const chosenTitles: Int32Array[] = [];
  const take = (slot: number): boolean => {
    const outlet = table.partner[slot] ?? 0;
    if ((perOutlet.get(outlet) ?? 0) >= a.maxPerOutlet) return false;
    const title = arena.titleIds(slot);
    // The article's own story told by another outlet (a stricter test: a short query title is no story).
    if (isNearDuplicate(a.hostTitle, title, HOST_DUPLICATE)) return false;
    // Same story as an item already chosen: keep the first (best) one only.
    for (let k = 0; k < chosen.length; k++)
      if (stories.same(chosen[k] ?? 0, chosenTitles[k] ?? title, slot, title)) return false;
    perOutlet.set(outlet, (perOutlet.get(outlet) ?? 0) + 1);
    chosen.push(slot);
    chosenTitles.push(title);
    return true;
  };
  const emit = (i: number, reason: RankedItem['reason']) => {
    const slot = c.slots[i] ?? 0;
    if (out.length >= a.limit || table.ids[slot] === undefined || !take(slot)) return;
    const headline = table.headlineAt(slot);
    if (headline === undefined) return;
    out.push({ headline, score: c.score[i] ?? 0, relevance: c.relevance[i] ?? 0, reason });
  };
  for (const i of pool) emit(i, 'relevant');
  // Fallback, first what is weakly on topic, then the freshest allowed headlines, under the same rules.
  for (const i of weakPool) emit(i, 'fallback');
  if (out.length < a.limit) {
    let scanned = 0;
    table.byTime.forEachNewest((slot) => {
      if (out.length >= a.limit || scanned++ > FALLBACK_SCAN) return false;
      if (table.ids[slot] === undefined || !a.allowed(slot) || chosen.includes(slot)) return true;
      if (!take(slot)) return true;
      const headline = table.headlineAt(slot);
      if (headline === undefined) return true;
      const i = c.indexOf(slot);
      const relevance = i < 0 ? 0 : (c.relevance[i] ?? 0);
      out.push({
        headline,
        score: relevance * freshness(q.nowMs - (table.pub[slot] ?? 0), table.halfLife[slot] ?? 24),
        relevance,
        reason: 'fallback',
      });
      return true;
    });
  }
  return out;
}
