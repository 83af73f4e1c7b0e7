// The embedded store: everything in this process's memory. Used when no REDIS_URL is set (single process, not durable).
import type { Headline, Partner, Publisher, PublisherRules } from '../domain.js';
import { ConflictError, NotFoundError } from '../errors.js';
import { addDecayed } from '../shared/decay.js';
import { type FeedStore, MemoryFeedStore } from './feeds.js';
import { memoryRateLimiter } from './rate-limit.js';
import { bump, parseDailyFields, parseHeadlineFields, parseVariantFields } from './stats-fields.js';
import { MemoryThumbnailCache, type ThumbnailCache, type ThumbnailCacheOptions } from './thumbnails.js';
import {
  type DailyCount,
  decodeCursor,
  type EventRecord,
  encodeCursor,
  type HeadlineDailyCount,
  type HeadlinePage,
  type HeadlineStatsDelta,
  type LearningDelta,
  type LearningLimits,
  type LearningTally,
  type LiveLimits,
  type RateLimiter,
  type RateLimitSpec,
  type Store,
  type StoreChange,
  type VariantDailyCount,
} from './types.js';

const SEEN_TTL_MS = 2 * 24 * 3600 * 1000;
/** A partner's expired headlines are first swept out of memory once it holds this many. */
const SWEEP_FROM = 1024;

export class MemoryStore implements Store {
  readonly kind = 'memory';
  private readonly partners = new Map<string, Partner>();
  private readonly apiKeys = new Map<string, string>();
  private readonly partnerKey = new Map<string, string>();
  private readonly publishers = new Map<string, Publisher>();
  /** partnerId → (headline id → headline). */
  private readonly headlines = new Map<string, Map<string, Headline>>();
  /** partnerId → the size of its map at which its expired headlines are swept out. */
  private readonly sweepAt = new Map<string, number>();
  private readonly stats = new Map<string, HeadlineStatsDelta>();
  /** Dedup of (impressionId, type, item) → expiry ms. */
  private readonly seen = new Map<string, number>();
  /** The daily hashes of the Redis store, same fields: "day|kind" → (field → count). */
  private readonly daily = new Map<string, Map<string, number>>();
  private readonly rules = new Map<string, PublisherRules>();
  /** Learning counters in least recently updated first order (a Map keeps insertion order). */
  private readonly learning = new Map<string, LearningTally>();
  private closed = false;
  // One twin each, made on first use, so every service set built on this store shares them.
  private feeds: FeedStore | undefined;
  private thumbnails: ThumbnailCache | undefined;

  createRateLimiter(spec: RateLimitSpec): RateLimiter {
    return memoryRateLimiter(spec);
  }

  feedStore(now: () => number = Date.now): FeedStore {
    this.feeds ??= new MemoryFeedStore(now);
    return this.feeds;
  }

  thumbnailCache(options: ThumbnailCacheOptions): ThumbnailCache {
    this.thumbnails ??= new MemoryThumbnailCache(options);
    return this.thumbnails;
  }

  async ping(): Promise<void> {
    if (this.closed) throw new Error('store closed');
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  async createPartner(partner: Partner, keyHash: string): Promise<void> {
    if (this.partners.has(partner.id)) throw new ConflictError(`partner ${partner.id} exists`);
    this.partners.set(partner.id, structuredClone(partner));
    this.apiKeys.set(keyHash, partner.id);
    this.partnerKey.set(partner.id, keyHash);
  }

  async getPartner(id: string): Promise<Partner | undefined> {
    const p = this.partners.get(id);
    return p && structuredClone(p);
  }

  async listPartners(): Promise<Partner[]> {
    return [...this.partners.values()].map((p) => structuredClone(p)).sort((a, b) => cmp(a.id, b.id));
  }

  async replacePartnerKey(partnerId: string, keyHash: string): Promise<void> {
    if (!this.partners.has(partnerId)) throw new NotFoundError(`no partner ${partnerId}`);
    const old = this.partnerKey.get(partnerId);
    if (old !== undefined) this.apiKeys.delete(old);
    this.apiKeys.set(keyHash, partnerId);
    this.partnerKey.set(partnerId, keyHash);
  }

  async partnerIdForKey(keyHash: string): Promise<string | undefined> {
    return this.apiKeys.get(keyHash);
  }

  async putPublisher(publisher: Publisher): Promise<void> {
    this.publishers.set(publisher.id, structuredClone(publisher));
  }

  async getPublisher(id: string): Promise<Publisher | undefined> {
    const p = this.publishers.get(id);
    return p && structuredClone(p);
  }

  async listPublishers(): Promise<Publisher[]> {
    return [...this.publishers.values()].map((p) => structuredClone(p)).sort((a, b) => cmp(a.id, b.id));
  }

  async upsertHeadlines(partnerId: string, headlines: Headline[], limits?: LiveLimits): Promise<string[]> {
    let own = this.headlines.get(partnerId);
    if (!own) {
      own = new Map();
      this.headlines.set(partnerId, own);
    }
    const now = limits?.nowMs ?? Date.now();
    const max = limits?.maxLive ?? Number.POSITIVE_INFINITY;
    // Expired headlines leave once the map has doubled since the last sweep (amortised O(1) per push)...
    if (own.size >= (this.sweepAt.get(partnerId) ?? SWEEP_FROM)) this.sweepExpired(partnerId, own, now);
    const refused: string[] = [];
    let swept = false;
    for (const h of headlines) {
      const old = own.get(h.id);
      if (old === undefined || !isLive(old, now)) {
        // ...and before a new one is refused: only live headlines count against the limit.
        if (own.size >= max && !swept) {
          this.sweepExpired(partnerId, own, now);
          swept = true;
        }
        if (own.size - (own.has(h.id) ? 1 : 0) >= max) {
          refused.push(h.id);
          continue;
        }
      }
      own.set(h.id, structuredClone(h));
    }
    return refused;
  }

  /** Drops a partner's expired headlines; the next sweep comes when the map has doubled. */
  private sweepExpired(partnerId: string, own: Map<string, Headline>, now: number): void {
    for (const [id, h] of own) if (!isLive(h, now)) own.delete(id);
    this.sweepAt.set(partnerId, Math.max(SWEEP_FROM, 2 * own.size));
  }

  async deleteHeadline(partnerId: string, id: string, nowMs: number): Promise<boolean> {
    const live = await this.getHeadline(partnerId, id, nowMs);
    this.headlines.get(partnerId)?.delete(id);
    return live !== undefined;
  }

  async getHeadline(partnerId: string, id: string, nowMs: number): Promise<Headline | undefined> {
    const h = this.headlines.get(partnerId)?.get(id);
    return h && isLive(h, nowMs) ? structuredClone(h) : undefined;
  }

  async listHeadlines(
    partnerId: string,
    limit: number,
    cursor: string | undefined,
    nowMs: number,
  ): Promise<HeadlinePage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const live = [...(this.headlines.get(partnerId)?.values() ?? [])]
      .filter((h) => isLive(h, nowMs))
      .map((h) => ({ h, score: Date.parse(h.publishedAt) }))
      .sort((a, b) => b.score - a.score || cmp(b.h.id, a.h.id))
      .filter(({ h, score }) => !after || score < after.score || (score === after.score && h.id < after.id));
    const page = live.slice(0, limit);
    const last = page.at(-1);
    const result: HeadlinePage = { headlines: page.map(({ h }) => structuredClone(h)) };
    if (last && live.length > limit) result.nextCursor = encodeCursor(last.score, last.h.id);
    return result;
  }

  async *scanLiveHeadlines(nowMs: number): AsyncIterable<Headline[]> {
    for (const own of this.headlines.values()) {
      const live = [...own.values()].filter((h) => isLive(h, nowMs)).map((h) => structuredClone(h));
      if (live.length) yield live;
    }
  }

  async recordEvents(
    events: EventRecord[],
    counted?: (event: number, item: number) => void,
  ): Promise<HeadlineStatsDelta[]> {
    const now = Date.now();
    this.sweepSeen(now);
    const deltas = new Map<string, HeadlineStatsDelta>();
    for (const [eventIndex, e] of events.entries()) {
      const letter = e.type === 'impression' ? 'i' : e.type === 'viewable' ? 'v' : 'c';
      const variantPair = `${e.publisherId}|${e.variant ?? 0}`;
      for (const [itemIndex, item] of e.items.entries()) {
        const seenKey = `${e.impressionId}|${e.type}|${item.id}`;
        if (this.seen.has(seenKey)) continue;
        this.seen.set(seenKey, now + SEEN_TTL_MS);
        counted?.(eventIndex, itemIndex);
        bump(deltas, item.id, e.type);
        bump(this.stats, item.id, e.type);
        const pair = `${e.publisherId}|${item.partnerId}`;
        this.count(e.day, 'day', `${pair}|${letter}`);
        this.count(e.day, 'dayh', `${pair}|${item.id}|${letter}`);
        this.count(e.day, 'dayv', `${variantPair}|${letter}`);
        if (letter !== 'i') continue;
        // Once per page view: a widget load of the (publisher, outlet) pair and a box of the variant.
        for (const [member, kind, field] of [
          [`w|${pair}`, 'day', `${pair}|w`],
          [`b|${variantPair}`, 'dayv', `${variantPair}|w`],
        ] as const) {
          const once = `${e.impressionId}|${member}`;
          if (this.seen.has(once)) continue;
          this.seen.set(once, now + SEEN_TTL_MS);
          this.count(e.day, kind, field);
        }
      }
    }
    return [...deltas.values()];
  }

  async recordLearning(deltas: LearningDelta[], limits: LearningLimits): Promise<void> {
    addDecayed(this.learning, deltas, limits.nowMs, limits.halfLifeMs, limits.maxKeys);
  }

  async readLearning(): Promise<LearningTally[]> {
    return [...this.learning.values()].map((t) => ({ ...t }));
  }

  async readDailyStats(days: readonly string[]): Promise<DailyCount[]> {
    return days.flatMap((day) => parseDailyFields(day, this.dailyHash(day, 'day')));
  }

  async readHeadlineDailyStats(days: readonly string[], publisherId?: string): Promise<HeadlineDailyCount[]> {
    return days.flatMap((day) => parseHeadlineFields(day, this.dailyHash(day, 'dayh'), publisherId));
  }

  async readVariantDailyStats(days: readonly string[], publisherId?: string): Promise<VariantDailyCount[]> {
    return days.flatMap((day) => parseVariantFields(day, this.dailyHash(day, 'dayv'), publisherId));
  }

  async putRules(rules: PublisherRules): Promise<void> {
    this.rules.set(rules.publisherId, structuredClone(rules));
  }

  async getRules(publisherId: string): Promise<PublisherRules | undefined> {
    const r = this.rules.get(publisherId);
    return r && structuredClone(r);
  }

  async listRules(): Promise<PublisherRules[]> {
    return [...this.rules.values()].map((r) => structuredClone(r));
  }

  private count(day: string, kind: 'day' | 'dayh' | 'dayv', field: string): void {
    let hash = this.daily.get(`${day}|${kind}`);
    if (!hash) {
      hash = new Map();
      this.daily.set(`${day}|${kind}`, hash);
    }
    hash.set(field, (hash.get(field) ?? 0) + 1);
  }

  private dailyHash(day: string, kind: 'day' | 'dayh' | 'dayv'): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [field, n] of this.daily.get(`${day}|${kind}`) ?? []) out[field] = String(n);
    return out;
  }

  async readHeadlineStats(): Promise<HeadlineStatsDelta[]> {
    return [...this.stats.values()].map((s) => ({ ...s }));
  }

  /** A single process has no other instance to tell. */
  async publish(_change: StoreChange): Promise<void> {}

  async subscribe(_listener: (change: StoreChange) => void): Promise<() => void> {
    return () => {};
  }

  private sweepSeen(now: number): void {
    if (this.seen.size < 100_000) return;
    for (const [key, expires] of this.seen) if (expires <= now) this.seen.delete(key);
  }
}

function isLive(h: Headline, nowMs: number): boolean {
  return Date.parse(h.expiresAt) > nowMs;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
