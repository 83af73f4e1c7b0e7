// Fuzzing the partner API: pushes, deletes and listings with hostile items, and hostile titles read back exactly.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  auth,
  createPartner,
  createRedisTestContext,
  jsonRequest,
  type TestContext,
} from '../support/harness.js';
import { STORES } from '../support/stores.js';
import {
  arrayField,
  authArb,
  bodyArb,
  bodyText,
  createWorld,
  encode,
  expectCleanText,
  expectedTitle,
  expectIntact,
  expectRefusedUnlessUtf8,
  expectSafeAnswer,
  FUZZ_ENV,
  FUZZ_TIMEOUT,
  type FuzzWorld,
  hostileString,
  jsonFuzzBody,
  jsonText,
  mostly,
  NASTY,
  numberText,
  objectText,
  PUBLISHER,
  queryArb,
  RUNS,
  send,
  stringField,
  stringText,
  WIDGET_HTML_TAGS,
} from './support.js';

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const HOUR = 3_600_000;

const isoAround = (fromMs: number, toMs: number) =>
  fc.integer({ min: Date.now() + fromMs, max: Date.now() + toMs }).map((ms) => new Date(ms).toISOString());

const dateField = (fromMs: number, toMs: number) =>
  stringField(
    fc.oneof(
      { weight: 10, arbitrary: isoAround(fromMs, toMs) },
      { weight: 1, arbitrary: isoAround(fromMs, toMs).map((s) => s.replace('Z', '+02:00')) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          '2026-02-30T00:00:00Z',
          '2026-11-29T24:00:00Z',
          '2026-11-29T09:00:00+24:00',
          '9999-12-31T23:59:59Z',
          '0000-01-01T00:00:00Z',
          '+275760-09-13T00:00:00.000Z',
          '1970-01-01T00:00:00Z',
          '2026-11-29T09:00:00.123456789012Z',
          'ieri',
        ),
      },
    ),
  );

const headlineUrl = stringField(
  mostly(
    fc.oneof(
      fc.nat(1000).map((n) => `https://www.fuzz.ro/stiri/${n}`),
      hostileString.map((s) => `https://www.fuzz.ro/${encode(s)}`),
      hostileString.map((s) => `https://sport.fuzz.ro/a?q=${s.slice(0, 100)}#${s.slice(0, 20)}`),
    ),
    fc.oneof(
      hostileString.map((s) => `https://${s.slice(0, 30)}.fuzz.ro/`),
      fc.webUrl({ withQueryParameters: true, withFragments: true }),
      fc.constantFrom(...NASTY.filter((s) => /fuzz|:\/\//.test(s))),
    ),
  ),
);

const itemText = objectText({
  url: headlineUrl,
  title: stringField(
    mostly(fc.constantFrom('Guvernul a aprobat bugetul', 'Știri', 'Titlu <b>HTML</b> & "ghilimele"')),
  ),
  publishedAt: dateField(-75 * HOUR, 1.5 * HOUR),
  imageUrl: stringField(
    mostly(
      fc.webUrl({ validSchemes: ['https'] }),
      fc.constantFrom('http://fuzz.ro/a.jpg', 'data:image/png;base64,AA', 'javascript:alert(1)'),
    ),
  ),
  summary: stringField(mostly(fc.constantFrom('Rezumat.', 'Pe mai\nmulte rânduri\t și tab'))),
  category: stringField(mostly(fc.constantFrom('Sport', 'Externe'))),
  tags: arrayField(stringText(mostly(fc.constantFrom('fotbal', 'FCSB', 'economie')))),
  expiresAt: dateField(-2 * HOUR, 400 * 24 * HOUR),
});

const pushBody = bodyText(
  fc
    .oneof(
      {
        weight: 8,
        arbitrary: fc.array(
          fc.oneof({ weight: 8, arbitrary: itemText }, { weight: 1, arbitrary: jsonText }),
          { maxLength: 6 },
        ),
      },
      { weight: 1, arbitrary: itemText.map((t) => Array.from({ length: 501 }, () => t)) },
    )
    .map((items) => `{"headlines":[${items.join(',')}]}`),
);

interface Listed {
  headlines: {
    id: string;
    url: string;
    title: string;
    summary?: string;
    category?: string;
    tags: string[];
  }[];
  nextCursor?: string;
}

describe.each(STORES)('fuzzing the partner API on the %s', (_name, createContext) => {
  let ctx: TestContext;
  let world: FuzzWorld;
  beforeAll(async () => {
    ctx = await createContext({ env: FUZZ_ENV });
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  const listAll = async (): Promise<Listed['headlines']> =>
    ((await (await ctx.app.request('/v1/headlines?limit=500', auth(world.key))).json()) as Listed).headlines;

  it(
    'POST /v1/headlines: hostile batches never 5xx; what is stored is clean and on the partner’s domain',
    async () => {
      let accepted = 0;
      await fc.assert(
        fc.asyncProperty(bodyArb(pushBody, JSON_TYPES), authArb(world.key), async (body, authorization) => {
          const res = await send(ctx, {
            method: 'POST',
            path: '/v1/headlines',
            headers: { authorization },
            body,
          });
          const text = await expectSafeAnswer(res, 'POST', 'POST /v1/headlines');
          expectRefusedUnlessUtf8(body, res);
          if (res.status === 200) {
            const result = JSON.parse(text) as {
              accepted: number;
              rejected: { index: number; errors: unknown[] }[];
            };
            expect(result.accepted).toBeGreaterThanOrEqual(0);
            for (const r of result.rejected) expect(r.errors.length).toBeGreaterThan(0);
            accepted += result.accepted;
          }
          await expectIntact(world);
        }),
        {
          numRuns: RUNS,
          examples: [
            [
              jsonFuzzBody({
                headlines: [
                  {
                    url: 'https://www.fuzz.ro/exemplu',
                    title: 'Exemplu',
                    publishedAt: new Date().toISOString(),
                  },
                ],
              }),
              `Bearer ${world.key}`,
            ],
          ],
        },
      );
      expect(accepted, 'the generators reach the success path').toBeGreaterThan(0);
      for (const h of await listAll()) {
        expectCleanText(h.title);
        if (h.category !== undefined) expectCleanText(h.category);
        for (const t of h.tags) expectCleanText(t);
        if (h.summary !== undefined) expect(h.summary.isWellFormed()).toBe(true);
        const host = new URL(h.url).hostname;
        expect(host === 'fuzz.ro' || host.endsWith('.fuzz.ro'), h.url).toBe(true);
      }
    },
    FUZZ_TIMEOUT,
  );

  it(
    'a second instance on the same data starts and serves what the fuzzing stored',
    async () => {
      if (ctx.prefix === undefined) return; // the embedded store has no second instance
      const second = await createRedisTestContext({ prefix: ctx.prefix, env: FUZZ_ENV });
      try {
        const [a, b] = await Promise.all([
          ctx.app.request('/v1/headlines?limit=500', auth(world.key)),
          second.app.request('/v1/headlines?limit=500', auth(world.key)),
        ]);
        expect(b.status).toBe(200);
        expect(await b.json()).toEqual(await a.json());
        const widget = await second.app.request(`/v1/widget?publisher=${PUBLISHER}`);
        expect(widget.status).toBe(200);
        expect(second.services.live.size).toBe(ctx.services.live.size);
      } finally {
        await second.close();
      }
    },
    FUZZ_TIMEOUT,
  );

  it(
    'hostile titles come back byte-identical (NFC) from the listing, the widget JSON and the HTML widget',
    async () => {
      // An outlet and a publisher of their own, so the newest headline served is always this run's.
      const key = await createPartner(ctx.app, {
        id: 'fuzz-titles',
        name: 'Titluri',
        domains: ['titluri.ro'],
      });
      const put = await ctx.app.request(
        '/v1/admin/publishers/titles-pub',
        jsonRequest(
          'PUT',
          { name: 'T', includePartners: ['fuzz-titles'], limit: 20, maxPerOutlet: 20 },
          ADMIN_TOKEN,
        ),
      );
      expect(put.status).toBe(200);
      const base = Date.now() - 3_600_000;
      let n = 0;
      let kept = 0;
      const title = fc.oneof(
        hostileString,
        fc.tuple(fc.constantFrom(...NASTY), hostileString).map(([a, b]) => `Titlu ${a} și ${b}`),
      );
      await fc.assert(
        fc.asyncProperty(title, async (raw) => {
          n += 1;
          const url = `https://www.titluri.ro/titlu/${n}`;
          const item = { url, title: raw, publishedAt: new Date(base + n * 1000).toISOString() };
          const res = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: [item] }, key));
          expect(res.status).toBe(200);
          const result = (await res.json()) as {
            accepted: number;
            rejected: { errors: { path: string }[] }[];
          };
          const expected = expectedTitle(raw);
          if (expected === undefined) {
            expect(result.accepted, JSON.stringify(raw)).toBe(0);
            expect(new Set(result.rejected[0]?.errors.map((e) => e.path))).toEqual(new Set(['title']));
            return;
          }
          expect(result, JSON.stringify(raw)).toEqual({ accepted: 1, rejected: [] });
          kept += 1;
          const listed = (await (await ctx.app.request('/v1/headlines?limit=1', auth(key))).json()) as Listed;
          expect(listed.headlines[0]?.url).toBe(url);
          expect(Buffer.from(listed.headlines[0]?.title ?? '')).toEqual(Buffer.from(expected));

          const widget = await ctx.app.request('/v1/widget?publisher=titles-pub');
          expect(widget.headers.get('content-type')).toBe('application/json; charset=utf-8');
          const answer = JSON.parse(await widget.text()) as { items: { url: string; title: unknown }[] };
          expect(answer.items[0]?.url).toBe(url);
          expect(answer.items[0]?.title).toBeTypeOf('string');
          expect(Buffer.from(String(answer.items[0]?.title))).toEqual(Buffer.from(expected));

          const page = await ctx.app.request('/v1/widget.html?publisher=titles-pub');
          expect(page.headers.get('content-type')).toMatch(/^text\/html/);
          expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
          const html = await page.text();
          expect(html).toContain(`<span class="t">${escapeHtml(expected)}</span>`);
          // Text never opens a tag: every tag in the page is one the template writes, with no event handler.
          for (const [, tag] of html.matchAll(/<\/?([a-zA-Z!][^\s/>]*)/g))
            expect(WIDGET_HTML_TAGS).toContain(tag?.toLowerCase());
          expect(html).not.toMatch(/<[^>]*\son\w+\s*=/i);
        }),
        { numRuns: RUNS, examples: [['Titlu <b>ok</b> & „ghilimele”']] },
      );
      expect(kept, 'some hostile titles are valid and kept').toBeGreaterThan(RUNS / 10);
      await expectIntact(world);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'DELETE /v1/headlines?url=: hostile URLs never 5xx; a 204 really removes the headline',
    async () => {
      const stored = (await listAll()).map((h) => h.url);
      const url = fc.oneof(
        fc.constantFrom(...stored),
        hostileString,
        fc.constantFrom(...stored).map((u) => u.toUpperCase()),
      );
      await fc.assert(
        fc.asyncProperty(queryArb({ url }), authArb(world.key), async (query, authorization) => {
          const path = `/v1/headlines${query}`;
          const res = await send(ctx, { method: 'DELETE', path, headers: { authorization } });
          await expectSafeAnswer(res, 'DELETE', path);
          if (res.status === 204) {
            const target = new URL(`http://x${path}`).searchParams.get('url');
            expect((await listAll()).some((h) => h.url === target)).toBe(false);
          }
          await expectIntact(world);
        }),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );

  it(
    'GET /v1/headlines?limit=&cursor=: hostile limits and forged cursors never 5xx',
    async () => {
      const first = (await (
        await ctx.app.request('/v1/headlines?limit=2', auth(world.key))
      ).json()) as Listed;
      const cursor = fc.oneof(
        fc.constant(first.nextCursor ?? ''),
        hostileString,
        jsonText.map((t) => Buffer.from(t).toString('base64url')),
        fc
          .tuple(numberText, stringText(hostileString))
          .map(([score, id]) => Buffer.from(`[${score},${id}]`).toString('base64url')),
      );
      const limit = fc.oneof(numberText, hostileString, fc.constantFrom(' 5', '5 ', '0x10', '1e2', '', '-1'));
      const method = fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'PUT', 'PATCH', 'OPTIONS');
      await fc.assert(
        fc.asyncProperty(
          method,
          queryArb({ limit, cursor }),
          authArb(world.key),
          async (m, query, authorization) => {
            const path = `/v1/headlines${query}`;
            const res = await send(ctx, {
              method: m,
              path,
              headers: { authorization, origin: 'https://evil.example' },
            });
            const text = await expectSafeAnswer(res, m, `${m} ${path}`);
            expect(res.headers.get('access-control-allow-origin')).toBeNull();
            if (res.status === 200 && m === 'GET') {
              const page = JSON.parse(text) as Listed;
              expect(Array.isArray(page.headlines)).toBe(true);
              for (const h of page.headlines) expectCleanText(h.title);
            }
            await expectIntact(world);
          },
        ),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});

/** The five characters HTML text and attributes need escaped (what any correct escaper produces). */
function escapeHtml(s: string): string {
  return s
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
