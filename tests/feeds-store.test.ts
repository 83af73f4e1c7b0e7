import { describe, expect, it } from 'vitest';
import { MemoryFeedStore, RedisFeedStore } from '../src/store/feeds.js';
import { MemoryStore } from '../src/store/memory.js';
import { feedStoreContract } from './support/feed-store-contract.js';
import { createTestRedisStore, dropPrefix, redisUrl, testPrefix } from './support/harness.js';

feedStoreContract('embedded memory twin', async () => ({
  feeds: new MemoryFeedStore(),
  cleanup: async () => {},
}));

feedStoreContract('Redis', async () => {
  const prefix = testPrefix();
  const store = await createTestRedisStore(prefix);
  return {
    feeds: store.feedStore(),
    cleanup: async () => {
      await store.close();
      await dropPrefix(prefix);
    },
  };
});

describe('Store.feedStore', () => {
  it('builds the Redis one on the store’s connection and prefix, with every key in the {feeds} slot', async () => {
    const prefix = testPrefix();
    const store = await createTestRedisStore(prefix);
    const feeds = store.feedStore();
    expect(feeds).toBeInstanceOf(RedisFeedStore);
    await feeds.create(
      {
        id: '0123456789abcdef',
        partnerId: 'digi24',
        url: 'https://www.digi24.ro/rss',
        intervalSeconds: 300,
        createdAt: new Date().toISOString(),
      },
      { nextPollAt: Date.now(), accepted: 0, rejected: 0, failures: 0 },
    );
    await feeds.acquireLease('0123456789abcdef', 'me', 10_000);
    const { Redis } = await import('ioredis');
    const raw = new Redis(redisUrl());
    const keys = await raw.keys(`${prefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(5);
    expect(keys.every((k) => k.startsWith(`${prefix}{feeds}:`))).toBe(true);
    await raw.quit();
    await store.close();
    await dropPrefix(prefix);
  });

  it('gives every service set on one embedded store the same twin', () => {
    const store = new MemoryStore();
    expect(store.feedStore()).toBe(store.feedStore());
    expect(store.feedStore()).not.toBe(new MemoryStore().feedStore());
  });
});
