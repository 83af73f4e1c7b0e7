// Encoded thumbnails and remembered image failures, beside the main Store: one interface, a Redis implementation
// every instance shares (a byte budget kept by thumbs-put.lua) and an embedded twin (an LRU by bytes).
import { LRUCache } from 'lru-cache';
import { createKeys, type Keys } from './keys.js';
import { type RedisClient, runRedis } from './redis-connection.js';

export interface ThumbnailCache {
  /** An encoded thumbnail by name ("<source hash>:320.webp"); a hit counts as a use. */
  get(name: string): Promise<Buffer | undefined>;
  /** Stores thumbnails together; the least recently used ones leave when the byte budget is exceeded. */
  put(entries: ReadonlyMap<string, Buffer>): Promise<void>;
  /** Why the source image failed, while that is remembered. */
  failure(sourceHash: string): Promise<string | undefined>;
  /** Remembers a failed source image for ttlSeconds, so it is not fetched again on every request. */
  fail(sourceHash: string, reason: string, ttlSeconds: number): Promise<void>;
}

export interface ThumbnailCacheOptions {
  /** Budget of all thumbnails together, in bytes. */
  maxBytes: number;
  /** An entry unused this long is dropped (seconds). */
  ttlSeconds: number;
  now?: () => number;
}

export class MemoryThumbnailCache implements ThumbnailCache {
  private readonly entries: LRUCache<string, Buffer>;
  private readonly failures = new LRUCache<string, string>({ max: 10_000 });

  constructor(options: ThumbnailCacheOptions) {
    this.entries = new LRUCache<string, Buffer>({
      maxSize: options.maxBytes,
      sizeCalculation: (b) => Math.max(1, b.length),
      ttl: options.ttlSeconds * 1000,
      updateAgeOnGet: true,
    });
  }

  async get(name: string): Promise<Buffer | undefined> {
    return this.entries.get(name);
  }

  async put(entries: ReadonlyMap<string, Buffer>): Promise<void> {
    for (const [name, value] of entries) this.entries.set(name, value);
  }

  async failure(sourceHash: string): Promise<string | undefined> {
    return this.failures.get(sourceHash);
  }

  async fail(sourceHash: string, reason: string, ttlSeconds: number): Promise<void> {
    this.failures.set(sourceHash, reason, { ttl: ttlSeconds * 1000 });
  }
}

/**
 * Entries are plain binary strings with a sliding TTL; thumbs-put.lua keeps a sorted set of last uses and a
 * byte counter beside them and evicts the least recently used past the budget. All keys share the {thumbs}
 * slot (one Cluster node holds the budget, which is why the budget is small and enforced).
 */
export class RedisThumbnailCache implements ThumbnailCache {
  private readonly keys: Keys['thumbnails'];
  private readonly now: () => number;

  constructor(
    private readonly client: RedisClient,
    prefix: string,
    private readonly options: ThumbnailCacheOptions,
  ) {
    this.keys = createKeys(prefix).thumbnails;
    this.now = options.now ?? Date.now;
  }

  async get(name: string): Promise<Buffer | undefined> {
    const key = this.keys.entry(name);
    const value = await runRedis(() => this.client.getBuffer(key));
    if (value === null) return undefined;
    // A use moves the entry to the back of the eviction order and renews its TTL; losing this is harmless.
    this.client
      .multi()
      .zadd(this.keys.lastUsed, 'XX', this.now(), key)
      .expire(key, this.options.ttlSeconds)
      .exec()
      .catch(() => {});
    return value;
  }

  async put(entries: ReadonlyMap<string, Buffer>): Promise<void> {
    if (entries.size === 0) return;
    const names = [...entries.keys()];
    await runRedis(() =>
      this.client.csThumbsPut(
        3 + names.length,
        this.keys.lastUsed,
        this.keys.sizes,
        this.keys.bytes,
        ...names.map((n) => this.keys.entry(n)),
        this.now(),
        this.options.ttlSeconds,
        this.options.maxBytes,
        ...entries.values(),
      ),
    );
  }

  async failure(sourceHash: string): Promise<string | undefined> {
    return (await runRedis(() => this.client.get(this.keys.failure(sourceHash)))) ?? undefined;
  }

  async fail(sourceHash: string, reason: string, ttlSeconds: number): Promise<void> {
    await runRedis(() =>
      this.client.set(this.keys.failure(sourceHash), reason, 'EX', Math.max(1, ttlSeconds)),
    );
  }
}
