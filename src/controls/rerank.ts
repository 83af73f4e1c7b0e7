// Post-processing of a ranked list: score multipliers (boost, bury, fair exchange, half-life) and pins,
// re-selected under the box's rules (limit, maxPerOutlet). Pure: no store, no clock.
import type { Headline } from '../domain.js';
import type { HeadlineKind, RankedItem } from '../ranking/index.js';

export interface Pin {
  headline: Headline;
  /** 1-based. */
  position: number;
}

export interface RerankInput {
  /** The ranker's answer, best first, already within every filter (asked for more than `limit`). */
  ranked: readonly RankedItem[];
  limit: number;
  maxPerOutlet: number;
  /** Headlines to place at fixed positions; the caller checked each is allowed. */
  pins?: readonly Pin[];
  /** Multiplier of an item's score (1 = unchanged). */
  factor?: (item: RankedItem) => number;
  /**
   * Only comparably relevant candidates may replace the ranker's own choice: an item beyond its first
   * `limit` enters only when relevant and at least as relevant as the least relevant item it chose.
   */
  comparableOnly?: boolean;
  /**
   * Learning: when given, relevant items are ordered by this value (times `factor`) instead of their score,
   * and any relevant candidate may enter the box (comparableOnly then holds only for fallback ones). Tiers
   * stay in order whatever it says, and fallback items keep the ranker's order: learning reorders what is
   * relevant, it never lifts a fallback item.
   */
  learned?: (item: RankedItem) => number;
}

/**
 * Relevance tiers stay in order (a relevant item is never overtaken by a fallback one); within a tier,
 * items are re-sorted by score × factor. With no pins and factors of 1 the ranker's order is kept.
 */
export function rerank(input: RerankInput): Headline[] {
  const { limit, maxPerOutlet } = input;
  const perOutlet = new Map<string, number>();
  const fits = (h: HeadlineKind) => (perOutlet.get(h.partnerId) ?? 0) < maxPerOutlet;
  const count = (h: HeadlineKind) => perOutlet.set(h.partnerId, (perOutlet.get(h.partnerId) ?? 0) + 1);

  const pins: Pin[] = [];
  const pinned = new Set<string>();
  for (const pin of [...(input.pins ?? [])].sort((a, b) => a.position - b.position)) {
    if (pins.length >= limit || pinned.has(pin.headline.id) || !fits(pin.headline)) continue;
    pins.push(pin);
    pinned.add(pin.headline.id);
    count(pin.headline);
  }

  const floor = Math.min(...input.ranked.slice(0, limit).map((r) => r.relevance));
  const learned = input.learned;
  const eligible = (item: RankedItem, i: number) =>
    !input.comparableOnly ||
    i < limit ||
    (item.reason === 'relevant' && (learned !== undefined || item.relevance >= floor));
  const n = input.ranked.length;
  const scored = input.ranked
    .filter((item, i) => !pinned.has(item.kind.id) && eligible(item, i))
    .map((item, i) => {
      // Fallback items (weakly related or merely fresh) are ordered by the ranker, not by comparable scores:
      // their rank stands in for the score, so a factor of 1 keeps the ranker's order in both tiers.
      const relevant = item.reason === 'relevant';
      const base = relevant ? (learned ? learned(item) : item.score) : (n - i) / n;
      return { item, tier: relevant ? 0 : 1, score: base * (input.factor?.(item) ?? 1), i };
    })
    .sort((a, b) => a.tier - b.tier || b.score - a.score || a.i - b.i);

  const out: Headline[] = [];
  const taken = new Set<string>();
  // Items are judged by kind: only the headlines taken are built (see RankedItem.headline).
  const take = (item: RankedItem) => {
    const h = item.kind;
    if (out.length + pins.length >= limit || taken.has(h.id) || pinned.has(h.id) || !fits(h)) return;
    count(h);
    taken.add(h.id);
    out.push(item.headline);
  };
  for (const { item } of scored) take(item);
  // Still short (pins took an outlet's places): the ranker's other candidates fill, in its order.
  for (const item of input.ranked) take(item);
  for (const pin of pins) out.splice(Math.min(pin.position - 1, out.length), 0, pin.headline);
  return out;
}
