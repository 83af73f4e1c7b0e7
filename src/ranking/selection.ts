import type { Headline } from '../domain.js';
import type { HeadlineTable } from './headline-table.js';
import { topBy } from './heap.js';
import { ctrFactor, freshness, isNearDuplicate, pooledCtr } from './scoring.js';
import type { Stages } from './stages.js';
import { HOST_DUPLICATE } from './stories.js';
import type { Engagement, HeadlineKind, RankedItem, RankQuery } from './types.js';

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
  /** Per partner number: 1 when the query's partner rules leave the outlet out (see blockedPartners). */
  blocked: Uint8Array;
  /** Sorted unique title term ids of the host article (for the host-duplicate test). */
  hostTitle: Int32Array;
}

/** The answer's items, best first, from the candidates of the query. */
export function select(parts: SelectionParts, q: RankQuery, a: Answer): RankedItem[] {
  parts.stories.beginQuery();
  try {
    return selectItems(parts, q, a);
  } finally {
    parts.stories.endQuery();
  }
}

function selectItems(parts: SelectionParts, q: RankQuery, a: Answer): RankedItem[] {
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
  // Repeats (the article's own story told by another outlet, or a story already in the box) rank
  // lower, not out: they wait here, best first, and fill the box when too few others are allowed.
  // At most maxPerOutlet per outlet wait: enough to fill every outlet's share of the box.
  const held: RankedItem[] = [];
  const heldSlots: number[] = [];
  const heldPerOutlet = new Map<number, number>();
  const underCapOf = (outlet: number) => (perOutlet.get(outlet) ?? 0) < a.maxPerOutlet;
  const underCap = (slot: number) => underCapOf(table.partner[slot] ?? 0);
  const isRepeat = (slot: number, title: Int32Array): boolean => {
    // The article's own story told by another outlet (a stricter test: a short query title is no story).
    if (isNearDuplicate(a.hostTitle, title, HOST_DUPLICATE)) return true;
    // Same story as an item already chosen: the first (best) one leads.
    for (let k = 0; k < chosen.length; k++)
      if (stories.same(chosen[k] ?? 0, chosenTitles[k] ?? title, slot, title)) return true;
    return false;
  };
  const admit = (slot: number, title: Int32Array, item: RankedItem) => {
    const outlet = table.partner[slot] ?? 0;
    perOutlet.set(outlet, (perOutlet.get(outlet) ?? 0) + 1);
    chosen.push(slot);
    chosenTitles.push(title);
    out.push(item);
  };
  /** The slot joins the box (under the per-outlet cap), or waits when it repeats a story. */
  const offer = (slot: number, score: number, relevance: number, reason: RankedItem['reason']) => {
    if (out.length >= a.limit || table.ids[slot] === undefined || !underCap(slot)) return;
    if (chosen.includes(slot) || heldSlots.includes(slot)) return;
    const outlet = table.partner[slot] ?? 0;
    const title = arena.titleIds(slot);
    const repeat = isRepeat(slot, title);
    // A repeat past its outlet's share of the waiting list is dropped before it is an item.
    if (repeat && (heldPerOutlet.get(outlet) ?? 0) >= a.maxPerOutlet) return;
    const kind = table.kindAt(slot);
    if (kind === undefined) return;
    const item = new Ranked(table, slot, kind, score, relevance, reason);
    if (!repeat) admit(slot, title, item);
    else {
      heldPerOutlet.set(outlet, (heldPerOutlet.get(outlet) ?? 0) + 1);
      held.push(item);
      heldSlots.push(slot);
    }
  };
  const emit = (i: number, reason: RankedItem['reason']) =>
    offer(c.slots[i] ?? 0, c.score[i] ?? 0, c.relevance[i] ?? 0, reason);
  for (const i of pool) emit(i, 'relevant');
  // Fallback, first what is weakly on topic, then the freshest allowed headlines, under the same rules.
  for (const i of weakPool) emit(i, 'fallback');
  if (out.length < a.limit) {
    // Outlets that may still add a card: one stops counting at its cap or once all its live headlines were
    // looked at; when none is left, nothing further down can be served (one outlet holding most fresh
    // headlines would otherwise make every answer walk FALLBACK_SCAN of them).
    const unseen = new Int32Array(table.partners);
    let open = 0;
    for (let p = 0; p < table.partners; p++) {
      unseen[p] = table.liveOf(p);
      if (a.blocked[p] !== 1 && underCapOf(p) && (unseen[p] ?? 0) > 0) open++;
    }
    let scanned = 0;
    table.byTime.forEachNewest((slot) => {
      if (out.length >= a.limit || open === 0 || scanned++ > FALLBACK_SCAN) return false;
      if (table.alive[slot] !== 1) return true;
      const outlet = table.partner[slot] ?? 0;
      const left = (unseen[outlet] ?? 0) - 1;
      unseen[outlet] = left;
      if (a.blocked[outlet] === 1 || !underCapOf(outlet)) return true;
      if (a.allowed(slot)) {
        const i = c.indexOf(slot);
        const relevance = i < 0 ? 0 : (c.relevance[i] ?? 0);
        const age = q.nowMs - (table.pub[slot] ?? 0);
        offer(slot, relevance * freshness(age, table.halfLife[slot] ?? 24), relevance, 'fallback');
      }
      if (!underCapOf(outlet) || left === 0) open--;
      return true;
    });
  }
  // A box still short of `limit`: the held-back repeats, best first, under the per-outlet cap (every
  // one of them already passed the hard rules).
  for (let k = 0; k < held.length && out.length < a.limit; k++) {
    const slot = heldSlots[k] ?? 0;
    const item = held[k];
    if (item !== undefined && underCap(slot)) admit(slot, arena.titleIds(slot), item);
  }
  return out;
}

/**
 * A ranked item whose headline is built when first read: a learner values the ranker's wider list by kind and
 * serves a few of it. Read it before the index changes (a rank() and its reading are one synchronous step).
 */
class Ranked implements RankedItem {
  readonly #table: HeadlineTable;
  readonly #slot: number;
  #headline: Headline | undefined;

  constructor(
    table: HeadlineTable,
    slot: number,
    public kind: HeadlineKind,
    public score: number,
    public relevance: number,
    public reason: RankedItem['reason'],
  ) {
    this.#table = table;
    this.#slot = slot;
  }

  get headline(): Headline {
    if (this.#headline !== undefined) return this.#headline;
    const table = this.#table;
    const id = this.kind.id;
    const slot = table.ids[this.#slot] === id ? this.#slot : table.slotOf(id);
    const headline = slot === undefined ? undefined : table.headlineAt(slot);
    if (headline === undefined)
      throw new Error(`HeadlineIndex: ranked headline ${id} left the index before it was read`);
    this.#headline = headline;
    return headline;
  }
}
