// The production store on Redis or Redis Cluster: the only module that speaks to Redis.
import { randomUUID } from 'node:crypto';
import { Cluster } from 'ioredis';
import type { Headline, Partner, Publisher, PublisherRules } from '../domain.js';
import { ConflictError, NotFoundError, StoreUnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import type { BatchedLimiter } from './batched-limiter.js';
import { type FeedStore, RedisFeedStore } from './feeds.js';
import { createKeys, type Keys } from './keys.js';
import { batchedRedisRateLimiter, redisRateLimiter } from './rate-limit.js';
import { createRedisClient, type RedisClient, type RedisTarget, runRedis } from './redis-connection.js';
import { bump, parseDailyFields, parseHeadlineFields, parseVariantFields } from './stats-fields.js';
import { liveStoredHeadlines, packTexts } from './stored-headlines.js';
import { RedisThumbnailCache, type ThumbnailCache, type ThumbnailCacheOptions } from './thumbnails.js';
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
  type StoredTexts,
  type VariantDailyCount,
} from './types.js';

const SEEN_TTL_SECONDS = 2 * 24 * 3600;
const DAILY_TTL_SECONDS = 400 * 24 * 3600;
const CHANGES_MAXLEN = 50_000;
const SCAN_CHUNK = 1000;
const LEARNING_SCAN_COUNT = 2000;
/** An event's item as a script call counts it: the headline, the event type, its place in the flush. */
interface CountedItem {
  id: string;
  type: EventRecord['type'];
  event: number;
  item: number;
}

/** Event items per script call (an event is 8 arguments, its items one of them). */
const EVENT_ITEMS_PER_CALL = 1000;

export interface RedisStoreOptions {
  target: RedisTarget;
  prefix: string;
  logger: Logger;
  /** A command that takes longer fails, so requests never hang on a dead Redis. */
  commandTimeoutMs?: number;
}

export class RedisStore implements Store {
  readonly kind = 'redis';
  private readonly keys: Keys;
  private readonly instanceId = randomUUID();
  private readonly readers = new Set<RedisClient>();
  /** Batched rate limiters: their last points are shared before the connection closes. */
  private readonly batched: BatchedLimiter[] = [];

  private constructor(
    private readonly client: RedisClient,
    private readonly options: RedisStoreOptions,
  ) {
    this.keys = createKeys(options.prefix);
  }

  /** Connects and waits until Redis answers. */
  static async connect(options: RedisStoreOptions): Promise<RedisStore> {
    const client = createRedisClient(options.target, options.commandTimeoutMs ?? 2000);
    client.on('error', (err: Error) => options.logger.warn({ err: err.message }, 'redis connection error'));
    await client.connect();
    const store = new RedisStore(client, options);
    await store.ping();
    return store;
  }

  createRateLimiter(spec: RateLimitSpec): RateLimiter {
    const key = this.keys.rateLimit(spec.name);
    if (spec.shareEveryMs === undefined) return redisRateLimiter(this.client, key, spec);
    const limiter = batchedRedisRateLimiter(this.client, key, { ...spec, shareEveryMs: spec.shareEveryMs });
    this.batched.push(limiter);
    return limiter;
  }

  feedStore(): FeedStore {
    return new RedisFeedStore(this.client, this.options.prefix);
  }

  thumbnailCache(options: ThumbnailCacheOptions): ThumbnailCache {
    return new RedisThumbnailCache(this.client, this.options.prefix, options);
  }

  /** The ioredis client (tests look at where Cluster placed keys). */
  get redis(): RedisClient {
    return this.client;
  }

  get connected(): boolean {
    return this.client.status === 'ready';
  }

  async ping(): Promise<void> {
    await runRedis(() =>
      this.client instanceof Cluster ? this.client.nodes('master')[0]?.ping() : this.client.ping(),
    );
  }

  async close(): Promise<void> {
    await Promise.all(this.batched.map((limiter) => limiter.close()));
    for (const reader of this.readers) reader.disconnect();
    this.readers.clear();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  // Partners and keys: all in the {meta} slot, so MULTI works on Cluster too.

  async createPartner(partner: Partner, keyHash: string): Promise<void> {
    const created = await runRedis(() =>
      this.client.hsetnx(this.keys.partners, partner.id, JSON.stringify(partner)),
    );
    if (created === 0) throw new ConflictError(`partner ${partner.id} exists`);
    await runRedis(() =>
      this.client
        .multi()
        .hset(this.keys.apiKeys, keyHash, partner.id)
        .hset(this.keys.partnerKey, partner.id, keyHash)
        .exec(),
    );
  }

  async getPartner(id: string): Promise<Partner | undefined> {
    const json = await runRedis(() => this.client.hget(this.keys.partners, id));
    return json === null ? undefined : (JSON.parse(json) as Partner);
  }

  async listPartners(): Promise<Partner[]> {
    const all = await runRedis(() => this.client.hvals(this.keys.partners));
    return all.map((json) => JSON.parse(json) as Partner).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async replacePartnerKey(partnerId: string, keyHash: string): Promise<void> {
    // WATCH makes the swap safe against a concurrent rotation of the same partner.
    const done = await runRedis(async () => {
      for (let attempt = 0; attempt < 5; attempt++) {
        await this.client.watch(this.keys.partnerKey, this.keys.partners);
        const [exists, old] = await Promise.all([
          this.client.hexists(this.keys.partners, partnerId),
          this.client.hget(this.keys.partnerKey, partnerId),
        ]);
        if (!exists) {
          await this.client.unwatch();
          return 'missing';
        }
        const tx = this.client.multi();
        if (old) tx.hdel(this.keys.apiKeys, old);
        tx.hset(this.keys.apiKeys, keyHash, partnerId).hset(this.keys.partnerKey, partnerId, keyHash);
        if (await tx.exec()) return 'done';
      }
      return 'contended';
    });
    if (done === 'missing') throw new NotFoundError(`no partner ${partnerId}`);
    if (done === 'contended') throw new StoreUnavailableError('key rotation contended, retry');
  }

  async partnerIdForKey(keyHash: string): Promise<string | undefined> {
    return (await runRedis(() => this.client.hget(this.keys.apiKeys, keyHash))) ?? undefined;
  }

  async putPublisher(publisher: Publisher): Promise<void> {
    await runRedis(() => this.client.hset(this.keys.publishers, publisher.id, JSON.stringify(publisher)));
  }

  async getPublisher(id: string): Promise<Publisher | undefined> {
    const json = await runRedis(() => this.client.hget(this.keys.publishers, id));
    return json === null ? undefined : (JSON.parse(json) as Publisher);
  }

  async listPublishers(): Promise<Publisher[]> {
    const all = await runRedis(() => this.client.hvals(this.keys.publishers));
    return all.map((json) => JSON.parse(json) as Publisher).sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  // Headlines: one partner's keys share the {p:<id>} slot, so one script writes them atomically.

  async upsertHeadlines(partnerId: string, headlines: Headline[], limits?: LiveLimits): Promise<string[]> {
    if (headlines.length === 0) return [];
    const keys = [this.keys.headlinesByTime(partnerId), this.keys.headlinesByExpiry(partnerId)];
    const args: (string | number)[] = [limits?.nowMs ?? Date.now(), limits?.maxLive ?? 0];
    for (const h of headlines) {
      keys.push(this.keys.headline(partnerId, h.id));
      args.push(h.id, JSON.stringify(h), Date.parse(h.publishedAt), Date.parse(h.expiresAt));
    }
    return runRedis(() => this.client.csUpsertHeadlines(keys.length, ...keys, ...args));
  }

  async deleteHeadline(partnerId: string, id: string, nowMs: number): Promise<boolean> {
    const deleted = await runRedis(() =>
      this.client.csDeleteHeadline(
        3,
        this.keys.headlinesByTime(partnerId),
        this.keys.headlinesByExpiry(partnerId),
        this.keys.headline(partnerId, id),
        id,
        nowMs,
      ),
    );
    return deleted === 1;
  }

  async getHeadline(partnerId: string, id: string, nowMs: number): Promise<Headline | undefined> {
    const json = await runRedis(() => this.client.get(this.keys.headline(partnerId, id)));
    if (json === null) return undefined;
    const h = JSON.parse(json) as Headline;
    return Date.parse(h.expiresAt) > nowMs ? h : undefined;
  }

  async listHeadlines(
    partnerId: string,
    limit: number,
    cursor: string | undefined,
    nowMs: number,
  ): Promise<HeadlinePage> {
    const after = cursor === undefined ? undefined : decodeCursor(cursor);
    const rows = await runRedis(() =>
      this.client.csListHeadlines(
        2,
        this.keys.headlinesByTime(partnerId),
        this.keys.headlinesByExpiry(partnerId),
        nowMs,
        after ? String(after.score) : '',
        after ? after.id : '',
        limit,
      ),
    );
    const ids: string[] = [];
    const scores: number[] = [];
    for (let i = 0; i + 1 < rows.length; i += 2) {
      ids.push(String(rows[i]));
      scores.push(Number(rows[i + 1]));
    }
    const pageIds = ids.slice(0, limit);
    const headlines = await this.fetchHeadlines(partnerId, pageIds, nowMs);
    const page: HeadlinePage = { headlines };
    const lastId = pageIds.at(-1);
    const lastScore = scores[pageIds.length - 1];
    if (ids.length > limit && lastId !== undefined && lastScore !== undefined) {
      page.nextCursor = encodeCursor(lastScore, lastId);
    }
    return page;
  }

  async *scanLiveHeadlines(nowMs: number): AsyncIterable<Headline[]> {
    for await (const texts of this.scanLiveHeadlineTexts(nowMs)) {
      const live = liveStoredHeadlines(texts, nowMs);
      if (live.length) yield live;
    }
  }

  async *scanLiveHeadlineTexts(nowMs: number): AsyncIterable<StoredTexts> {
    const partnerIds = await runRedis(() => this.client.hkeys(this.keys.partners));
    for (const partnerId of partnerIds) {
      for (let offset = 0; ; offset += SCAN_CHUNK) {
        const ids = await runRedis(() =>
          this.client.zrangebyscore(
            this.keys.headlinesByExpiry(partnerId),
            `(${nowMs}`,
            '+inf',
            'LIMIT',
            offset,
            SCAN_CHUNK,
          ),
        );
        if (ids.length === 0) break;
        const texts = await this.headlineTexts(partnerId, ids);
        if (texts.ends.length) yield texts;
        if (ids.length < SCAN_CHUNK) break;
      }
    }
  }

  private async fetchHeadlines(partnerId: string, ids: string[], nowMs: number): Promise<Headline[]> {
    return liveStoredHeadlines(await this.headlineTexts(partnerId, ids), nowMs);
  }

  /**
   * The stored JSON texts of a partner's headlines (those still there), as bytes: they are decoded where
   * they are parsed (a bulk load's worker thread), not here.
   */
  private async headlineTexts(partnerId: string, ids: string[]): Promise<StoredTexts> {
    if (ids.length === 0) return packTexts([]);
    return packTexts(
      await runRedis(() => this.client.mgetBuffer(ids.map((id) => this.keys.headline(partnerId, id)))),
    );
  }

  // Events: every counter lives in the {stats} slot, so one script dedups and counts a whole batch.

  async recordEvents(
    events: EventRecord[],
    counted?: (event: number, item: number) => void,
  ): Promise<HeadlineStatsDelta[]> {
    // In chunks of whole events: a busy flush holds tens of thousands of items, more arguments than one call
    // (a JavaScript spread, a Lua script holding Redis) should take. Sent together, auto-pipelined; a retry
    // after a partial failure counts nothing twice (the dedup sets).
    const chunks: { from: number; to: number }[] = [];
    for (let from = 0, items = 0, i = 0; i < events.length; i++) {
      items += events[i]?.items.length ?? 0;
      if (items >= EVENT_ITEMS_PER_CALL || i === events.length - 1) {
        chunks.push({ from, to: i + 1 });
        from = i + 1;
        items = 0;
      }
    }
    const fresh = await Promise.all(chunks.map((c) => this.recordEventChunk(events, c.from, c.to)));
    const deltas = new Map<string, HeadlineStatsDelta>();
    for (const chunk of fresh)
      for (const o of chunk) {
        counted?.(o.event, o.item);
        bump(deltas, o.id, o.type);
      }
    return [...deltas.values()];
  }

  /** Events `from` to `to` (excluded) in one script call: the items it counted (not duplicates), in order. */
  private async recordEventChunk(
    events: readonly EventRecord[],
    from: number,
    to: number,
  ): Promise<CountedItem[]> {
    const keys = [this.keys.headlineStats];
    const keyIndex = new Map<string, number>();
    const indexOf = (key: string): number => {
      let i = keyIndex.get(key);
      if (i === undefined) {
        keys.push(key);
        i = keys.length;
        keyIndex.set(key, i);
      }
      return i;
    };
    const args: (string | number)[] = [SEEN_TTL_SECONDS, DAILY_TTL_SECONDS];
    const order: CountedItem[] = [];
    for (let event = from; event < to; event++) {
      const e = events[event];
      if (e === undefined) continue;
      const seen = indexOf(this.keys.seenEvents(e.impressionId));
      const day = indexOf(this.keys.dailyStats(e.day));
      const byHeadline = indexOf(this.keys.dailyHeadlineStats(e.day));
      const byVariant = indexOf(this.keys.dailyVariantStats(e.day));
      const letter = e.type === 'impression' ? 'i' : e.type === 'viewable' ? 'v' : 'c';
      let items = '';
      for (const [itemIndex, item] of e.items.entries()) {
        items += `${itemIndex ? ',' : ''}${item.id}:${item.partnerId}`;
        order.push({ id: item.id, type: e.type, event, item: itemIndex });
      }
      args.push(seen, day, byHeadline, byVariant, letter, e.publisherId, e.variant ?? 0, items);
    }
    if (order.length === 0) return [];
    const fresh = await runRedis(() => this.client.csRecordEvents(keys.length, ...keys, ...args));
    return order.filter((_, i) => fresh[i] === '1');
  }

  async recordLearning(deltas: LearningDelta[], limits: LearningLimits): Promise<void> {
    if (deltas.length === 0) return;
    const args: (string | number)[] = [Math.round(limits.nowMs), limits.halfLifeMs, limits.maxKeys];
    for (const d of deltas) args.push(d.key, d.clicks, d.exposure);
    await runRedis(() =>
      this.client.csRecordLearning(2, this.keys.learning, this.keys.learningByTime, ...args),
    );
  }

  async readLearning(): Promise<LearningTally[]> {
    // In HSCAN pages, so a large hash never holds Redis (or this process) for long in one go.
    const out: LearningTally[] = [];
    let cursor = '0';
    do {
      const [next, flat] = await runRedis(() =>
        this.client.hscan(this.keys.learning, cursor, 'COUNT', LEARNING_SCAN_COUNT),
      );
      cursor = next;
      for (let i = 0; i + 1 < flat.length; i += 2) {
        const key = flat[i] ?? '';
        const [clicks, exposure, at] = (flat[i + 1] ?? '').split(' ').map(Number);
        if (clicks === undefined || exposure === undefined || at === undefined) continue;
        if (!Number.isFinite(clicks) || !Number.isFinite(exposure) || !Number.isFinite(at)) continue;
        out.push({ key, clicks, exposure, at });
      }
    } while (cursor !== '0');
    // HSCAN may return a field twice: keep one.
    return [...new Map(out.map((t) => [t.key, t])).values()];
  }

  async readHeadlineStats(): Promise<HeadlineStatsDelta[]> {
    const flat = await runRedis(() => this.client.hgetall(this.keys.headlineStats));
    const byId = new Map<string, HeadlineStatsDelta>();
    for (const [field, value] of Object.entries(flat)) {
      const cut = field.lastIndexOf('|');
      const id = field.slice(0, cut);
      let s = byId.get(id);
      if (!s) {
        s = { id, impressions: 0, viewable: 0, clicks: 0 };
        byId.set(id, s);
      }
      const n = Number(value);
      const letter = field.slice(cut + 1);
      if (letter === 'i') s.impressions = n;
      else if (letter === 'v') s.viewable = n;
      else if (letter === 'c') s.clicks = n;
    }
    return [...byId.values()];
  }

  async readDailyStats(days: readonly string[]): Promise<DailyCount[]> {
    const hashes = await this.readDays(days, (d) => this.keys.dailyStats(d));
    return hashes.flatMap(([day, flat]) => parseDailyFields(day, flat));
  }

  async readHeadlineDailyStats(days: readonly string[], publisherId?: string): Promise<HeadlineDailyCount[]> {
    const hashes = await this.readDays(days, (d) => this.keys.dailyHeadlineStats(d));
    return hashes.flatMap(([day, flat]) => parseHeadlineFields(day, flat, publisherId));
  }

  async readVariantDailyStats(days: readonly string[], publisherId?: string): Promise<VariantDailyCount[]> {
    const hashes = await this.readDays(days, (d) => this.keys.dailyVariantStats(d));
    return hashes.flatMap(([day, flat]) => parseVariantFields(day, flat, publisherId));
  }

  /** One HGETALL per day, pipelined by the client. */
  private async readDays(
    days: readonly string[],
    key: (day: string) => string,
  ): Promise<[string, Record<string, string>][]> {
    const hashes = await Promise.all(days.map((day) => runRedis(() => this.client.hgetall(key(day)))));
    return days.map((day, i): [string, Record<string, string>] => [day, hashes[i] ?? {}]);
  }

  // Editorial rules: one hash in the {meta} slot, like publishers.

  async putRules(rules: PublisherRules): Promise<void> {
    await runRedis(() => this.client.hset(this.keys.rules, rules.publisherId, JSON.stringify(rules)));
  }

  async getRules(publisherId: string): Promise<PublisherRules | undefined> {
    const json = await runRedis(() => this.client.hget(this.keys.rules, publisherId));
    return json === null ? undefined : (JSON.parse(json) as PublisherRules);
  }

  async listRules(): Promise<PublisherRules[]> {
    const all = await runRedis(() => this.client.hvals(this.keys.rules));
    return all.map((json) => JSON.parse(json) as PublisherRules);
  }

  // The change feed: a capped Redis Stream every instance tails with XREAD.

  async publish(change: StoreChange): Promise<void> {
    await runRedis(() =>
      this.client.xadd(
        this.keys.changes,
        'MAXLEN',
        '~',
        CHANGES_MAXLEN,
        '*',
        'o',
        this.instanceId,
        'c',
        JSON.stringify(change),
      ),
    );
  }

  async subscribe(listener: (change: StoreChange) => void): Promise<() => void> {
    // A blocking XREAD needs its own connection, with a timeout longer than its BLOCK.
    const reader = createRedisClient(this.options.target, 5000);
    this.readers.add(reader);
    reader.on('error', () => {});
    await reader.connect().catch(() => {});
    let stopped = false;
    let lastId = await this.lastChangeId();
    const loop = async () => {
      let failed = false;
      while (!stopped) {
        try {
          const reply = await reader.xread('COUNT', 500, 'BLOCK', 2000, 'STREAMS', this.keys.changes, lastId);
          if (failed) {
            failed = false;
            listener({ type: 'resync' });
          }
          for (const [, entries] of reply ?? []) {
            for (const [id, fields] of entries) {
              lastId = id;
              const change = this.decodeChange(fields);
              if (change) listener(change);
            }
          }
        } catch (err) {
          if (stopped) return;
          if (!failed) this.options.logger.warn({ err: String(err) }, 'change feed interrupted');
          failed = true;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
      this.readers.delete(reader);
      reader.disconnect();
    };
  }

  private async lastChangeId(): Promise<string> {
    const last = await runRedis(() => this.client.xrevrange(this.keys.changes, '+', '-', 'COUNT', 1));
    return last[0]?.[0] ?? '0-0';
  }

  private decodeChange(fields: string[]): StoreChange | undefined {
    let origin: string | undefined;
    let json: string | undefined;
    for (let i = 0; i + 1 < fields.length; i += 2) {
      if (fields[i] === 'o') origin = fields[i + 1];
      else if (fields[i] === 'c') json = fields[i + 1];
    }
    if (origin === this.instanceId || json === undefined) return undefined;
    try {
      return JSON.parse(json) as StoreChange;
    } catch {
      this.options.logger.warn('undecodable change feed entry skipped');
      return undefined;
    }
  }
}
