import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedView } from '../src/services/feeds.js';
import { type FeedServer, startFeedServer, testLookup } from './support/feed-server.js';
import {
  ADMIN_TOKEN,
  createPartner,
  createTestContext,
  createTestRedisStore,
  dropPrefix,
  jsonRequest,
  type TestContext,
  testPrefix,
} from './support/harness.js';

const MINUTE = 60_000;

describe('two instances on one Redis', () => {
  let server: FeedServer;
  let a: TestContext;
  let b: TestContext;
  let prefix: string;
  let clock: number;
  let feed: FeedView;

  beforeAll(async () => {
    server = await startFeedServer();
    // Slow enough that the two instances' polls would overlap if both were let in.
    server.route('/rss', { file: 'rss-digi24.xml', delayMs: 150 });
  });
  afterAll(async () => {
    await server.close();
  });

  beforeEach(async () => {
    prefix = testPrefix();
    clock = Date.now();
    const instance = async () =>
      createTestContext({
        store: await createTestRedisStore(prefix),
        env: { FEEDS_ALLOW_PRIVATE_NETWORKS: 'true', FEEDS_ENABLED: 'false' },
        services: { now: () => clock, feedNetwork: { lookup: testLookup } },
      });
    a = await instance();
    b = await instance();
    await createPartner(a.app, { id: 'digi24', domains: ['digi24.ro', 'digi24.test'] });
    const res = await a.app.request(
      '/v1/admin/partners/digi24/feeds',
      jsonRequest('POST', { url: `http://www.digi24.test:${server.port}/rss` }, ADMIN_TOKEN),
    );
    feed = ((await res.json()) as { feed: FeedView }).feed;
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close()]);
    await dropPrefix(prefix);
  });

  it('never poll one feed at once: the second asks while the first holds the lease', async () => {
    const before = server.requests('/rss').length;
    const outcomes = await Promise.all([
      a.services.feeds.poller.pollNow(feed.id),
      b.services.feeds.poller.pollNow(feed.id),
    ]);
    expect(outcomes.map((o) => o.result).sort()).toEqual(['busy', 'ok']);
    expect(server.requests('/rss').length - before).toBe(1);
    expect(server.maxConcurrent('/rss')).toBe(1);
  });

  it('share one schedule: each due poll is made by exactly one of them, round after round', async () => {
    const before = server.requests('/rss').length;
    for (let round = 0; round < 4; round++) {
      const [fromA, fromB] = await Promise.all([
        a.services.feeds.poller.tick(),
        b.services.feeds.poller.tick(),
      ]);
      const polled = [...fromA, ...fromB].filter((o) => o.result === 'ok' || o.result === 'not_modified');
      expect(polled).toHaveLength(1);
      // Not due again until its interval has passed.
      expect([...(await a.services.feeds.poller.tick()), ...(await b.services.feeds.poller.tick())]).toEqual(
        [],
      );
      clock += 6 * MINUTE;
    }
    expect(server.requests('/rss').length - before).toBe(4);
    expect(server.maxConcurrent('/rss')).toBe(1);
    // What one instance ingested, the other serves: both see the same feed health.
    const health = await b.app.request('/v1/admin/partners/digi24/feeds', {
      headers: { Authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(((await health.json()) as { feeds: FeedView[] }).feeds[0]).toMatchObject({
      accepted: 4,
      lastError: null,
    });
  });
});
