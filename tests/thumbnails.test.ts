// Card thumbnails end to end: real images from a partner's HTTPS server, resized by the service, and every unsafe
// source refused without harming it.
import pino from 'pino';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetAnswer } from '../src/services/widget.js';
import { sourceHash } from '../src/thumbnails/service.js';
import {
  alphaPng,
  animatedGif,
  avif,
  bombPng,
  corruptJpeg,
  hugeJpeg,
  photoJpeg,
  squareWebp,
  svg,
} from './fixtures/images/make.js';
import { type ImageServer, startImageServer } from './fixtures/images/server.js';
import {
  ADMIN_TOKEN,
  auth,
  createRedisTestContext,
  createTestContext,
  dropPrefix,
  jsonRequest,
  type TestContext,
} from './support/harness.js';

let images: ImageServer;

beforeAll(async () => {
  images = await startImageServer();
  const [photo, png, webp, av, gif, huge, corrupt, bomb] = await Promise.all([
    photoJpeg(),
    alphaPng(),
    squareWebp(),
    avif(),
    animatedGif(),
    hugeJpeg(),
    corruptJpeg(),
    bombPng(),
  ]);
  images.route('/photo.jpg', { body: photo });
  images.route('/photo-b.jpg', { body: photo });
  images.route('/photo-c.jpg', { body: photo });
  images.route('/alpha.png', { body: png, type: 'image/png' });
  images.route('/square.webp', { body: webp, type: 'image/webp' });
  images.route('/photo.avif', { body: av, type: 'image/avif' });
  images.route('/anim.gif', { body: gif, type: 'image/gif' });
  images.route('/huge.jpg', { body: huge });
  images.route('/corrupt.jpg', { body: corrupt });
  images.route('/bomb.png', { body: bomb, type: 'image/png' });
  images.route('/slow.jpg', { body: photo, hang: true });
  images.route('/page.html', { body: Buffer.from('<!doctype html><p>not an image'), type: 'text/html' });
  images.route('/drawing.svg', { body: svg, type: 'image/svg+xml' });
  images.route('/gone.jpg', { status: 404, type: 'text/plain', body: Buffer.from('gone') });
  images.route('/lies.jpg', { body: Buffer.from('<html>hello</html>'), type: 'image/jpeg' });
  // Redirects: within the partner's hosts (followed), to an intranet address, to a foreign host, to plain http.
  images.route('/moved.jpg', { redirect: images.url('cdn.digi24-media.test', '/photo-c.jpg') });
  images.route('/to-intranet.jpg', { redirect: images.privateUrl('intranet.digi24.test', '/secret.jpg') });
  images.route('/secret.jpg', { body: photo });
  images.route('/to-foreign.jpg', { redirect: images.url('evil.test', '/stolen.jpg') });
  images.route('/stolen.jpg', { body: photo });
  images.route('/to-http.jpg', { redirect: 'http://img.digi24.test/photo.jpg' });
}, 60_000);

afterAll(async () => {
  await images?.close();
});

const ENV = { IMAGES_TIMEOUT_MS: '1500' };

/** What the service logged, one parsed line each: the reasons a public 404 keeps to itself. */
const logged: { imageUrl?: string; reason?: string }[] = [];
const logger = pino({ level: 'info' }, { write: (line: string) => logged.push(JSON.parse(line)) });

/** A context whose image fetches reach the fixture server as if it were the partner's public hosts. */
const context = (env: Record<string, string> = {}) =>
  createTestContext({ env: { ...ENV, ...env }, services: { imageNetwork: images.network }, logger });

const TITLES = [
  'Guvernul a aprobat bugetul pentru anul viitor',
  'Cod roșu de caniculă în sudul țării',
  'Simona Halep revine pe teren după accidentare',
  'BNR a păstrat dobânda de politică monetară',
  'Festivalul de la Cluj a bătut recordul de spectatori',
  'Trenuri anulate din cauza căldurii extreme',
  'Spitalele din Capitală, pregătite pentru val de căldură',
  'Prețul benzinei scade de luni în toată țara',
];

/** The partner digi24 (with a declared image CDN and a logo), publisher evz, and one headline per image path. */
async function seed(
  ctx: TestContext,
  paths: string[],
  host = 'img.digi24.test',
): Promise<Map<string, string>> {
  const created = await ctx.app.request(
    '/v1/admin/partners',
    jsonRequest(
      'POST',
      {
        id: 'digi24',
        name: 'Digi24',
        domains: ['digi24.test'],
        imageHosts: ['digi24-media.test'],
        logoUrl: 'https://www.digi24.test/logo.png',
      },
      ADMIN_TOKEN,
    ),
  );
  // A second instance on the same data finds the partner there: it takes a new key.
  const keyed =
    created.status === 409
      ? await ctx.app.request('/v1/admin/partners/digi24/keys', jsonRequest('POST', {}, ADMIN_TOKEN))
      : created;
  if (keyed.status !== 201) throw new Error(`partner: ${keyed.status}`);
  const key = ((await keyed.json()) as { apiKey: string }).apiKey;
  await ctx.app.request(
    '/v1/admin/publishers/evz',
    jsonRequest('PUT', { name: 'EVZ', limit: 20, maxPerOutlet: 20 }, ADMIN_TOKEN),
  );
  const headlines = paths.map((path, i) => ({
    url: `https://www.digi24.test/stiri/${i}-${path.replace(/\W/g, '-')}`,
    title: TITLES[i % TITLES.length] ?? 'Știre',
    publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
    imageUrl: path.startsWith('https://') ? path : images.url(host, path),
  }));
  const res = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines }, key));
  expect(await res.json()).toMatchObject({ accepted: paths.length });
  const list = await ctx.app.request('/v1/headlines?limit=100', auth(key));
  const body = (await list.json()) as { headlines: { id: string; imageUrl?: string }[] };
  return new Map(body.headlines.map((h) => [h.imageUrl ?? '', h.id]));
}

/** The thumbnail URL path of a headline's image (as the widget answer names it). */
const thumbPath = (id: string, imageUrl: string, width: number) =>
  `/v1/thumbnails/${id}/${sourceHash(imageUrl)}/${width}`;

const WEBP = { headers: { Accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8' } };
const JPEG = { headers: { Accept: 'image/png,image/*;q=0.8' } };

async function expectRefused(ctx: TestContext, path: string) {
  const res = await ctx.app.request(path, WEBP);
  expect(res.status).toBe(404);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const health = await ctx.app.request('/health');
  expect(health.status).toBe(200);
  return (await res.json()) as { detail: string };
}

describe('thumbnails in the widget answer', () => {
  let ctx: TestContext;
  let ids: Map<string, string>;
  const photo = () => images.url('img.digi24.test', '/photo.jpg');

  beforeAll(async () => {
    ctx = await context();
    ids = await seed(ctx, ['/photo.jpg', images.url('evil.test', '/stolen.jpg')]);
  });
  afterAll(() => ctx?.close());

  it('adds thumbnail paths with a srcset to items whose image qualifies, and the outlet logo', async () => {
    const res = await ctx.app.request('http://cs.example:8080/v1/widget?publisher=evz');
    const body = (await res.json()) as WidgetAnswer;
    const withPhoto = body.items.find((i) => i.imageUrl === photo());
    // Without PUBLIC_URL, relative to the service: never built from the Host the client sent.
    const base = thumbPath(ids.get(photo()) ?? '', photo(), 320).replace(/\/320$/, '');
    expect(withPhoto?.thumbnail).toEqual({
      src: `${base}/320`,
      srcset: `${base}/160 160w, ${base}/320 320w, ${base}/480 480w`,
    });
    expect(withPhoto?.outlet).toEqual({
      id: 'digi24',
      name: 'Digi24',
      logoUrl: 'https://www.digi24.test/logo.png',
    });
    // An image on a host the partner never declared keeps its imageUrl but gets no thumbnail.
    const foreign = body.items.find((i) => i.imageUrl?.includes('evil.test'));
    expect(foreign).toBeDefined();
    expect(foreign?.thumbnail).toBeUndefined();
  });

  it('builds the URLs on PUBLIC_URL when it is set', async () => {
    const other = await context({ PUBLIC_URL: 'https://cdn.citeste-si.ro/' });
    try {
      await seed(other, ['/photo.jpg']);
      const res = await other.app.request('http://internal:8787/v1/widget?publisher=evz');
      const body = (await res.json()) as WidgetAnswer;
      expect(body.items[0]?.thumbnail?.src).toMatch(
        /^https:\/\/cdn\.citeste-si\.ro\/v1\/thumbnails\/[0-9a-f]{20}\//,
      );
    } finally {
      await other.close();
    }
  });

  it('uses thumbnails in the HTML widget, with srcset and sizes', async () => {
    const res = await ctx.app.request('https://cs.example/v1/widget.html?publisher=evz');
    const html = await res.text();
    expect(html).toMatch(
      /<img src="\/v1\/thumbnails\/[0-9a-f]{20}\/[\w-]{16}\/320" srcset="[^"]+ 160w, [^"]+ 320w, [^"]+ 480w" sizes="[^"]+"/,
    );
    // The frame's policy allows this service's own images and https ones, nothing else.
    expect(res.headers.get('content-security-policy')).toContain("img-src 'self' https: data:");
    // The same page whatever Host the request names.
    const other = await ctx.app.request('http://evil.example/v1/widget.html?publisher=evz');
    expect(await other.text()).not.toContain('evil.example');
  });
});

describe('GET /v1/thumbnails/{id}/{version}/{width}', () => {
  let ctx: TestContext;
  let ids: Map<string, string>;
  const url = (path: string, host = 'img.digi24.test') => images.url(host, path);
  const pathOf = (path: string, width: number, host?: string) =>
    thumbPath(ids.get(url(path, host)) ?? 'missing', url(path, host), width);

  beforeAll(async () => {
    ctx = await context();
    ids = await seed(ctx, [
      '/photo.jpg',
      '/photo-b.jpg',
      '/alpha.png',
      '/square.webp',
      '/photo.avif',
      '/anim.gif',
      '/huge.jpg',
      '/corrupt.jpg',
      '/bomb.png',
      '/slow.jpg',
      '/page.html',
      '/drawing.svg',
      '/gone.jpg',
      '/lies.jpg',
      '/moved.jpg',
      '/to-intranet.jpg',
      '/to-foreign.jpg',
      '/to-http.jpg',
    ]);
  }, 30_000);
  afterAll(() => ctx?.close());

  it('makes 16:9 WebP and JPEG thumbnails of a 2400×1600 JPEG without its metadata, fetching it once', async () => {
    const source = await sharp(await photoJpeg()).metadata();
    expect(source.exif).toBeDefined();
    expect(source.icc).toBeDefined();
    for (const width of [160, 320, 480]) {
      for (const [init, format] of [
        [WEBP, 'webp'],
        [JPEG, 'jpeg'],
      ] as const) {
        const res = await ctx.app.request(pathOf('/photo.jpg', width), init);
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe(`image/${format}`);
        const bytes = Buffer.from(await res.arrayBuffer());
        const meta = await sharp(bytes).metadata();
        expect(meta).toMatchObject({ format, width, height: Math.round((width * 9) / 16) });
        expect(meta.exif).toBeUndefined();
        expect(meta.icc).toBeUndefined();
        expect(meta.xmp).toBeUndefined();
        expect(bytes.length).toBeLessThan(width * 200);
      }
    }
    // Six variants, one fetch of the source.
    expect(images.hits('/photo.jpg')).toBe(1);
  });

  it('answers with immutable caching, Vary: Accept, CORS, CORP and a strong ETag honoured by If-None-Match', async () => {
    const res = await ctx.app.request(pathOf('/photo.jpg', 320), WEBP);
    expect(res.headers.get('cache-control')).toBe('public, max-age=604800, immutable');
    expect(res.headers.get('vary')).toMatch(/Accept/);
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    const etag = res.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[\w-]+"$/);
    const again = await ctx.app.request(pathOf('/photo.jpg', 320), {
      headers: { ...WEBP.headers, 'If-None-Match': etag },
    });
    expect(again.status).toBe(304);
    // Another format is another representation: another tag.
    const jpeg = await ctx.app.request(pathOf('/photo.jpg', 320), JPEG);
    expect(jpeg.headers.get('etag')).not.toBe(etag);
  });

  it('collapses concurrent misses for one image into one fetch', async () => {
    const all = await Promise.all(
      [160, 320, 480, 160, 320, 480, 320, 320].map((w, i) =>
        ctx.app.request(pathOf('/photo-b.jpg', w), i % 2 ? WEBP : JPEG),
      ),
    );
    expect(all.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(images.hits('/photo-b.jpg')).toBe(1);
  });

  it.each([
    ['/alpha.png', 'png'],
    ['/square.webp', 'webp'],
    ['/photo.avif', 'avif'],
    ['/anim.gif', 'gif'],
  ])('resizes %s', async (path) => {
    for (const [init, format] of [
      [WEBP, 'webp'],
      [JPEG, 'jpeg'],
    ] as const) {
      const res = await ctx.app.request(pathOf(path, 480), init);
      expect(res.status).toBe(200);
      const meta = await sharp(Buffer.from(await res.arrayBuffer())).metadata();
      // One frame, 16:9, whatever the source's shape, frames or transparency.
      expect(meta).toMatchObject({ format, width: 480, height: 270 });
      expect(meta.pages ?? 1).toBe(1);
    }
  });

  it('follows a redirect within the partner’s declared image hosts', async () => {
    const res = await ctx.app.request(pathOf('/moved.jpg', 320), WEBP);
    expect(res.status).toBe(200);
    expect(images.hits('/photo-c.jpg')).toBe(1);
  });

  it.each([
    ['/huge.jpg', /larger than 8388608 bytes/],
    ['/bomb.png', /30000×30000 is more than 40000000 pixels/],
    ['/corrupt.jpg', /could not be decoded|not a readable image/],
    ['/lies.jpg', /not a readable image/],
    ['/page.html', /content type "text\/html"/],
    ['/drawing.svg', /content type "image\/svg\+xml"/],
    ['/gone.jpg', /answered 404/],
    ['/slow.jpg', /within 1500 ms/],
    ['/to-intranet.jpg', /127\.0\.0\.2, a loopback, private/],
    ['/to-foreign.jpg', /redirect to evil\.test:\d+ is not allowed/],
    ['/to-http.jpg', /redirect to img\.digi24\.test is not allowed/],
  ])('refuses %s with a 404, remembers the failure, and stays healthy', async (path, reason) => {
    const problem = await expectRefused(ctx, pathOf(path, 320));
    // The reason (addresses, hosts, status codes) goes to the log; the public answer names none of it.
    expect(problem.detail).toBe('The image is not available');
    expect(logged.find((l) => l.imageUrl === url(path))?.reason).toMatch(reason);
    const hits = images.hits(path);
    expect(hits).toBe(1);
    // Remembered: another width or format does not fetch the broken image again.
    await expectRefused(ctx, pathOf(path, 160));
    expect((await ctx.app.request(pathOf(path, 480), JPEG)).status).toBe(404);
    expect(images.hits(path)).toBe(hits);
  });

  it('never reaches what a refused redirect pointed to', () => {
    expect(images.hits('/secret.jpg')).toBe(0);
    expect(images.hits('/stolen.jpg')).toBe(0);
  });

  it('refuses images on hosts the partner did not declare, stale versions, unknown and deleted headlines', async () => {
    const foreign = images.url('evil.test', '/stolen.jpg');
    const other = await context();
    try {
      const otherIds = await seed(other, [foreign]);
      await expectRefused(other, thumbPath(otherIds.get(foreign) ?? '', foreign, 320));
      expect(images.hits('/stolen.jpg')).toBe(0);
    } finally {
      await other.close();
    }
    const id = ids.get(url('/photo.jpg')) ?? '';
    await expectRefused(ctx, `/v1/thumbnails/${id}/AAAAAAAAAAAAAAAA/320`);
    await expectRefused(ctx, `/v1/thumbnails/0123456789abcdef0123/${sourceHash(url('/photo.jpg'))}/320`);
    const bad = await ctx.app.request(pathOf('/photo.jpg', 300));
    expect(bad.status).toBe(400);
  });

  it('stops serving a deleted headline’s thumbnails', async () => {
    const extra = await context();
    try {
      const extraIds = await seed(extra, ['/photo.jpg']);
      const path = thumbPath(extraIds.get(url('/photo.jpg')) ?? '', url('/photo.jpg'), 160);
      expect((await extra.app.request(path)).status).toBe(200);
      const partnerKey = await extra.app.request(
        '/v1/admin/partners/digi24/keys',
        jsonRequest('POST', {}, ADMIN_TOKEN),
      );
      const { apiKey } = (await partnerKey.json()) as { apiKey: string };
      const del = await extra.app.request(
        `/v1/headlines?url=${encodeURIComponent('https://www.digi24.test/stiri/0--photo-jpg')}`,
        auth(apiKey, { method: 'DELETE' }),
      );
      expect(del.status).toBe(204);
      await expectRefused(extra, path);
    } finally {
      await extra.close();
    }
  });
});

describe('the private-network guard', () => {
  it('refuses a partner host on a loopback address unless IMAGES_ALLOW_PRIVATE_NETWORKS is set', async () => {
    const { lookup, ca } = images.network;
    for (const [allow, status] of [
      ['false', 404],
      ['true', 200],
    ] as const) {
      const ctx = await createTestContext({
        env: { ...ENV, IMAGES_ALLOW_PRIVATE_NETWORKS: allow },
        services: { imageNetwork: { lookup, ca } },
      });
      try {
        const ids = await seed(ctx, ['/photo.jpg']);
        const source = images.url('img.digi24.test', '/photo.jpg');
        const res = await ctx.app.request(thumbPath(ids.get(source) ?? '', source, 160), WEBP);
        expect(res.status).toBe(status);
      } finally {
        await ctx.close();
      }
    }
  });
});

describe('thumbnails shared through Redis', () => {
  it('serves a second instance and a restarted one from the cache, without fetching again', async () => {
    images.route('/shared.jpg', { body: await photoJpeg() });
    const first = await createRedisTestContext({ env: ENV, services: { imageNetwork: images.network } });
    const source = images.url('img.digi24.test', '/shared.jpg');
    const ids = await seed(first, ['/shared.jpg']);
    const id = ids.get(source) ?? '';
    const bodies = new Map<string, string>();
    for (const w of [160, 320, 480]) {
      for (const [name, init] of Object.entries({ WEBP, JPEG })) {
        const res = await first.app.request(thumbPath(id, source, w), init);
        expect(res.status).toBe(200);
        bodies.set(`${w}${name}`, res.headers.get('etag') ?? '');
      }
    }
    expect(images.hits('/shared.jpg')).toBe(1);

    const second = await createRedisTestContext({
      env: ENV,
      services: { imageNetwork: images.network },
      prefix: first.prefix,
    });
    try {
      for (const w of [160, 320, 480]) {
        for (const [name, init] of Object.entries({ WEBP, JPEG })) {
          const res = await second.app.request(thumbPath(id, source, w), init);
          expect(res.status).toBe(200);
          expect(res.headers.get('etag')).toBe(bodies.get(`${w}${name}`));
        }
      }
      expect(images.hits('/shared.jpg')).toBe(1);
    } finally {
      await second.close();
    }

    // A restart: every process gone, a new one on the same Redis prefix.
    const prefix = first.prefix;
    await first.services.stop();
    await first.store.close();
    const restarted = await createRedisTestContext({
      env: ENV,
      services: { imageNetwork: images.network },
      prefix,
    });
    try {
      const res = await restarted.app.request(thumbPath(id, source, 480), WEBP);
      expect(res.status).toBe(200);
      expect(images.hits('/shared.jpg')).toBe(1);
      // Failures are shared too: a broken image refused by one instance is not fetched by the next.
      images.route('/broken-shared.jpg', { body: await corruptJpeg() });
      const broken = images.url('img.digi24.test', '/broken-shared.jpg');
      const more = await seed(restarted, ['/broken-shared.jpg']);
      await expectRefused(restarted, thumbPath(more.get(broken) ?? '', broken, 320));
      const another = await createRedisTestContext({
        env: ENV,
        services: { imageNetwork: images.network },
        prefix,
      });
      await expectRefused(another, thumbPath(more.get(broken) ?? '', broken, 160));
      await another.close();
      expect(images.hits('/broken-shared.jpg')).toBe(1);
    } finally {
      await restarted.close();
      await dropPrefix(prefix ?? '');
    }
  });
});
