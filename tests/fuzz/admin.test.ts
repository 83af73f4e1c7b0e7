// Fuzzing the admin API: partners, keys and publishers take hostile bodies, paths and credentials.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, type TestContext } from '../support/harness.js';
import { STORES } from '../support/stores.js';
import {
  arrayField,
  authArb,
  bodyArb,
  bodyText,
  createWorld,
  expectCleanText,
  expectIntact,
  expectRefusedUnlessUtf8,
  expectSafeAnswer,
  FUZZ_ENV,
  FUZZ_TIMEOUT,
  type FuzzWorld,
  HOST,
  hostileString,
  idLike,
  jsonFuzzBody,
  mostly,
  numberText,
  OUTLET,
  objectText,
  PUBLISHER,
  queryArb,
  RUNS,
  segmentArb,
  send,
  stringField,
  stringText,
} from './support.js';

const JSON_TYPES = ['application/json', 'application/json; charset=utf-8'];
const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** True when the header carries exactly the admin token, the way the contract spells it. */
const isAdmin = (authorization: string | undefined) =>
  /^bearer\s+(\S+)\s*$/i.exec(authorization?.trim() ?? '')?.[1] === ADMIN_TOKEN;

const partnerBody = bodyText(
  objectText({
    id: stringField(mostly(idLike, fc.constantFrom('constructor', 'prototype', OUTLET))),
    name: stringField(mostly(fc.constantFrom('Digi24', 'Gazeta Sporturilor', 'Știrile Pro TV'))),
    domains: arrayField(
      stringText(
        mostly(
          fc.oneof(
            idLike.map((d) => `${d}.ro`),
            fc.constantFrom('digi24.ro', 'WWW.FUZZ.RO', ' a.ro '),
          ),
          fc.oneof(fc.domain(), fc.constantFrom('ro', 'a..ro', '-a.ro', 'localhost', '127.0.0.1', '[::1]')),
        ),
      ),
      6,
      1,
    ),
    homepage: stringField(mostly(fc.webUrl())),
    logoUrl: stringField(
      mostly(
        fc.webUrl({ validSchemes: ['https'] }),
        fc.constantFrom('http://a.ro/x.png', 'javascript:alert(1)'),
      ),
    ),
  }),
);

const partnerRef = stringText(
  fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(OUTLET, HOST) },
    { weight: 1, arbitrary: fc.constantFrom('nope-nope', 'constructor', '__proto__') },
    { weight: 1, arbitrary: hostileString },
  ),
);

const publisherBody = bodyText(
  objectText({
    name: stringField(mostly(fc.constantFrom('EVZ', 'Libertatea'))),
    partnerId: partnerRef,
    title: stringField(mostly(fc.constantFrom('Citește și', 'Vezi și'))),
    limit: mostly(fc.integer({ min: 1, max: 20 }).map(String), numberText),
    maxPerOutlet: mostly(fc.integer({ min: 1, max: 20 }).map(String), numberText),
    includePartners: arrayField(partnerRef, 2),
    excludePartners: arrayField(partnerRef, 2),
    excludeCategories: arrayField(stringText(mostly(fc.constantFrom('Sport', 'sănătate', 'SANATATE')))),
  }),
);

describe.each(STORES)('fuzzing the admin API on the %s', (_name, createContext) => {
  let ctx: TestContext;
  let world: FuzzWorld;
  beforeAll(async () => {
    ctx = await createContext({ env: FUZZ_ENV });
    world = await createWorld(ctx);
  });
  afterAll(async () => {
    await ctx?.close();
  });

  it(
    'POST /v1/admin/partners: hostile bodies and credentials never 5xx, never store junk',
    async () => {
      let created = 0;
      await fc.assert(
        fc.asyncProperty(
          bodyArb(partnerBody, JSON_TYPES),
          authArb(ADMIN_TOKEN),
          async (body, authorization) => {
            const res = await send(ctx, {
              method: 'POST',
              path: '/v1/admin/partners',
              headers: { authorization },
              body,
            });
            const text = await expectSafeAnswer(res, 'POST', 'POST /v1/admin/partners');
            expectRefusedUnlessUtf8(body, res);
            if (!isAdmin(authorization)) expect([401, 403]).toContain(res.status);
            if (res.status === 201) {
              created += 1;
              const answer = JSON.parse(text) as {
                apiKey: string;
                partner: { id: string; name: string; domains: string[] };
              };
              expect(answer.apiKey).toMatch(/^cs_[A-Za-z0-9_-]{43}$/);
              expect(answer.partner.id).toMatch(/^[a-z0-9][a-z0-9-]{1,39}$/);
              expectCleanText(answer.partner.name);
              for (const d of answer.partner.domains) expect(d).toMatch(DOMAIN);
            }
            await expectIntact(world);
          },
        ),
        {
          numRuns: RUNS,
          examples: [
            [
              jsonFuzzBody({ id: 'example-outlet', name: 'Exemplu', domains: ['exemplu.ro'] }),
              `Bearer ${ADMIN_TOKEN}`,
            ],
          ],
        },
      );
      expect(created, 'the generators reach the success path').toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'POST /v1/admin/partners/{id}/keys: hostile ids; a rotation retires the old key',
    async () => {
      const segment = segmentArb([OUTLET, HOST, `${OUTLET}%20`, 'fuzz%2Doutlet']);
      let rotated = 0;
      await fc.assert(
        fc.asyncProperty(
          segment,
          queryArb({ id: hostileString }),
          authArb(ADMIN_TOKEN),
          async (id, query, authorization) => {
            const path = `/v1/admin/partners/${id}/keys${query}`;
            const res = await send(ctx, { method: 'POST', path, headers: { authorization } });
            const text = await expectSafeAnswer(res, 'POST', path);
            if (!isAdmin(authorization)) expect([401, 403, 404]).toContain(res.status);
            if (res.status === 201) {
              rotated += 1;
              const { apiKey } = JSON.parse(text) as { apiKey: string };
              const owner = await ctx.services.partners.authenticate(apiKey);
              expect(owner).toBeDefined();
              if (owner?.id === OUTLET) {
                expect(await ctx.services.partners.authenticate(world.key)).toBeUndefined();
                world.key = apiKey;
              }
            }
            await expectIntact(world);
          },
        ),
        { numRuns: RUNS, examples: [[OUTLET, '', `Bearer ${ADMIN_TOKEN}`]] },
      );
      expect(rotated, 'the generators reach the success path').toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'PUT /v1/admin/publishers/{id}: hostile settings never 5xx, and a stored publisher still serves',
    async () => {
      const segment = fc.oneof(
        { weight: 2, arbitrary: idLike },
        { weight: 1, arbitrary: segmentArb([PUBLISHER]) },
      );
      let stored = 0;
      await fc.assert(
        fc.asyncProperty(
          segment,
          bodyArb(publisherBody, JSON_TYPES),
          authArb(ADMIN_TOKEN),
          async (id, body, authorization) => {
            const path = `/v1/admin/publishers/${id}`;
            const res = await send(ctx, { method: 'PUT', path, headers: { authorization }, body });
            const text = await expectSafeAnswer(res, 'PUT', path);
            expectRefusedUnlessUtf8(body, res);
            if (!isAdmin(authorization)) expect([401, 403, 404]).toContain(res.status);
            if (res.status === 200) {
              stored += 1;
              const { publisher } = JSON.parse(text) as {
                publisher: { id: string; name: string; title: string; limit: number; maxPerOutlet: number };
              };
              expectCleanText(publisher.name);
              expectCleanText(publisher.title);
              expect(Number.isInteger(publisher.limit) && publisher.limit >= 1 && publisher.limit <= 20).toBe(
                true,
              );
              expect(Number.isInteger(publisher.maxPerOutlet) && publisher.maxPerOutlet >= 1).toBe(true);
              const widget = await ctx.app.request(`/v1/widget?publisher=${publisher.id}`);
              expect(widget.status).toBe(200);
              const answer = (await widget.json()) as { title: string; items: unknown[] };
              expect(answer.title).toBe(publisher.title);
              expect(answer.items.length).toBeLessThanOrEqual(publisher.limit);
            }
            await expectIntact(world);
          },
        ),
        {
          numRuns: RUNS,
          examples: [['example-pub', jsonFuzzBody({ name: 'Exemplu', limit: 3 }), `Bearer ${ADMIN_TOKEN}`]],
        },
      );
      expect(stored, 'the generators reach the success path').toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT,
  );

  it(
    'GET and other methods on admin paths: hostile ids, queries and methods never 5xx',
    async () => {
      const path = fc.oneof(
        segmentArb([PUBLISHER]).map((id) => `/v1/admin/publishers/${id}`),
        segmentArb([OUTLET]).map((id) => `/v1/admin/partners/${id}`),
        fc.constantFrom(
          '/v1/admin/partners',
          '/v1/admin/publishers',
          '/v1/admin',
          '/v1/admin/',
          '/v1/admin/partners/',
        ),
      );
      const method = fc.constantFrom('GET', 'HEAD', 'DELETE', 'PATCH', 'POST', 'PUT', 'OPTIONS');
      await fc.assert(
        fc.asyncProperty(
          method,
          path,
          queryArb({ limit: hostileString, cursor: hostileString }),
          authArb(ADMIN_TOKEN),
          async (m, p, query, authorization) => {
            const res = await send(ctx, {
              method: m,
              path: `${p}${query}`,
              headers: { authorization, origin: 'https://evil.example' },
            });
            await expectSafeAnswer(res, m, `${m} ${p}${query}`);
            // Admin answers are never readable cross-origin.
            expect(res.headers.get('access-control-allow-origin')).toBeNull();
            await expectIntact(world);
          },
        ),
        { numRuns: RUNS },
      );
    },
    FUZZ_TIMEOUT,
  );
});
