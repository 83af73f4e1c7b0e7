// The records the service keeps, shared by routes, services, ranking and store.
import type { FieldError } from './errors.js';

export interface Partner {
  id: string;
  name: string;
  domains: string[];
  homepage?: string;
  logoUrl?: string;
  /** Hosts (and their subdomains) besides `domains` that serve the partner's images, e.g. a CDN. */
  imageHosts?: string[];
  createdAt: string;
}

export interface Publisher {
  id: string;
  name: string;
  /** The publisher's own outlet: never shown in its own widget. */
  partnerId?: string;
  title: string;
  limit: number;
  maxPerOutlet: number;
  /** When set, only these partners are shown. */
  includePartners?: string[];
  excludePartners: string[];
  excludeCategories: string[];
  /** Among comparably relevant headlines, favour partners that sent more clicks than they received. */
  fairExchange?: boolean;
  /** Splits the publisher's traffic between ranking variants. */
  experiment?: Experiment;
  updatedAt: string;
}

/** A split of one publisher's answers between ranking variants, counted per variant. */
export interface Experiment {
  name: string;
  /** Variant i is recorded as i + 1 in widget tokens and counters (0 = no experiment). */
  variants: ExperimentVariant[];
}

export interface ExperimentVariant {
  name: string;
  /** Relative share of page views. */
  weight: number;
  /** Overrides the publisher's fairExchange setting. */
  fairExchange?: boolean;
  /** Freshness half-life of this variant (hours), re-weighting the ranked candidates. */
  halfLifeHours?: number;
  /** false: this variant's boxes are not reordered by learning (the ranker's order), to measure what it earns. */
  learning?: boolean;
}

/** Editorial rules of one publisher, applied to its widget answers. */
export interface PublisherRules {
  publisherId: string;
  pins: PinRule[];
  boosts: BoostRule[];
  blocks: BlockRule[];
  updatedAt: string;
}

/** A headline named by id or by (canonical) URL. */
export interface HeadlineRef {
  id?: string;
  url?: string;
}

/** Rules apply from `from` until `until` (ISO times; open-ended when absent). */
export interface RuleWindow {
  from?: string;
  until?: string;
}

export interface PinRule extends HeadlineRef, RuleWindow {
  /** 1-based position in the box. */
  position: number;
}

/** Multiplies the score of a partner's or one headline's items: > 1 boosts, < 1 buries. */
export interface BoostRule extends HeadlineRef, RuleWindow {
  partnerId?: string;
  factor: number;
}

export interface BlockRule extends HeadlineRef, RuleWindow {}

export interface Headline {
  /** Stable id derived from the partner and the canonical URL. */
  id: string;
  partnerId: string;
  /** Canonical URL (see canonicalUrl()). */
  url: string;
  title: string;
  summary?: string;
  imageUrl?: string;
  category?: string;
  tags: string[];
  publishedAt: string;
  expiresAt: string;
  updatedAt: string;
}

/** What one push (or one polled batch) did: per-item rejections by index, and what was stored. */
export interface PushResult {
  accepted: number;
  rejected: { index: number; errors: FieldError[] }[];
  headlines: Headline[];
}

/** The formats a partner feed may declare. */
export const FEED_KINDS = ['rss', 'atom', 'news-sitemap'] as const;
export type FeedKind = (typeof FEED_KINDS)[number];

/** Who asks for a report: the admin sees everything, a partner what concerns it. */
export type ReportScope = { kind: 'admin' } | { kind: 'partner'; partnerId: string };
