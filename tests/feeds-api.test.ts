import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FeedView } from '../src/services/feeds.js';
import { type FeedServer, renderFixture, startFeedServer, testLookup } from './support/feed-server.js';
import {
  ADMIN_TOKEN,
  auth,
  createPartner,
  createTestContext,
  jsonRequest,
  type TestContext,
} from './support/harness.js';
import { STORES } from './support/stores.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

interface WidgetItem {
  url: string;
  title: string;
  imageUrl?: string;
  category?: string;
  outlet: { id: string };
}

let server: FeedServer;
beforeAll(async () => {
  server = await startFeedServer();
});
afterAll(async () => {
  await server.close();
});

/** A partner host on the fixture server (resolved by testLookup, as a real partner's would be by DNS). */
const at = (host: string, path: string) => `http://${host}:${server.port}${path}`;

function admin(ctx: TestContext) {
  return {
    add: (partnerId: string, body: unknown) =>
      ctx.app.request(`/v1/admin/partners/${partnerId}/feeds`, jsonRequest('POST', body, ADMIN_TOKEN)),
    list: async (partnerId: string) => {
      const res = await ctx.app.request(`/v1/admin/partners/${partnerId}/feeds`, auth(ADMIN_TOKEN));
      return { status: res.status, body: (await res.json()) as { feeds: FeedView[] } };
    },
    feed: async (partnerId: string, feedId: string) => {
      const res = await ctx.app.request(`/v1/admin/partners/${partnerId}/feeds`, auth(ADMIN_TOKEN));
      const { feeds } = (await res.json()) as { feeds: FeedView[] };
      const found = feeds.find((f) => f.id === feedId);
      if (!found) throw new Error(`no feed ${feedId}`);
      return found;
    },
    remove: (partnerId: string, feedId: string) =>
      ctx.app.request(
        `/v1/admin/partners/${partnerId}/feeds/${feedId}`,
        auth(ADMIN_TOKEN, { method: 'DELETE' }),
      ),
  };
}

async function register(
  ctx: TestContext,
  partnerId: string,
  body: Record<string, unknown>,
): Promise<FeedView> {
  const res = await admin(ctx).add(partnerId, body);
  if (res.status !== 201) throw new Error(`feed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { feed: FeedView }).feed;
}

async function widgetItems(ctx: TestContext): Promise<WidgetItem[]> {
  const res = await ctx.app.request(
    '/v1/widget?publisher=evz&url=https://evz.ro/politica/articol-1&limit=20',
  );
  expect(res.status).toBe(200);
  return ((await res.json()) as { items: WidgetItem[] }).items;
}

describe.each(STORES)('partner feeds on the %s', (_name, createContext) => {
  let ctx: TestContext;
  let clock: number;
  const keys: Record<string, string> = {};

  async function setUp(env: Record<string, string> = {}, addressAllowed?: (ip: string) => boolean) {
    clock = Date.now();
    ctx = await createContext({
      env: { FEEDS_ALLOW_PRIVATE_NETWORKS: 'true', FEEDS_ENABLED: 'false', FEEDS_TIMEOUT_MS: '2000', ...env },
      services: {
        now: () => clock,
        answerCacheMs: 0,
        feedNetwork: addressAllowed ? { lookup: testLookup, addressAllowed } : { lookup: testLookup },
      },
    });
    keys.digi24 = await createPartner(ctx.app, {
      id: 'digi24',
      name: 'Digi24',
      domains: ['digi24.ro', 'digi24.test'],
    });
    keys.hotnews = await createPartner(ctx.app, { id: 'hotnews', name: 'HotNews', domains: ['hotnews.ro'] });
    keys.mediafax = await createPartner(ctx.app, {
      id: 'mediafax',
      name: 'Mediafax',
      domains: ['mediafax.ro'],
    });
    const pub = await ctx.app.request(
      '/v1/admin/publishers/evz',
      jsonRequest('PUT', { name: 'EVZ', limit: 20, maxPerOutlet: 20 }, ADMIN_TOKEN),
    );
    expect(pub.status).toBe(200);
  }

  afterEach(async () => {
    await ctx?.close();
  });

  describe('with polls driven by the test', () => {
    beforeEach(async () => {
      await setUp();
    });

    it('registers, lists and deletes feeds per contract', async () => {
      server.route('/contract/rss', { file: 'rss-digi24.xml' });
      const api = admin(ctx);
      const res = await api.add('digi24', { url: at('www.digi24.test', '/contract/rss'), category: 'Știri' });
      expect(res.status).toBe(201);
      const { feed } = (await res.json()) as { feed: FeedView };
      expect(feed).toEqual({
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        partnerId: 'digi24',
        url: at('www.digi24.test', '/contract/rss'),
        kind: null,
        category: 'Știri',
        intervalSeconds: 300,
        createdAt: new Date(clock).toISOString(),
        lastPolledAt: null,
        lastSuccessAt: null,
        lastError: null,
        accepted: 0,
        rejected: 0,
        // A new feed is due at once.
        nextPollAt: new Date(clock).toISOString(),
        lastRejections: [],
        lastPoll: null,
      });

      // The same URL twice (tracking parameters and fragment do not make it another) → 409.
      const again = await api.add('digi24', {
        url: `${at('www.digi24.test', '/contract/rss')}?utm_source=x#top`,
      });
      expect(again.status).toBe(409);
      expect(again.headers.get('content-type')).toContain('application/problem+json');
      clock += 1000;
      const sitemap = await register(ctx, 'digi24', {
        url: at('www.digi24.test', '/contract/sitemap.xml'),
        kind: 'news-sitemap',
        intervalSeconds: 900,
      });
      expect(sitemap).toMatchObject({ kind: 'news-sitemap', intervalSeconds: 900 });

      const listed = await api.list('digi24');
      expect(listed.status).toBe(200);
      expect(listed.body.feeds.map((f) => f.id)).toEqual([feed.id, sitemap.id]);
      for (const f of listed.body.feeds) {
        expect(Object.keys(f)).toEqual(
          expect.arrayContaining([
            'id',
            'url',
            'kind',
            'lastPolledAt',
            'lastSuccessAt',
            'lastError',
            'accepted',
            'rejected',
            'nextPollAt',
          ]),
        );
      }
      expect((await api.list('hotnews')).body.feeds).toEqual([]);

      expect((await api.remove('hotnews', feed.id)).status).toBe(404);
      expect((await api.remove('digi24', feed.id)).status).toBe(204);
      expect((await api.remove('digi24', feed.id)).status).toBe(404);
      expect((await api.remove('digi24', 'not-a-feed-id')).status).toBe(400);
      expect((await api.list('digi24')).body.feeds.map((f) => f.id)).toEqual([sitemap.id]);
    });

    it('answers 404 for an unknown partner, 400 for invalid input, 401 without the admin token', async () => {
      const api = admin(ctx);
      expect((await api.add('antena3', { url: at('www.digi24.test', '/x') })).status).toBe(404);
      expect((await api.list('antena3')).status).toBe(404);
      const cases: [unknown, string][] = [
        [{ url: 'nu e un URL' }, 'url'],
        [{ url: 'ftp://www.digi24.ro/rss' }, 'url'],
        [{ url: at('www.digi24.test', '/x'), kind: 'json' }, 'kind'],
        [{ url: at('www.digi24.test', '/x'), intervalSeconds: 30 }, 'intervalSeconds'],
        [{ url: at('www.digi24.test', '/x'), intervalSeconds: 1.5 }, 'intervalSeconds'],
        [{ url: at('www.digi24.test', '/x'), category: '  ' }, 'category'],
        [{ url: at('www.digi24.test', '/x'), secret: true }, ''],
        [{ url: 'https://nu-exista.digi24.ro/rss' }, 'url'],
      ];
      for (const [body, path] of cases) {
        const res = await api.add('digi24', body);
        expect(res.status, JSON.stringify(body)).toBe(400);
        const problem = (await res.json()) as { errors?: { path: string }[] };
        if (path) expect(problem.errors?.map((e) => e.path)).toContain(path);
      }
      const noToken = await ctx.app.request(
        '/v1/admin/partners/digi24/feeds',
        jsonRequest('POST', { url: at('www.digi24.test', '/x') }),
      );
      expect(noToken.status).toBe(401);
      expect((await ctx.app.request('/v1/admin/partners/digi24/feeds')).status).toBe(401);
    });

    it('ingests an RSS feed into the widget: diacritics in CDATA, canonical URLs, https images only', async () => {
      server.route('/rss/digi24', { file: 'rss-digi24.xml' });
      const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/digi24') });
      expect(await ctx.services.feeds.poller.pollNow(feed.id)).toMatchObject({
        result: 'ok',
        accepted: 4,
        rejected: 0,
      });

      const items = await widgetItems(ctx);
      const byUrl = new Map(items.map((i) => [i.url, i]));
      const budget = byUrl.get(
        'https://www.digi24.ro/stiri/economie/guvernul-a-aprobat-bugetul-2027-3012345',
      );
      expect(budget).toMatchObject({
        title: 'Guvernul a aprobat bugetul: ce se schimbă pentru pensionari şi ţărani în 2027',
        imageUrl: 'https://s.iw.ro/gateway/g/buget-2027.jpg',
        category: 'Economie',
        outlet: { id: 'digi24', name: 'Digi24' },
      });
      expect(byUrl.get('https://www.digi24.ro/stiri/meteo/ninsori-in-carpati-3012346')?.title).toBe(
        'Meteo: ninsori în Carpaţi şi ger în Bucureşti, anunţă ANM',
      );
      // Only an http image: the headline stays, the image goes.
      const protest = byUrl.get(
        'https://www.digi24.ro/stiri/actualitate/proteste-cluj-spital-regional-3012348',
      );
      expect(protest).toBeDefined();
      expect(protest?.imageUrl).toBeUndefined();
      expect(byUrl.has('https://sport.digi24.ro/fotbal/liga-1/fcsb-cfr-cluj-2-1-3012347')).toBe(true);

      const health = await admin(ctx).feed('digi24', feed.id);
      expect(health).toMatchObject({
        kind: 'rss',
        lastPolledAt: new Date(clock).toISOString(),
        lastSuccessAt: new Date(clock).toISOString(),
        lastError: null,
        accepted: 4,
        rejected: 0,
      });
      const next = Date.parse(health.nextPollAt) - clock;
      expect(next).toBeGreaterThanOrEqual(270_000);
      expect(next).toBeLessThanOrEqual(330_000);
      expect(server.requests('/rss/digi24').at(-1)?.['user-agent']).toMatch(
        /^citeste-si\/.+ \(\+feed fetcher\)$/,
      );

      const metrics = await (await ctx.app.request('/metrics')).text();
      expect(metrics).toContain('citeste_si_feed_polls_total{result="ok"} 1');
      expect(metrics).toContain('citeste_si_feed_items_total{result="accepted"} 4');
      expect(metrics).toContain(`citeste_si_feed_last_success_timestamp_seconds{feed="${feed.id}"}`);
      await admin(ctx).remove('digi24', feed.id);
      const after = await (await ctx.app.request('/metrics')).text();
      expect(after).not.toContain(`feed="${feed.id}"`);
      // Deleting the feed does not delete what it brought.
      expect((await widgetItems(ctx)).length).toBe(4);
    });

    it('ingests Atom and news sitemaps; the feed category fills in for items without one', async () => {
      server.route('/atom/hotnews', { file: 'atom-hotnews.xml', type: 'application/atom+xml' });
      server.route('/sitemap/mediafax.xml', { file: 'news-sitemap.xml', type: 'application/xml' });
      const atom = await register(ctx, 'hotnews', { url: at('feeds.hotnews.test', '/atom/hotnews') });
      const sitemap = await register(ctx, 'mediafax', {
        url: at('www.mediafax.test', '/sitemap/mediafax.xml'),
        category: 'Știri',
      });
      expect(await ctx.services.feeds.poller.pollNow(atom.id)).toMatchObject({ result: 'ok', accepted: 2 });
      expect(await ctx.services.feeds.poller.pollNow(sitemap.id)).toMatchObject({
        result: 'ok',
        accepted: 2,
        rejected: 1,
      });

      const items = await widgetItems(ctx);
      expect(
        items
          .filter((i) => i.outlet.id === 'hotnews')
          .map((i) => i.title)
          .sort(),
      ).toEqual([
        'Inflația a scăzut la 4,1% în octombrie',
        'Parlamentul a votat legea pensiilor speciale – ce urmează',
      ]);
      const a1 = items.find((i) => i.url.includes('trafic-restrictionat-pe-a1'));
      expect(a1).toMatchObject({
        title: 'Trafic restricționat pe A1 pentru lucrări & reparații, între Pitești și Sibiu',
        category: 'Știri',
        imageUrl: 'https://storage0.dms.mpinteractiv.ro/media/1/1/1/22100001/a1.jpg',
      });
      const health = await admin(ctx).feed('mediafax', sitemap.id);
      expect(health).toMatchObject({ kind: 'news-sitemap', accepted: 2, rejected: 1, lastError: null });
      expect(health.lastRejections).toEqual([
        {
          item: 3,
          url: 'https://www.mediafax.ro/cultura/fara-titlu-22100003',
          errors: [expect.objectContaining({ path: 'title' })],
        },
      ]);
    });

    it('follows a sitemap index to its three newest sitemaps (a .xml.gz among them), numbering items across them', async () => {
      const iso = (minutesAgo: number) => new Date(clock - minutesAgo * 60_000).toISOString();
      const loc = (path: string) => at('www.mediafax.test', path);
      const entry = (path: string, lastmod: string) =>
        `<sitemap><loc>${loc(path)}</loc><lastmod>${lastmod}</lastmod></sitemap>`;
      server.route('/index/sitemap-index.xml', {
        type: 'application/xml',
        body:
          '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
          entry('/index/old.xml', '2020-01-01') +
          entry('/index/news.xml.gz', iso(5)) +
          entry('/index/missing.xml', iso(60)) +
          entry('/index/second.xml', iso(120)) +
          '</sitemapindex>',
      });
      server.route('/index/news.xml.gz', {
        type: 'application/x-gzip',
        body: gzipSync(renderFixture('news-sitemap.xml', clock)),
      });
      server.route('/index/missing.xml', { status: 404, body: 'not found' });
      server.route('/index/second.xml', {
        type: 'application/xml',
        body:
          '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">' +
          '<url><loc>https://www.mediafax.ro/social/a-doua-harta-22100009</loc><news:news>' +
          `<news:publication_date>${iso(30)}</news:publication_date><news:title>A doua hartă a site-ului, citită</news:title>` +
          '</news:news></url></urlset>',
      });
      server.route('/index/old.xml', { type: 'application/xml', body: '<urlset/>' });
      const seen = (path: string) => server.requests(path).length;
      const before = { old: seen('/index/old.xml'), missing: seen('/index/missing.xml') };
      const feed = await register(ctx, 'mediafax', { url: loc('/index/sitemap-index.xml') });
      expect(await ctx.services.feeds.poller.pollNow(feed.id)).toMatchObject({
        result: 'ok',
        accepted: 3,
        rejected: 1,
      });
      expect(seen('/index/old.xml')).toBe(before.old);
      expect(seen('/index/missing.xml')).toBe(before.missing + 1);
      const titles = (await widgetItems(ctx)).filter((i) => i.outlet.id === 'mediafax').map((i) => i.title);
      expect(titles).toContain('A doua hartă a site-ului, citită');
      const health = await admin(ctx).feed('mediafax', feed.id);
      expect(health).toMatchObject({ kind: 'news-sitemap', lastError: null, accepted: 3, rejected: 1 });
      expect(health.lastPoll).toMatchObject({ items: 4, accepted: 3, rejected: 1 });
      expect(health.lastRejections).toEqual([
        expect.objectContaining({ item: 3, url: 'https://www.mediafax.ro/cultura/fara-titlu-22100003' }),
      ]);
    });

    it('refuses a gzip file that unpacks past the size cap, and names a damaged one', async () => {
      server.route('/gz/bomb.xml.gz', {
        type: 'application/x-gzip',
        body: gzipSync(Buffer.alloc(6 * 1024 * 1024, 0x20)),
      });
      server.route('/gz/damaged.xml.gz', {
        type: 'application/x-gzip',
        body: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3]),
      });
      const bomb = await register(ctx, 'mediafax', { url: at('www.mediafax.test', '/gz/bomb.xml.gz') });
      expect(await ctx.services.feeds.poller.pollNow(bomb.id)).toMatchObject({
        result: 'error',
        error: 'the gzip file unpacks to more than 5242880 bytes',
      });
      const damaged = await register(ctx, 'mediafax', { url: at('www.mediafax.test', '/gz/damaged.xml.gz') });
      expect(await ctx.services.feeds.poller.pollNow(damaged.id)).toMatchObject({
        result: 'error',
        error: 'the body is a damaged gzip file',
      });
    });

    it('fails a sitemap index none of whose newest sitemaps can be read, saying why', async () => {
      server.route('/index/broken-index.xml', {
        type: 'application/xml',
        body: `<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>${at('www.mediafax.test', '/index/gone.xml')}</loc></sitemap></sitemapindex>`,
      });
      server.route('/index/gone.xml', { status: 404, body: 'not found' });
      const feed = await register(ctx, 'mediafax', {
        url: at('www.mediafax.test', '/index/broken-index.xml'),
      });
      const outcome = await ctx.services.feeds.poller.pollNow(feed.id);
      expect(outcome.result).toBe('error');
      expect(outcome.error).toMatch(
        /^a sitemap index whose newest sitemaps could not be read \(http:\/\/www\.mediafax\.test:\d+\/index\/gone\.xml: the server answered HTTP 404\)$/,
      );
    });

    it('skips and counts broken items without failing the feed', async () => {
      server.route('/rss/broken', { file: 'rss-broken-items.xml' });
      const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/broken') });
      const outcome = await ctx.services.feeds.poller.pollNow(feed.id);
      // The valid item and the relative link (resolved against the feed URL, a digi24 host) get in.
      expect(outcome).toMatchObject({ result: 'ok', accepted: 2, rejected: 7 });
      const health = await admin(ctx).feed('digi24', feed.id);
      expect(health).toMatchObject({ lastError: null, accepted: 2, rejected: 7 });
      // Every refusal is counted in the last poll, its reasons tallied (the commonest first).
      expect(health.lastPoll).toMatchObject({ items: 9, accepted: 2, rejected: 7, encoding: 'utf-8' });
      expect(health.lastPoll?.reasons.reduce((n, r) => n + r.count, 0)).toBe(7);
      expect(health.lastPoll?.reasons).toContainEqual({
        reason: expect.stringMatching(/^publishedAt: unreadable date "ieri la prânz"/),
        count: 1,
      });
      const reasons = Object.fromEntries(
        health.lastRejections.map((r) => [r.url ?? '(no url)', r.errors[0]?.path]),
      );
      expect(reasons).toMatchObject({
        '(no url)': 'url',
        'https://www.antena3.ro/actualitate/altceva-123': 'url',
        'https://www.digi24.ro/stiri/actualitate/fara-titlu-3020004': 'title',
        'https://www.digi24.ro/stiri/actualitate/data-necitita-3020005': 'publishedAt',
        'https://www.digi24.ro/stiri/actualitate/din-viitor-3020006': 'publishedAt',
        'javascript:alert(document.cookie)': 'url',
        'https://www.digi24.ro/stiri/actualitate/veche-3020008': 'publishedAt',
      });
      const urls = (await widgetItems(ctx)).map((i) => i.url);
      expect(urls.sort()).toEqual([
        `http://www.digi24.test:${server.port}/rss/stiri/actualitate/link-relativ-3020009`,
        'https://www.digi24.ro/stiri/actualitate/stire-buna-3020001',
      ]);
    });

    it('honours ETag: a 304 re-ingests nothing', async () => {
      server.route('/rss/etag', { file: 'rss-digi24.xml', etag: true });
      const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/etag') });
      expect((await ctx.services.feeds.poller.pollNow(feed.id)).result).toBe('ok');
      const firstPoll = clock;
      clock += 6 * MINUTE;
      expect(await ctx.services.feeds.poller.tick()).toEqual([
        { feedId: feed.id, result: 'not_modified', accepted: 0, rejected: 0 },
      ]);
      const [first, second] = server.requests('/rss/etag');
      expect(first?.['if-none-match']).toBeUndefined();
      expect(second?.['if-none-match']).toMatch(/^"[0-9a-f]+"$/);
      const health = await admin(ctx).feed('digi24', feed.id);
      expect(health).toMatchObject({
        accepted: 4,
        lastSuccessAt: new Date(clock).toISOString(),
        lastError: null,
      });
      // The stored headlines were not rewritten.
      const listed = (await (await ctx.app.request('/v1/headlines', auth(keys.digi24 ?? ''))).json()) as {
        headlines: { updatedAt: string }[];
      };
      expect(listed.headlines.map((h) => h.updatedAt)).toEqual(
        Array(4).fill(new Date(firstPoll).toISOString()),
      );
    });

    it('updates changed items and keeps items gone from the feed until they expire', async () => {
      const v1 = renderFixture('rss-digi24.xml');
      server.route('/rss/changing', { body: v1 });
      const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/changing') });
      await ctx.services.feeds.poller.pollNow(feed.id);

      // The next version: a corrected title, the protest story dropped from the feed.
      const v2 = v1
        .replace('ce se schimbă pentru pensionari', 'ce se schimbă pentru pensionari și salariați')
        .replace(/<item>\s*<title>Proteste[\s\S]*?<\/item>/, '');
      server.route('/rss/changing', { body: v2 });
      clock += 6 * MINUTE;
      expect(await ctx.services.feeds.poller.tick()).toEqual([
        { feedId: feed.id, result: 'ok', accepted: 3, rejected: 0 },
      ]);
      // Same body again, without ETag or Last-Modified: recognised, not re-ingested.
      clock += 6 * MINUTE;
      expect((await ctx.services.feeds.poller.tick())[0]?.result).toBe('not_modified');

      const titles = (await widgetItems(ctx)).map((i) => i.title);
      expect(titles).toContain(
        'Guvernul a aprobat bugetul: ce se schimbă pentru pensionari și salariați şi ţărani în 2027',
      );
      expect(titles).not.toContain(
        'Guvernul a aprobat bugetul: ce se schimbă pentru pensionari şi ţărani în 2027',
      );
      expect(titles).toContain('Proteste la Cluj: sute de oameni în stradă pentru spitalul regional');

      // The protest story was published 5 h before the fixture's base time: it expires 72 h after that.
      clock += 68 * HOUR;
      const listed = (await (await ctx.app.request('/v1/headlines', auth(keys.digi24 ?? ''))).json()) as {
        headlines: { title: string }[];
      };
      const live = listed.headlines.map((h) => h.title);
      expect(live).not.toContain('Proteste la Cluj: sute de oameni în stradă pentru spitalul regional');
      expect(live).toContain(
        'Guvernul a aprobat bugetul: ce se schimbă pentru pensionari și salariați şi ţărani în 2027',
      );
    });

    it('backs off exponentially on failures, capped at an hour, and recovers', async () => {
      server.route('/rss/flaky', { status: 503, body: 'Service Unavailable', type: 'text/plain' });
      const feed = await register(ctx, 'digi24', {
        url: at('www.digi24.test', '/rss/flaky'),
        intervalSeconds: 300,
      });
      const delays: number[] = [];
      for (let i = 0; i < 6; i++) {
        expect((await ctx.services.feeds.poller.pollNow(feed.id)).result).toBe('error');
        const health = await admin(ctx).feed('digi24', feed.id);
        delays.push((Date.parse(health.nextPollAt) - clock) / 1000);
        expect(health.lastError).toBe('the server answered HTTP 503');
      }
      // 600, 1200, 2400, then the one-hour cap; ±10 % jitter.
      const expected = [600, 1200, 2400, 3600, 3600, 3600];
      delays.forEach((d, i) => {
        expect(d).toBeGreaterThanOrEqual((expected[i] ?? 0) * 0.9);
        expect(d).toBeLessThanOrEqual((expected[i] ?? 0) * 1.1);
      });
      server.route('/rss/flaky', { file: 'rss-digi24.xml' });
      expect((await ctx.services.feeds.poller.pollNow(feed.id)).result).toBe('ok');
      const health = await admin(ctx).feed('digi24', feed.id);
      expect(health.lastError).toBeNull();
      expect(Date.parse(health.nextPollAt) - clock).toBeLessThanOrEqual(330_000);
    });

    it('reports malformed and hostile XML as errors and ingests nothing from them', async () => {
      server.route('/rss/malformed', { file: 'malformed.xml' });
      server.route('/rss/hostile', { file: 'hostile-billion-laughs.xml' });
      server.route('/rss/html', {
        body: '<!doctype html><html><body>Mentenanță</body></html>',
        type: 'text/html',
      });
      const malformed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/malformed') });
      const hostile = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/hostile') });
      const html = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/html') });
      const poller = ctx.services.feeds.poller;
      expect(await poller.pollNow(malformed.id)).toMatchObject({
        result: 'error',
        error: expect.stringMatching(/^malformed XML/),
      });
      expect(await poller.pollNow(hostile.id)).toMatchObject({
        result: 'error',
        error: 'the document declares DTD entities; refused',
      });
      expect((await poller.pollNow(html.id)).error).toMatch(/refused|not a feed/);
      expect(await widgetItems(ctx)).toEqual([]);
      expect((await ctx.app.request('/health')).status).toBe(200);

      // The partner fixes the feed: the next poll succeeds and clears the error.
      server.route('/rss/malformed', { file: 'rss-digi24.xml' });
      expect(await poller.pollNow(malformed.id)).toMatchObject({ result: 'ok', accepted: 4 });
      expect((await admin(ctx).feed('digi24', malformed.id)).lastError).toBeNull();
    });

    it('gives up on a slow feed at FEEDS_TIMEOUT_MS', async () => {
      await ctx.close();
      await setUp({ FEEDS_TIMEOUT_MS: '200' });
      server.route('/rss/slow', { hang: true });
      const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/slow') });
      expect(await ctx.services.feeds.poller.pollNow(feed.id)).toMatchObject({
        result: 'error',
        error: 'no complete answer within 200 ms',
      });
      expect(await admin(ctx).feed('digi24', feed.id)).toMatchObject({ lastSuccessAt: null, accepted: 0 });
    });
  });

  it('refuses a redirect to a private address when private networks are not allowed', async () => {
    // The fixture server plays a partner's public host; everything else private stays private.
    await setUp({ FEEDS_ALLOW_PRIVATE_NETWORKS: 'false' }, (ip) => ip === '127.0.0.1');
    server.route('/rss/to-metadata', { redirect: 'http://169.254.169.254/latest/meta-data/' });
    server.route('/rss/to-intranet', { redirect: 'http://intranet.digi24.ro/rss' });
    const poller = ctx.services.feeds.poller;
    const metadata = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/to-metadata') });
    const intranet = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/to-intranet') });
    expect((await poller.pollNow(metadata.id)).error).toMatch(
      /^169\.254\.169\.254 resolves to 169\.254\.169\.254/,
    );
    expect((await poller.pollNow(intranet.id)).error).toMatch(
      /^intranet\.digi24\.ro resolves to 10\.20\.30\.40/,
    );
    expect(await widgetItems(ctx)).toEqual([]);
  });

  it('polls a new feed at once when the poller runs', async () => {
    await setUp({ FEEDS_ENABLED: 'true' });
    server.route('/rss/auto', { file: 'rss-digi24.xml' });
    const feed = await register(ctx, 'digi24', { url: at('www.digi24.test', '/rss/auto') });
    const polled = await vi.waitFor(
      async () => {
        const f = await admin(ctx).feed('digi24', feed.id);
        if (f.lastSuccessAt === null) throw new Error('not polled yet');
        return f;
      },
      { timeout: 5000, interval: 20 },
    );
    expect(polled).toMatchObject({ accepted: 4, lastError: null });
    expect((await widgetItems(ctx)).length).toBe(4);
  });
});

describe('feed registration without private networks', () => {
  let ctx: TestContext;
  beforeEach(async () => {
    ctx = await createTestContext({ env: { FEEDS_ENABLED: 'false' } });
    await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
  });
  afterEach(async () => {
    await ctx.close();
  });

  it.each([
    () => `http://127.0.0.1:${server.port}/rss`,
    () => `http://localhost:${server.port}/rss`,
    () => `http://[::1]:${server.port}/rss`,
    () => `http://[::ffff:127.0.0.1]:${server.port}/rss`,
    () => 'http://169.254.169.254/latest/meta-data/',
    () => 'http://10.0.0.8/rss',
    () => 'http://192.168.1.1/rss',
    () => 'http://100.64.0.1/rss',
  ])('refuses %s with a clear problem', async (url) => {
    const res = await ctx.app.request(
      '/v1/admin/partners/digi24/feeds',
      jsonRequest('POST', { url: url() }, ADMIN_TOKEN),
    );
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { errors: { path: string; message: string }[] };
    expect(problem.errors[0]?.path).toBe('url');
    expect(problem.errors[0]?.message).toMatch(
      /cannot be fetched safely: .* resolves to .*non-public address/,
    );
  });
});
