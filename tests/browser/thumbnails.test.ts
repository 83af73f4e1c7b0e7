// The embed's card images in real Chromium: thumbnails instead of the partners' full-size photos, measured in
// bytes against the originals, with no layout shift, and the logo / tile fallback for broken images.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cardPhotos, corruptJpeg } from '../fixtures/images/make.js';
import { type ImageServer, startImageServer } from '../fixtures/images/server.js';
import { ADMIN_TOKEN, jsonRequest } from '../support/harness.js';
import { launch, layoutShift, reader, type Sites, startSites } from './fixtures.js';

let images: ImageServer;
let sites: Sites;
let browser: Browser;
let originals: Buffer[];

const TITLES = [
  'Guvernul a aprobat bugetul pentru anul viitor',
  'Cod roșu de caniculă în sudul țării',
  'Simona Halep revine pe teren după accidentare',
  'BNR a păstrat dobânda de politică monetară',
  'Festivalul de la Cluj a bătut recordul de spectatori',
  'Trenuri anulate din cauza căldurii extreme',
];

async function partner(id: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await sites.ctx.app.request(
    '/v1/admin/partners',
    jsonRequest(
      'POST',
      { id, name: id.toUpperCase(), domains: [`${id}.test`], imageHosts: ['foto.test'], ...extra },
      ADMIN_TOKEN,
    ),
  );
  if (res.status !== 201) throw new Error(`partner ${id}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { apiKey: string }).apiKey;
}

async function push(key: string, headlines: Record<string, unknown>[]): Promise<void> {
  const res = await sites.ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines }, key));
  const body = (await res.json()) as { accepted: number };
  if (body.accepted !== headlines.length) throw new Error(`push: ${JSON.stringify(body)}`);
}

async function publisher(id: string, includePartners: string[]): Promise<void> {
  const res = await sites.ctx.app.request(
    `/v1/admin/publishers/${id}`,
    jsonRequest('PUT', { name: id, includePartners, limit: 6, maxPerOutlet: 2 }, ADMIN_TOKEN),
  );
  if (res.status !== 200) throw new Error(`publisher ${id}: ${res.status}`);
}

beforeAll(async () => {
  images = await startImageServer();
  [sites, browser, originals] = await Promise.all([
    startSites({ services: { imageNetwork: images.network } }),
    launch(),
    cardPhotos(),
  ]);
  // Three outlets, two headlines each, every image a ~0.4 MB photo on the outlets' shared image host.
  for (const [n, id] of ['ziar-a', 'ziar-b', 'ziar-c'].entries()) {
    const key = await partner(id);
    await push(
      key,
      [0, 1].map((j) => {
        const i = n * 2 + j;
        images.route(`/card-${i}.jpg`, { body: originals[i] ?? Buffer.alloc(0) });
        return {
          url: `https://www.${id}.test/stiri/${i}`,
          title: TITLES[i],
          publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
          imageUrl: images.url('img.foto.test', `/card-${i}.jpg`),
        };
      }),
    );
  }
  await publisher('usor', ['ziar-a', 'ziar-b', 'ziar-c']);
  // An outlet with a logo: one headline whose image is broken, one without an image.
  images.route('/broken.jpg', { body: await corruptJpeg() });
  const key = await partner('ziar-d', { logoUrl: images.url('img.foto.test', '/logo.png') });
  await push(key, [
    {
      url: 'https://www.ziar-d.test/stiri/1',
      title: 'Prețul benzinei scade de luni în toată țara',
      publishedAt: new Date().toISOString(),
      imageUrl: images.url('img.foto.test', '/broken.jpg'),
    },
    {
      url: 'https://www.ziar-d.test/stiri/2',
      title: 'Spitalele din Capitală, pregătite pentru val de căldură',
      publishedAt: new Date().toISOString(),
    },
  ]);
  await publisher('rupt', ['ziar-d']);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sites?.close();
  await images?.close();
});

/** A reader whose browser gets the partners' image host answered from the fixtures (there is no DNS for it). */
async function imageReader(options: { originals: boolean }): Promise<BrowserContext> {
  const context = await reader(browser);
  await context.route(/^https:\/\/img\.foto\.test:\d+\//, async (route) => {
    const path = new URL(route.request().url()).pathname;
    const i = Number(path.replace(/\D/g, ''));
    if (path === '/logo.png') {
      const logo = Buffer.from(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0b2545"/></svg>',
      );
      return route.fulfill({ status: 200, contentType: 'image/svg+xml', body: logo });
    }
    const body = originals[i];
    return body
      ? route.fulfill({ status: 200, contentType: 'image/jpeg', body })
      : route.fulfill({ status: 404 });
  });
  if (options.originals) {
    // The same answer as the service gives, minus the thumbnails: the box as it was before them.
    await context.route(
      (url) => url.pathname === '/v1/widget',
      async (route) => {
        const response = await route.fetch();
        const json = (await response.json()) as { items: { thumbnail?: unknown }[] };
        for (const item of json.items) delete item.thumbnail;
        await route.fulfill({ response, json });
      },
    );
  }
  return context;
}

const article = (publisherId: string) =>
  sites.page(`/articol-${publisherId}-${Math.random().toString(36).slice(2)}`, {
    canonical: `https://www.evz.ro/actualitate/articol-${publisherId}`,
    title: 'Alertă de caniculă la București',
    // The box sits well below the fold: the reader scrolls down to it.
    body: `${'<p>Meteorologii au emis un cod roșu de caniculă pentru București și pentru mai multe județe din sud.</p>'.repeat(40)}<div data-citeste-si data-publisher="${publisherId}"></div><p>Sfârșitul articolului.</p>`,
  });

/** Every card image's state once loading has settled. */
const cardImages = (page: Page) =>
  page.evaluate(() =>
    [...(document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('li a[href]') ?? [])].map(
      (a) => {
        const img = a.querySelector('img');
        return img
          ? {
              src: img.currentSrc || img.src,
              srcset: img.getAttribute('srcset'),
              sizes: img.getAttribute('sizes'),
              loading: img.loading,
              decoding: img.decoding,
              className: img.className,
              loaded: img.complete && img.naturalWidth > 0,
              box: [img.getBoundingClientRect().width, img.getBoundingClientRect().height],
            }
          : null;
      },
    ),
  );

/** Scrolls to the box in steps, as a reader does, and waits until every card image has loaded or given up. */
async function readDown(page: Page): Promise<void> {
  for (let y = 0; y < 6000; y += 400) {
    await page.evaluate((top) => window.scrollTo(0, top), y);
    await page.waitForTimeout(40);
  }
  await page.waitForFunction(() => {
    const imgs = document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('li a[href] img');
    return !!imgs && imgs.length > 0 && [...imgs].every((i) => (i as HTMLImageElement).complete);
  });
  await page.waitForTimeout(300);
}

/** Loads the article, reads down to the box and sums the bytes of every image response the page received. */
async function visit(options: { originals: boolean }, publisherId = 'usor') {
  const context = await imageReader(options);
  const page = await context.newPage();
  const pending: Promise<{ url: string; type: string; bytes: number }>[] = [];
  page.on('response', (res) => {
    if (res.request().resourceType() !== 'image') return;
    pending.push(
      res
        .body()
        .then((b) => ({ url: res.url(), type: res.headers()['content-type'] ?? '', bytes: b.length }))
        .catch(() => ({ url: res.url(), type: '', bytes: 0 })),
    );
  });
  await page.goto(article(publisherId));
  await readDown(page);
  const cards = await cardImages(page);
  const shift = await layoutShift(page);
  const responses = await Promise.all(pending);
  await context.close();
  return { cards, shift, responses, bytes: responses.reduce((n, r) => n + r.bytes, 0) };
}

describe('card thumbnails in the embed', () => {
  it('cut the image bytes of a six-card box at least tenfold, without layout shift', async () => {
    const before = await visit({ originals: true });
    const after = await visit({ originals: false });

    expect(before.cards).toHaveLength(6);
    expect(after.cards).toHaveLength(6);
    expect(before.responses.every((r) => r.url.includes('img.foto.test'))).toBe(true);
    expect(before.responses).toHaveLength(6);
    // Thumbnails only, in WebP (Chromium accepts it), at the width srcset picked for the card.
    expect(after.responses).toHaveLength(6);
    for (const r of after.responses) {
      expect(r.url).toMatch(/\/v1\/thumbnails\/[0-9a-f]{20}\/[\w-]{16}\/(160|320|480)$/);
      expect(r.type).toBe('image/webp');
    }
    for (const card of after.cards) {
      expect(card).toMatchObject({ loading: 'lazy', decoding: 'async', loaded: true });
      expect(card?.srcset).toMatch(/ 160w, .* 320w, .* 480w$/);
      expect(card?.sizes).toMatch(/^\d+px$/);
      // 16:9 tile.
      const [w = 0, h = 0] = card?.box ?? [];
      expect(Math.abs(w / h - 16 / 9)).toBeLessThan(0.02);
    }
    const ratio = before.bytes / after.bytes;
    console.info(
      `card images: originals ${before.bytes} bytes, thumbnails ${after.bytes} bytes (${ratio.toFixed(1)}× less)`,
    );
    expect(ratio).toBeGreaterThanOrEqual(10);
    expect(after.shift.total).toBeLessThan(0.01);
    expect(before.shift.total).toBeLessThan(0.01);
  });

  it("falls back to the outlet's logo for a broken image and keeps the tile without any", async () => {
    const { cards } = await visit({ originals: false }, 'rupt');
    expect(cards).toHaveLength(2);
    const broken = cards.find((c) => c?.src.includes('/logo.png'));
    expect(broken).toMatchObject({ className: 'g', srcset: null, loaded: true });
    // The headline without an image shows the logo too; both came through the fallback, none is broken.
    expect(cards.every((c) => c === null || c.loaded)).toBe(true);
  });
});
