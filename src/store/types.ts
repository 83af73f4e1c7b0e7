// The store contract: one interface, two implementations (Redis and embedded memory) held to one test suite.
import type { Headline, Partner, Publisher, PublisherRules } from '../domain.js';
import type { FeedStore } from './feeds.js';
import type { ThumbnailCache, ThumbnailCacheOptions } from './thumbnails.js';

/**
 * A chunk of stored headlines' JSON texts as UTF-8, back to back in one buffer (sent to another thread as
 * it is): text i is bytes[ends[i - 1] .. ends[i]) (from 0 for the first).
 */
export interface StoredTexts {
  bytes: Uint8Array<ArrayBuffer>;
  ends: Int32Array<ArrayBuffer>;
}

/** A change every instance applies to its in-memory index, whichever instance made it. */
export type StoreChange =
  | { type: 'headlines.upsert'; headlines: Headline[] }
  | { type: 'headlines.delete'; partnerId: string; ids: string[] }
  | { type: 'publisher.put'; publisher: Publisher }
  | { type: 'stats.delta'; deltas: HeadlineStatsDelta[]; learning?: LearningUpdate }
  | { type: 'rules.put'; rules: PublisherRules }
  /** The change feed had a gap (e.g. the store was unreachable): rebuild derived state from the store. */
  | { type: 'resync' };

export interface HeadlineStatsDelta {
  id: string;
  impressions: number;
  viewable: number;
  clicks: number;
}

/**
 * What readers taught the ranking, as decayed counters under a key (a headline in a context, a kind of
 * headline, a position...; the learner names them): clicks, and the exposure they are measured against.
 */
export interface LearningDelta {
  key: string;
  clicks: number;
  exposure: number;
}

/** Deltas counted at one time (ms), as announced to the other instances. */
export interface LearningUpdate {
  at: number;
  deltas: LearningDelta[];
}

/** A learning counter as stored: its values as of `at` (ms); older values count less, see decayFactor. */
export interface LearningTally extends LearningDelta {
  at: number;
}

/** How many live headlines one partner may keep (see Store.upsertHeadlines). */
export interface LiveLimits {
  nowMs: number;
  maxLive: number;
}

export interface LearningLimits {
  nowMs: number;
  /** Counters lose half their weight in this time. */
  halfLifeMs: number;
  /** Most counters kept: beyond it, those updated longest ago are dropped. */
  maxKeys: number;
}

export interface HeadlinePage {
  headlines: Headline[];
  nextCursor?: string;
}

export type EventType = 'impression' | 'viewable' | 'click';

/** One reported event, already verified against its widget token. */
export interface EventRecord {
  impressionId: string;
  type: EventType;
  publisherId: string;
  /** Calendar day in Europe/Bucharest, YYYY-MM-DD. */
  day: string;
  /** With the card's 0-based position in its box, for learning (the store does not keep it). */
  items: { id: string; partnerId: string; position?: number }[];
  /** Experiment variant of the answer (the token's variant byte); 0 or absent = none. */
  variant?: number;
  /** The answer's learning context (the token's); 0 or absent = none. The store does not keep it. */
  context?: number;
}

/** Daily counters of one (publisher, outlet) pair: boxes and cards. */
export interface DailyCount {
  day: string;
  publisherId: string;
  /** The partner whose headlines were shown ('' when the headline was unknown when counted). */
  outletId: string;
  /** Page views whose box showed at least one card of the outlet. */
  widgetLoads: number;
  impressions: number;
  viewable: number;
  clicks: number;
}

/** Daily counters of one headline on one publisher. */
export interface HeadlineDailyCount {
  day: string;
  publisherId: string;
  outletId: string;
  headlineId: string;
  impressions: number;
  viewable: number;
  clicks: number;
}

/** Daily counters of one experiment variant on one publisher; widgetLoads counts boxes. */
export interface VariantDailyCount {
  day: string;
  publisherId: string;
  variant: number;
  widgetLoads: number;
  impressions: number;
  viewable: number;
  clicks: number;
}

export interface RateLimitSpec {
  name: string;
  points: number;
  durationSeconds: number;
  /**
   * Spend in memory and share with the other instances this often (one store call per limiter, none per
   * request): an instance sees the others' points up to this much later. Absent: each point in the store.
   */
  shareEveryMs?: number;
}

export interface RateLimiter {
  /** Spends one point for key: undefined when allowed, else the seconds to wait. */
  consume(key: string): Promise<number | undefined>;
  /** Shares the points spent here and not yet shared (a batched limiter); at once for the others. */
  settle(): Promise<void>;
}

export interface Store {
  readonly kind: 'memory' | 'redis';
  /** A limiter whose budget every instance on this store shares. */
  createRateLimiter(spec: RateLimitSpec): RateLimiter;
  /** The feed store on the same backend: Redis on this connection, or this embedded store's one twin. */
  feedStore(now?: () => number): FeedStore;
  /** The thumbnail cache on the same backend (Redis: shared by every instance; embedded: one per store). */
  thumbnailCache(options: ThumbnailCacheOptions): ThumbnailCache;
  /** Resolves when the store answers; rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;

  createPartner(partner: Partner, keyHash: string): Promise<void>;
  getPartner(id: string): Promise<Partner | undefined>;
  listPartners(): Promise<Partner[]>;
  /** Makes keyHash the partner's only valid key. */
  replacePartnerKey(partnerId: string, keyHash: string): Promise<void>;
  partnerIdForKey(keyHash: string): Promise<string | undefined>;

  putPublisher(publisher: Publisher): Promise<void>;
  getPublisher(id: string): Promise<Publisher | undefined>;
  listPublishers(): Promise<Publisher[]>;

  /**
   * Inserts or replaces headlines of one partner, atomically; each expires at its expiresAt. With `limits`,
   * the partner keeps at most `maxLive` live headlines at `nowMs`: an update of a live one always goes in, a
   * new one only under the limit. Returns the ids refused for it (in the order given).
   */
  upsertHeadlines(partnerId: string, headlines: Headline[], limits?: LiveLimits): Promise<string[]>;
  /** Deletes a live headline; false when there was none. */
  deleteHeadline(partnerId: string, id: string, nowMs: number): Promise<boolean>;
  getHeadline(partnerId: string, id: string, nowMs: number): Promise<Headline | undefined>;
  /** A partner's live headlines, newest first. */
  listHeadlines(
    partnerId: string,
    limit: number,
    cursor: string | undefined,
    nowMs: number,
  ): Promise<HeadlinePage>;
  /** Every live headline of every partner, in chunks: what a new instance indexes at start. */
  scanLiveHeadlines(nowMs: number): AsyncIterable<Headline[]>;
  /**
   * The same scan as the stored JSON texts, unparsed and undecoded (stored-headlines.ts reads them, expiry
   * included), for a store that keeps headlines as JSON: a bulk load can decode and parse them on another
   * thread.
   */
  scanLiveHeadlineTexts?(nowMs: number): AsyncIterable<StoredTexts>;

  /**
   * Counts events once per (impressionId, type, item); returns what was new. `counted`, when given, hears
   * each newly counted item as (index of its event, index of the item in that event).
   */
  recordEvents(
    events: EventRecord[],
    counted?: (event: number, item: number) => void,
  ): Promise<HeadlineStatsDelta[]>;
  /** Adds to the learning counters (each decayed to limits.nowMs first), keeping at most limits.maxKeys. */
  recordLearning(deltas: LearningDelta[], limits: LearningLimits): Promise<void>;
  /** Every learning counter, as last written (the reader decays them to its own clock). */
  readLearning(): Promise<LearningTally[]>;
  /** Totals per headline, for the ranking's learning term. */
  readHeadlineStats(): Promise<HeadlineStatsDelta[]>;
  /** Per (day, publisher, outlet) counters of the given Europe/Bucharest days. */
  readDailyStats(days: readonly string[]): Promise<DailyCount[]>;
  /** Per (day, publisher, headline) counters; only one publisher's when publisherId is given. */
  readHeadlineDailyStats(days: readonly string[], publisherId?: string): Promise<HeadlineDailyCount[]>;
  /** Per (day, publisher, variant) counters; only one publisher's when publisherId is given. */
  readVariantDailyStats(days: readonly string[], publisherId?: string): Promise<VariantDailyCount[]>;

  /** Creates or replaces a publisher's editorial rules. */
  putRules(rules: PublisherRules): Promise<void>;
  getRules(publisherId: string): Promise<PublisherRules | undefined>;
  listRules(): Promise<PublisherRules[]>;

  /** Tells every other instance about a change this one made (and has applied itself). */
  publish(change: StoreChange): Promise<void>;
  /** Receives the changes other instances publish; resolves once listening, with an unsubscribe function. */
  subscribe(listener: (change: StoreChange) => void): Promise<() => void>;
}

/** An opaque listing cursor: the last item's publishedAt (ms) and id. */
export function encodeCursor(score: number, id: string): string {
  return Buffer.from(JSON.stringify([score, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { score: number; id: string } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value) && typeof value[0] === 'number' && typeof value[1] === 'string') {
      return { score: value[0], id: value[1] };
    }
  } catch {
    // fall through: not a cursor of ours
  }
  return undefined;
}
