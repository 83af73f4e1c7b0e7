// Partner feeds and their poll state, kept beside the main Store: an interface, a Redis implementation on the
// RedisStore's connection, and an embedded twin, held to one contract suite (tests/support/feed-store-contract.ts).
import type { FeedKind } from '../domain.js';
import type { FieldError } from '../errors.js';
import { ConflictError } from '../errors.js';
import { createKeys, type Keys } from './keys.js';
import { type RedisClient, runRedis } from './redis-connection.js';

/** A feed as the admin registered it; never changes afterwards. */
export interface FeedConfig {
  id: string;
  partnerId: string;
  /** Canonical URL. */
  url: string;
  /** As registered; absent = detected from the document. */
  kind?: FeedKind;
  /** Applies to items that carry no category of their own. */
  category?: string;
  intervalSeconds: number;
  createdAt: string;
}

/** What the poller learned; written only by the instance holding the feed's lease. Times in ms. */
export interface FeedState {
  nextPollAt: number;
  lastPolledAt?: number;
  lastSuccessAt?: number;
  lastError?: string;
  /** Items accepted and rejected since the feed was registered. */
  accepted: number;
  rejected: number;
  /** Failed polls in a row (the back-off exponent). */
  failures: number;
  detectedKind?: FeedKind;
  etag?: string;
  lastModified?: string;
  /** sha256 of the last body ingested: the same body again is not re-ingested. */
  bodyHash?: string;
  /** Why items of the last ingested body were refused (the first few, for the partner's onboarding). */
  lastRejections?: { item?: number; url?: string; errors: FieldError[] }[];
  /** What the last ingested body held: every refusal counted, the commonest reasons tallied. */
  lastPoll?: LastPoll;
}

export interface LastPoll {
  /** Items in the document. */
  items: number;
  accepted: number;
  rejected: number;
  /** Refusal reasons ("path: message"), commonest first, at most 10. */
  reasons: { reason: string; count: number }[];
  /** The character set the body was read in (WHATWG name). */
  encoding: string;
  /** Set when the bytes overruled the declared (or missing) charset. */
  encodingNote?: string;
}

export interface StoredFeed {
  feed: FeedConfig;
  state: FeedState;
}

export interface FeedStore {
  /** Throws ConflictError when the partner has a feed with this URL. */
  create(feed: FeedConfig, state: FeedState): Promise<void>;
  get(id: string): Promise<StoredFeed | undefined>;
  /** A partner's feeds, oldest first. */
  list(partnerId: string): Promise<StoredFeed[]>;
  /** False when the partner has no such feed. */
  delete(partnerId: string, id: string): Promise<boolean>;
  /** Stores state and schedules the next poll; false (and nothing written) when the feed was deleted. */
  saveState(id: string, state: FeedState): Promise<boolean>;
  /** Ids of feeds whose next poll is at or before nowMs, most overdue first. */
  due(nowMs: number, limit: number): Promise<string[]>;
  /** Takes the feed's poll lease for ttlMs unless someone holds it. */
  acquireLease(id: string, owner: string, ttlMs: number): Promise<boolean>;
  /** Gives the lease back if `owner` still holds it. */
  releaseLease(id: string, owner: string): Promise<boolean>;
}

/** The index field that makes a URL unique per partner. */
function urlField(feed: Pick<FeedConfig, 'partnerId' | 'url'>): string {
  return `${feed.partnerId} ${feed.url}`;
}

const byCreation = (a: StoredFeed, b: StoredFeed) =>
  a.feed.createdAt < b.feed.createdAt
    ? -1
    : a.feed.createdAt > b.feed.createdAt
      ? 1
      : a.feed.id < b.feed.id
        ? -1
        : 1;

export class MemoryFeedStore implements FeedStore {
  private readonly feeds = new Map<string, StoredFeed>();
  private readonly leases = new Map<string, { owner: string; expiresAt: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async create(feed: FeedConfig, state: FeedState): Promise<void> {
    const field = urlField(feed);
    if ([...this.feeds.values()].some((f) => urlField(f.feed) === field)) {
      throw new ConflictError(`partner ${feed.partnerId} already has a feed at ${feed.url}`);
    }
    this.feeds.set(feed.id, structuredClone({ feed, state }));
  }

  async get(id: string): Promise<StoredFeed | undefined> {
    const f = this.feeds.get(id);
    return f && structuredClone(f);
  }

  async list(partnerId: string): Promise<StoredFeed[]> {
    return [...this.feeds.values()]
      .filter((f) => f.feed.partnerId === partnerId)
      .map((f) => structuredClone(f))
      .sort(byCreation);
  }

  async delete(partnerId: string, id: string): Promise<boolean> {
    if (this.feeds.get(id)?.feed.partnerId !== partnerId) return false;
    return this.feeds.delete(id);
  }

  async saveState(id: string, state: FeedState): Promise<boolean> {
    const f = this.feeds.get(id);
    if (!f) return false;
    f.state = structuredClone(state);
    return true;
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    return [...this.feeds.values()]
      .filter((f) => f.state.nextPollAt <= nowMs)
      .sort((a, b) => a.state.nextPollAt - b.state.nextPollAt)
      .slice(0, limit)
      .map((f) => f.feed.id);
  }

  async acquireLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.now();
    const held = this.leases.get(id);
    if (held && held.expiresAt > now) return false;
    this.leases.set(id, { owner, expiresAt: now + ttlMs });
    return true;
  }

  async releaseLease(id: string, owner: string): Promise<boolean> {
    const held = this.leases.get(id);
    if (held?.owner !== owner || held.expiresAt <= this.now()) return false;
    return this.leases.delete(id);
  }
}

export class RedisFeedStore implements FeedStore {
  private readonly keys: Keys;

  constructor(
    private readonly client: RedisClient,
    prefix: string,
  ) {
    this.keys = createKeys(prefix);
  }

  async create(feed: FeedConfig, state: FeedState): Promise<void> {
    const k = this.keys;
    const created = await runRedis(() =>
      this.client.csFeedCreate(
        5,
        k.feeds,
        k.feedStates,
        k.feedUrls,
        k.feedsDue,
        k.partnerFeeds(feed.partnerId),
        feed.id,
        urlField(feed),
        JSON.stringify(feed),
        JSON.stringify(state),
        state.nextPollAt,
      ),
    );
    if (created === 0) throw new ConflictError(`partner ${feed.partnerId} already has a feed at ${feed.url}`);
  }

  async get(id: string): Promise<StoredFeed | undefined> {
    const [feed, state] = await runRedis(() =>
      Promise.all([this.client.hget(this.keys.feeds, id), this.client.hget(this.keys.feedStates, id)]),
    );
    return decode(feed, state);
  }

  async list(partnerId: string): Promise<StoredFeed[]> {
    const ids = await runRedis(() => this.client.smembers(this.keys.partnerFeeds(partnerId)));
    if (ids.length === 0) return [];
    const [feeds, states] = await runRedis(() =>
      Promise.all([
        this.client.hmget(this.keys.feeds, ...ids),
        this.client.hmget(this.keys.feedStates, ...ids),
      ]),
    );
    return feeds
      .map((feed, i) => decode(feed, states[i] ?? null))
      .filter((f): f is StoredFeed => f !== undefined)
      .sort(byCreation);
  }

  async delete(partnerId: string, id: string): Promise<boolean> {
    const existing = await this.get(id);
    if (existing?.feed.partnerId !== partnerId) return false;
    const k = this.keys;
    const deleted = await runRedis(() =>
      this.client.csFeedDelete(
        5,
        k.feeds,
        k.feedStates,
        k.feedUrls,
        k.feedsDue,
        k.partnerFeeds(partnerId),
        id,
        urlField(existing.feed),
      ),
    );
    return deleted === 1;
  }

  async saveState(id: string, state: FeedState): Promise<boolean> {
    const k = this.keys;
    const saved = await runRedis(() =>
      this.client.csFeedSaveState(
        3,
        k.feeds,
        k.feedStates,
        k.feedsDue,
        id,
        JSON.stringify(state),
        state.nextPollAt,
      ),
    );
    return saved === 1;
  }

  async due(nowMs: number, limit: number): Promise<string[]> {
    return runRedis(() => this.client.zrangebyscore(this.keys.feedsDue, '-inf', nowMs, 'LIMIT', 0, limit));
  }

  async acquireLease(id: string, owner: string, ttlMs: number): Promise<boolean> {
    const ok = await runRedis(() =>
      this.client.set(this.keys.feedLease(id), owner, 'PX', Math.ceil(ttlMs), 'NX'),
    );
    return ok === 'OK';
  }

  async releaseLease(id: string, owner: string): Promise<boolean> {
    return (await runRedis(() => this.client.csLeaseRelease(1, this.keys.feedLease(id), owner))) === 1;
  }
}

function decode(feed: string | null, state: string | null): StoredFeed | undefined {
  if (feed === null || state === null) return undefined;
  return { feed: JSON.parse(feed) as FeedConfig, state: JSON.parse(state) as FeedState };
}
