// Fuzzing the public surface: widget (JSON and HTML), events, the click redirect, ops and the embed script.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type TestContext } from '../support/harness.js';
import { STORES } from '../support/stores.js';
import {
  arrayField,
  bodyArb,
  bodyText,
  createWorld,
  encode,
  expectIntact,
  expectRefusedUnlessUtf8,
  expectSafeAnswer,
  FUZZ_ENV,
  FUZZ_TIMEOUT,
  type FuzzWorld,
  headerValue,
  hostileString,
  jsonFuzzBody,
  jsonText,
  mostly,
  numberText,
  objectText,
  PUBLISHER,
  queryArb,
  RUNS,
  segmentArb,
  send,
  stringField,
  stringText,
  urlPiece,
  WIDGET_HTML_TAGS,
} from './support.js';

const EVENT_TYPES = ['text/plain;charset=UTF-8', 'application/json', 'text/plain'];

/** A valid token with one character changed, cut short, or with something appended. */
function tampered(token: string): fc.Arbitrary<string> {
  return fc.oneof(
    fc
      .tuple(fc.nat({ max: token.length - 1 }), fc.constantFrom('A', 'B', '_', '-', '.', '='))
      .map(([i, c]) => `${token.slice(0, i)}${c}${token.slice(i + 1)}`),
    fc.nat({ max: token.length }).map((n) => token.slice(0, n)),
    fc.constantFrom(
      `${token}.x`,
      `${token}A`,
      token.replace('.', '..'),
      token.split('.').reverse().join('.'),
    ),
  );
}

describe.each(STORES)('fuzzing the public endpoints on the %s', (_name, createContext) => {
  let ctx: TestContext;
  let world: FuzzWorld;
  let token: fc.Arbitrary<string>;
  let itemId: fc.Arbitrary<string>;
  beforeAll(async () => {
    ctx = await createContext({ env: FUZZ_ENV });
    world = await createWorld(ctx);
    const { served } = world;
    token = fc.oneof(
      { weight: 4, arbitrary: fc.constant(served.token) },
      { weight: 3, arbitrary: tampered(served.token) },
      { weight: 2, arbitrary: hostileString },
    );
    itemId = fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...served.items.map((i) => i.id)) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-f]{20}$/) },
      { weight: 1, arbitrary: fc.constantFrom(...served.items.map((i) => i.id.toUpperCase())) },
      { weight: 2, arbitrary: hostileString },
    );
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const widgetQuery = () =>
    queryArb({
      publisher: mostly(
        fc.constant(PUBLISHER),
        fc.constantFrom('nope-pub', 'constructor', PUBLISHER.toUpperCase()),
      ),
      url: mostly(
        fc.constantFrom(
          'https://www.fuzz.ro/seed-0',
          'https://www.host.ro/articol',
          'https://www.fuzz.ro/seed-1#x',
        ),
      ),
      title: mostly(fc.constantFrom('Guvernul aprobă bugetul', 'FCSB câștigă derbiul')),
      section: mostly(fc.constantFrom('Politică', 'Sport')),
      keywords: mostly(fc.constantFrom('buget,inflație', 'fotbal, FCSB ,,')),
      limit: mostly(fc.integer({ min: 1, max: 20 }).map(String), numberText),
      exclude: mostly(fc.constantFrom(world.served.items.map((i) => i.id).join(','))),
      layout: mostly(fc.constantFrom('grid', 'list')),
      columns: mostly(fc.constantFrom('1', '3', '6')),
      accent: mostly(
        fc.constantFrom('#c8102e', '#fff'),
        fc.constantFrom('red', '#c8102e;background:url(x)', '#fff"><script>'),
      ),
    });

  it(
    'GET /v1/widget: hostile query strings never 5xx; answers are JSON of the contract shape with CORS',
    async () => {
      let ok = 0;
      await fc.assert(
        fc.asyncProperty(widgetQuery(), headerValue, async (query, ifNoneMatch) => {
          const path = `/v1/widget${query}`;
          const res = await send(ctx, {
            method: 'GET',
            path,
            headers: { 'if-none-match': ifNoneMatch, origin: 'https://x.ro' },
          });
          const text = await expectSafeAnswer(res, 'GET', path);
          expect(res.headers.get('access-control-allow-origin')).toBe('*');
          if (res.status === 200) {
            ok += 1;
            expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
            const answer = JSON.parse(text) as {
              publisher: string;
              token: string;
              items: { url: string; title: string }[];
            };
            expect(answer.publisher).toBe(PUBLISHER);
            expect(typeof answer.token).toBe('string');
            expect(answer.items.every((i) => /^https?:\/\//.test(i.url) && typeof i.title === 'string')).toBe(
              true,
            );
          }
          await expectIntact(world);
        }),
        { numRuns: RUNS, examples: [[`?publisher=${PUBLISHER}`, '']] },
      );
      expect(ok).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'GET /v1/widget.html: hostile query strings never 5xx; the page holds no script and only its own tags',
    async () => {
      await fc.assert(
        fc.asyncProperty(widgetQuery(), async (query) => {
          const path = `/v1/widget.html${query}`;
          const res = await send(ctx, { method: 'GET', path });
          const text = await expectSafeAnswer(res, 'GET', path);
          if (res.status === 200) {
            expect(res.headers.get('content-type')).toMatch(/^text\/html/);
            expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
            for (const [, tag] of text.matchAll(/<\/?([a-zA-Z!][^\s/>]*)/g)) {
              expect(WIDGET_HTML_TAGS).toContain(tag?.toLowerCase());
            }
            expect(text).not.toMatch(/<[^>]*\son\w+\s*=/i);
            // The accent reaches a style attribute only as a hex colour.
            if (text.includes('<section')) expect(text).toMatch(/style="--a:#[0-9a-fA-F]{3,8};/);
          }
          await expectIntact(world);
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'POST /v1/events: hostile JSON and text/plain bodies never 5xx and never leave an event stuck',
    async () => {
      const body = bodyText(
        objectText({
          token: stringField(fc.constant(world.served.token)),
          type: stringText(
            mostly(
              fc.constantFrom('impression', 'viewable', 'click'),
              fc.constantFrom('Click', 'CLICK', 'hover', '__proto__'),
            ),
          ),
          items: arrayField(stringText(mostly(fc.constantFrom(...world.served.items.map((i) => i.id)))), 25),
          impressionId: stringText(mostly(fc.stringMatching(/^[A-Za-z0-9_-]{8,64}$/))),
        }),
      );
      // Mostly the token the widget served; a quarter of the time a tampered or hostile one.
      const tokenOverride = fc.oneof(
        { weight: 3, arbitrary: fc.constant(null) },
        { weight: 1, arbitrary: token.map((t) => JSON.stringify(t)) },
      );
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(
          bodyArb(body, EVENT_TYPES),
          tokenOverride,
          headerValue,
          async (b, override, userAgent) => {
            const sent =
              override !== null && typeof b.body === 'string'
                ? { ...b, body: b.body.replace(JSON.stringify(world.served.token), () => override) }
                : b;
            const res = await send(ctx, {
              method: 'POST',
              path: '/v1/events',
              headers: { 'user-agent': userAgent, origin: 'https://x.ro' },
              body: sent,
            });
            await expectSafeAnswer(res, 'POST', `POST /v1/events ${sent.encoding}`);
            expectRefusedUnlessUtf8(sent, res);
            expect([204, 400, 413, 415, 429]).toContain(res.status);
            expect(res.headers.get('access-control-allow-origin')).toBe('*');
            if (res.status === 204) accepted += 1;
            await expectIntact(world);
          },
        ),
        {
          numRuns: RUNS,
          examples: [
            [
              jsonFuzzBody(
                { token: world.served.token, type: 'impression', items: world.served.items.map((i) => i.id) },
                'text/plain;charset=UTF-8',
              ),
              null,
              'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0',
            ],
          ],
        },
      );
      expect(accepted).toBeGreaterThan(0);
      await ctx.services.events.flush();
      expect(ctx.services.events.pending, 'every accepted event was written').toBe(0);
      const stats = await ctx.store.readHeadlineStats();
      for (const s of stats) {
        for (const n of [s.impressions, s.viewable, s.clicks])
          expect(Number.isSafeInteger(n) && n >= 0).toBe(true);
      }
    },
    FUZZ_TIMEOUT,
  );

  it(
    'GET /r/{token}/{itemId}: hostile and tampered links never 5xx and never redirect outside what the token served',
    async () => {
      const served = new Map(world.served.items.map((i) => [i.id, i.url]));
      const piece = (arb: fc.Arbitrary<string>) =>
        fc.oneof({ weight: 3, arbitrary: arb.map(encode) }, { weight: 1, arbitrary: urlPiece(arb) });
      const path = fc.oneof(
        { weight: 8, arbitrary: fc.tuple(piece(token), piece(itemId)).map(([t, i]) => `/r/${t}/${i}`) },
        { weight: 1, arbitrary: fc.tuple(piece(token), segmentArb()).map(([t, s]) => `/r/${t}/${s}/${s}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '/r',
            '/r/',
            '/r//',
            `/r/${world.served.token}`,
            `/r/${world.served.token}/`,
          ),
        },
      );
      let redirects = 0;
      await fc.assert(
        fc.asyncProperty(path, fc.constantFrom('GET', 'GET', 'HEAD', 'POST'), async (p, method) => {
          const res = await send(ctx, { method, path: p });
          await expectSafeAnswer(res, method, `${method} ${p}`);
          if (res.status >= 300 && res.status < 400) {
            redirects += 1;
            expect(res.status).toBe(302);
            const [, rawToken = '', rawItem = ''] = /^\/r\/([^/]*)\/([^/]*)$/.exec(p) ?? [];
            const t = safeDecode(rawToken);
            const id = safeDecode(rawItem);
            const verified = ctx.services.signer.verify(t, Date.now());
            expect(verified?.items, `${p} redirected without a token that served ${id}`).toContain(id);
            expect(res.headers.get('location')).toBe(served.get(id));
          } else {
            expect(res.status).toBeGreaterThanOrEqual(400);
          }
          await expectIntact(world);
        }),
        { numRuns: RUNS, examples: [[`/r/${world.served.token}/${world.served.items[0]?.id}`, 'GET']] },
      );
      expect(redirects).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'any method on any path, with odd headers and bodies: never 5xx, and /health keeps answering',
    async () => {
      const paths = [
        '/health',
        '/ready',
        '/metrics',
        '/embed.js',
        '/',
        '/v1',
        '/v1/',
        '/v1/widget',
        '/v1/widget.html',
        '/v1/events',
        '/v1/headlines',
        '/v1/admin/partners',
        '/r',
        '/favicon.ico',
        '/%2e%2e/%2e%2e/etc/passwd',
        '//v1//widget',
        '/v1/widget/',
        '/V1/WIDGET',
        '/embed.js/',
        '/health%00',
        // Endpoints added alongside: reports, feeds, dashboard and docs get the same treatment.
        '/v1/admin/reports/daily',
        '/v1/admin/reports/top',
        '/v1/reports/daily',
        '/v1/admin/partners/fuzz-outlet/feeds',
        '/dashboard',
        '/docs',
        '/openapi.json',
        '/v1/thumbnails',
        '/v1/thumbnails/0123456789abcdef0123/1/320',
      ];
      const path = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...paths) },
        {
          weight: 1,
          arbitrary: fc.tuple(fc.constantFrom(...paths), segmentArb()).map(([p, s]) => `${p}/${s}`),
        },
      );
      const headers = fc.record(
        {
          origin: fc.oneof(fc.constantFrom('https://evz.ro', 'null', 'https://evil.example'), headerValue),
          'access-control-request-method': fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'X'),
          'access-control-request-headers': fc.oneof(
            fc.constantFrom('content-type', 'authorization', 'x-evil'),
            headerValue,
          ),
          'if-none-match': headerValue,
          'x-request-id': headerValue,
          'x-forwarded-for': fc.oneof(fc.constantFrom('1.2.3.4', '::1', 'unknown, 10.0.0.1'), headerValue),
          'x-forwarded-host': fc.oneof(fc.constant('evil.example'), headerValue),
          accept: fc.oneof(fc.constantFrom('text/html', '*/*', 'application/json'), headerValue),
          'user-agent': headerValue,
          authorization: fc.oneof(
            fc.constant(`Bearer ${ADMIN_TOKEN}`),
            fc.constant(`Bearer ${world.key}`),
            headerValue,
          ),
        },
        { requiredKeys: [] },
      );
      const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'PROPFIND');
      const body = bodyArb(jsonText, ['application/json', 'text/plain']);
      await fc.assert(
        fc.asyncProperty(
          method,
          path,
          queryArb({
            publisher: fc.constant(PUBLISHER),
            from: fc.constantFrom('2026-11-01', '2026-13-01', '1-1-1'),
            to: hostileString,
            callback: hostileString,
          }),
          headers,
          body,
          async (m, p, q, h, b) => {
            const res = await send(ctx, { method: m, path: `${p}${q}`, headers: h, body: b });
            await expectSafeAnswer(res, m, `${m} ${p}${q}`);
            // Only the public endpoints open CORS; answers never reflect a request header into CORS.
            const allow = res.headers.get('access-control-allow-origin');
            expect(allow === null || allow === '*').toBe(true);
            if (allow === '*')
              expect(p).toMatch(/^\/(v1\/widget|v1\/events|v1\/thumbnails|embed\.js|openapi\.json)/);
            await expectIntact(world);
          },
        ),
        { numRuns: RUNS },
      );
      const health = await ctx.app.request('/health');
      expect(health.status).toBe(200);
    },
    FUZZ_TIMEOUT,
  );
});

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
