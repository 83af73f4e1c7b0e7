// Public types of the ranking engine.
import type { Headline } from '../domain.js';

export interface RankingOptions {
  /** Default freshness half-life in hours. */
  halfLifeHours: number;
  /** Per-category half-life overrides, keys compared case/diacritics-insensitively ("Sport", "știri"...). */
  categoryHalfLifeHours?: Record<string, number>;
}

export interface Engagement {
  /** Viewable impressions preferably. */
  impressions: number;
  clicks: number;
}

export interface RankQuery {
  /** Canonical URL of the host article (may equal a stored headline's url). */
  articleUrl?: string;
  title?: string;
  section?: string;
  keywords?: string[];
  /** 1..20 */
  limit: number;
  /** ≥ 1 */
  maxPerOutlet: number;
  /** Including the publisher's own outlet. */
  excludePartners?: ReadonlySet<string>;
  /** When set, only these. */
  includePartners?: ReadonlySet<string>;
  /** Compared case- and diacritics-insensitively. */
  excludeCategories?: readonly string[];
  /** E.g. already clicked by the reader, blocked. */
  excludeIds?: ReadonlySet<string>;
  nowMs: number;
  /** Learning hook: engagement per headline id; undefined = no data. */
  engagement?: (id: string) => Engagement | undefined;
  /** Random source for exploration (Thompson sampling); default Math.random. Tests pass a seeded one. */
  random?: () => number;
}

/** What counting an event needs of a headline: its outlet and category, not the whole headline. */
export type HeadlineKind = Pick<Headline, 'id' | 'partnerId' | 'category'>;

export interface RankedItem {
  /** The served fields; the ranker's items build it when first read (a learner values more than it serves). */
  headline: Headline;
  /** Id, outlet and category: what valuing an item and the per-outlet cap read, without building its headline. */
  kind: HeadlineKind;
  score: number;
  relevance: number;
  reason: 'relevant' | 'fallback';
}
