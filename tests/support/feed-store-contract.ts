// One contract every FeedStore must keep; run against the embedded twin and real Redis.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors.js';
import type { FeedConfig, FeedState, FeedStore } from '../../src/store/feeds.js';

export function feed(id: string, partnerId: string, extra: Partial<FeedConfig> = {}): FeedConfig {
  return {
    id,
    partnerId,
    url: `https://www.${partnerId}.ro/rss/${id}`,
    intervalSeconds: 300,
    createdAt: new Date(Date.UTC(2026, 10, 29, 9, 0, Number.parseInt(id.slice(-2), 16) % 60)).toISOString(),
    ...extra,
  };
}

export const freshState = (nextPollAt: number): FeedState => ({
  nextPollAt,
  accepted: 0,
  rejected: 0,
  failures: 0,
});

export function feedStoreContract(
  name: string,
  create: () => Promise<{ feeds: FeedStore; cleanup: () => Promise<void> }>,
) {
  describe(`FeedStore contract: ${name}`, () => {
    let feeds: FeedStore;
    let cleanup: () => Promise<void>;
    const now = Date.now();

    beforeEach(async () => {
      ({ feeds, cleanup } = await create());
    });
    afterEach(async () => {
      await cleanup();
    });

    it('creates feeds, one per URL and partner, and lists a partner’s own, oldest first', async () => {
      await feeds.create(feed('00000000000000a2', 'digi24'), freshState(now));
      await feeds.create(
        feed('00000000000000a1', 'digi24', { url: 'https://www.digi24.ro/rss/b' }),
        freshState(now),
      );
      await feeds.create(feed('00000000000000b1', 'mediafax'), freshState(now));
      await expect(
        feeds.create(
          feed('00000000000000a3', 'digi24', { url: feed('00000000000000a2', 'digi24').url }),
          freshState(now),
        ),
      ).rejects.toBeInstanceOf(ConflictError);
      // Another partner may register the same URL (an aggregator feed, say).
      await feeds.create(
        feed('00000000000000b2', 'mediafax', { url: feed('00000000000000a2', 'digi24').url }),
        freshState(now),
      );
      expect((await feeds.list('digi24')).map((f) => f.feed.id)).toEqual([
        '00000000000000a1',
        '00000000000000a2',
      ]);
      expect(await feeds.get('00000000000000a2')).toEqual({
        feed: feed('00000000000000a2', 'digi24'),
        state: freshState(now),
      });
      expect(await feeds.get('nope')).toBeUndefined();
      expect(await feeds.list('nobody')).toEqual([]);
    });

    it('deletes only the partner’s own feed, frees its URL and stops scheduling it', async () => {
      await feeds.create(feed('00000000000000a1', 'digi24'), freshState(now));
      expect(await feeds.delete('mediafax', '00000000000000a1')).toBe(false);
      expect(await feeds.delete('digi24', '00000000000000a1')).toBe(true);
      expect(await feeds.delete('digi24', '00000000000000a1')).toBe(false);
      expect(await feeds.get('00000000000000a1')).toBeUndefined();
      expect(await feeds.due(now + 1, 10)).toEqual([]);
      await feeds.create(feed('00000000000000a9', 'digi24'), freshState(now));
      expect((await feeds.list('digi24')).map((f) => f.feed.id)).toEqual(['00000000000000a9']);
    });

    it('saves state and schedules by nextPollAt; a deleted feed is never resurrected by a late save', async () => {
      await feeds.create(feed('00000000000000a1', 'digi24'), freshState(now - 1000));
      await feeds.create(
        feed('00000000000000a2', 'digi24', { url: 'https://x.digi24.ro/rss' }),
        freshState(now),
      );
      await feeds.create(
        feed('00000000000000a3', 'digi24', { url: 'https://y.digi24.ro/rss' }),
        freshState(now + 60_000),
      );
      expect(await feeds.due(now, 10)).toEqual(['00000000000000a1', '00000000000000a2']);
      expect(await feeds.due(now, 1)).toEqual(['00000000000000a1']);

      const state: FeedState = {
        ...freshState(now + 300_000),
        lastPolledAt: now,
        lastSuccessAt: now,
        accepted: 4,
        rejected: 1,
        etag: '"abc"',
        lastRejections: [
          { url: 'https://www.digi24.ro/x', errors: [{ path: 'title', message: 'must not be empty' }] },
        ],
      };
      expect(await feeds.saveState('00000000000000a1', state)).toBe(true);
      expect((await feeds.get('00000000000000a1'))?.state).toEqual(state);
      expect(await feeds.due(now, 10)).toEqual(['00000000000000a2']);

      await feeds.delete('digi24', '00000000000000a2');
      expect(await feeds.saveState('00000000000000a2', freshState(now))).toBe(false);
      expect(await feeds.get('00000000000000a2')).toBeUndefined();
      expect(await feeds.due(now + 3600_000, 10)).toEqual(['00000000000000a3', '00000000000000a1']);
    });

    it('leases a feed to one owner at a time; only the owner releases it; an expired lease is free', async () => {
      expect(await feeds.acquireLease('00000000000000a1', 'instance-a', 60_000)).toBe(true);
      expect(await feeds.acquireLease('00000000000000a1', 'instance-b', 60_000)).toBe(false);
      expect(await feeds.acquireLease('00000000000000a2', 'instance-b', 60_000)).toBe(true);
      expect(await feeds.releaseLease('00000000000000a1', 'instance-b')).toBe(false);
      expect(await feeds.acquireLease('00000000000000a1', 'instance-b', 60_000)).toBe(false);
      expect(await feeds.releaseLease('00000000000000a1', 'instance-a')).toBe(true);
      expect(await feeds.releaseLease('00000000000000a1', 'instance-a')).toBe(false);
      expect(await feeds.acquireLease('00000000000000a1', 'instance-b', 60_000)).toBe(true);

      expect(await feeds.acquireLease('00000000000000a3', 'instance-a', 30)).toBe(true);
      await new Promise((r) => setTimeout(r, 60));
      expect(await feeds.acquireLease('00000000000000a3', 'instance-b', 60_000)).toBe(true);
      // The expired owner cannot release the lease that is now someone else's.
      expect(await feeds.releaseLease('00000000000000a3', 'instance-a')).toBe(false);
      expect(await feeds.acquireLease('00000000000000a3', 'instance-c', 60_000)).toBe(false);
    });

    it('under contention exactly one of many concurrent claimants gets the lease', async () => {
      const claims = await Promise.all(
        Array.from({ length: 20 }, (_, i) => feeds.acquireLease('00000000000000c1', `owner-${i}`, 60_000)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
    });
  });
}
