// Admin API: partners, their keys and publishers. Bearer ADMIN_TOKEN.
import { Hono } from 'hono';
import { z } from 'zod';
import type { Partner, Publisher, PublisherRules } from '../domain.js';
import { ApiError, UnknownPartnerError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, pathInput } from '../http/input.js';
import { adminAuth } from '../http/middleware.js';
import { ITEM_ID, NOW } from '../openapi/examples.js';
import { isoTime, itemId } from '../openapi/schemas.js';
import type { Describes, OperationDoc } from '../openapi/types.js';
import type { Services } from '../services/index.js';
import { cleanText, textProblem } from '../shared/text.js';
import { DOMAIN_PATTERN, parseHttpUrl } from '../shared/urls.js';
import { feedRoutes } from './feeds.js';

export const ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,39}$/;
const id = z.string().regex(ID_PATTERN, 'must match ^[a-z0-9][a-z0-9-]{1,39}$');

const label = (max: number) =>
  z
    .string()
    .superRefine((v, ctx) => {
      const p = textProblem(v);
      if (p) ctx.addIssue({ code: 'custom', message: p });
    })
    .transform((v) => cleanText(v))
    .pipe(z.string().min(1, 'must not be empty').max(max));

const httpUrl = (https: boolean) =>
  z
    .string()
    .max(2048)
    .refine(
      (v) => {
        const url = parseHttpUrl(v);
        return url !== undefined && (!https || url.protocol === 'https:');
      },
      https ? 'must be an https URL' : 'must be an http(s) URL',
    );

const domain = z
  .string()
  .transform((d) => d.trim().toLowerCase())
  .pipe(z.string().regex(DOMAIN_PATTERN, 'must be a domain name like "digi24.ro"'));

export const PartnerBody = z.strictObject({
  id,
  name: label(100),
  domains: z.array(domain).min(1).max(50),
  homepage: httpUrl(false).optional(),
  logoUrl: httpUrl(true).optional(),
  /** Image CDNs of the partner, fetched for thumbnails like its own domains. */
  imageHosts: z.array(domain).max(20).optional(),
});

const ExperimentBody = z.strictObject({
  name: label(60),
  variants: z
    .array(
      z.strictObject({
        name: label(40),
        weight: z.number().min(0).max(1000),
        fairExchange: z.boolean().optional(),
        halfLifeHours: z.number().min(0.5).max(720).optional(),
        learning: z.boolean().optional(),
      }),
    )
    .min(2)
    .max(8)
    .refine((vs) => new Set(vs.map((v) => v.name)).size === vs.length, 'variant names must differ')
    .refine((vs) => vs.some((v) => v.weight > 0), 'at least one variant needs a weight above 0'),
});

export const PublisherBody = z.strictObject({
  name: label(100),
  partnerId: id.optional(),
  title: label(60).optional(),
  limit: z.number().int().min(1).max(20).optional(),
  maxPerOutlet: z.number().int().min(1).max(20).optional(),
  includePartners: z.array(id).max(500).optional(),
  excludePartners: z.array(id).max(500).optional(),
  excludeCategories: z.array(label(60)).max(200).optional(),
  fairExchange: z.boolean().optional(),
  experiment: ExperimentBody.optional(),
});

// Editorial rules: a headline by `id` or `url`, optionally within a time window [from, until).
const headlineRef = {
  id: z
    .string()
    .regex(/^[0-9a-f]{20}$/, 'must be a headline id')
    .optional(),
  url: httpUrl(false).optional(),
};
const ruleWindow = {
  from: z.iso.datetime({ offset: true }).optional(),
  until: z.iso.datetime({ offset: true }).optional(),
};
const oneTarget = (r: {
  id?: string | undefined;
  url?: string | undefined;
  partnerId?: string | undefined;
}) => [r.id, r.url, r.partnerId].filter((v) => v !== undefined).length === 1;
const windowOrder = (r: { from?: string | undefined; until?: string | undefined }) =>
  r.from === undefined || r.until === undefined || Date.parse(r.from) < Date.parse(r.until);
export const RulesBody = z.strictObject({
  pins: z
    .array(
      z
        .strictObject({ ...headlineRef, ...ruleWindow, position: z.number().int().min(1).max(20) })
        .refine(oneTarget, 'name the headline by id or by url')
        .refine(windowOrder, 'from must be before until'),
    )
    .max(20)
    .optional(),
  boosts: z
    .array(
      z
        .strictObject({
          ...headlineRef,
          ...ruleWindow,
          partnerId: id.optional(),
          factor: z.number().min(0.01).max(100),
        })
        .refine(oneTarget, 'name one partnerId, headline id or url')
        .refine(windowOrder, 'from must be before until'),
    )
    .max(200)
    .optional(),
  blocks: z
    .array(
      z
        .strictObject({ ...headlineRef, ...ruleWindow })
        .refine(oneTarget, 'name the headline by id or by url')
        .refine(windowOrder, 'from must be before until'),
    )
    .max(1000)
    .optional(),
});

export const PartnerParams = z.object({ id });

// Response bodies: exactly what the services return (checked by the compiler and by tests/support/documented.ts).
export const PartnerSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  homepage: z.string().optional(),
  logoUrl: z.string().optional(),
  imageHosts: z
    .array(z.string())
    .optional()
    .meta({ description: 'Image hosts besides `domains`, e.g. a CDN' }),
  createdAt: isoTime,
});
true satisfies Describes<typeof PartnerSchema, Partner>;

const CreatedPartnerSchema = z.strictObject({
  partner: PartnerSchema,
  apiKey: z.string().meta({ description: 'Shown once: only a hash of it is stored' }),
});
true satisfies Describes<typeof CreatedPartnerSchema, Awaited<ReturnType<Services['partners']['create']>>>;

const PartnerListSchema = z.strictObject({ partners: z.array(PartnerSchema) });

const ApiKeySchema = z.strictObject({
  apiKey: z.string().meta({ description: 'The new key; every older key of the partner stops working' }),
});

const PublisherSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  partnerId: z.string().optional().meta({ description: 'Own outlet: never shown in its own widget' }),
  title: z.string(),
  limit: z.number().int(),
  maxPerOutlet: z.number().int(),
  includePartners: z.array(z.string()).optional(),
  excludePartners: z.array(z.string()),
  excludeCategories: z.array(z.string()),
  fairExchange: z.boolean().optional(),
  experiment: z
    .strictObject({
      name: z.string(),
      variants: z.array(
        z.strictObject({
          name: z.string(),
          weight: z.number(),
          fairExchange: z.boolean().optional(),
          halfLifeHours: z.number().optional(),
          learning: z.boolean().optional(),
        }),
      ),
    })
    .optional(),
  updatedAt: isoTime,
});
true satisfies Describes<typeof PublisherSchema, Publisher>;

const PublisherEnvelopeSchema = z.strictObject({ publisher: PublisherSchema });

const ruleWindowOut = { from: isoTime.optional(), until: isoTime.optional() };
const headlineRefOut = { id: itemId.optional(), url: z.string().optional() };
const RulesSchema = z.strictObject({
  publisherId: z.string(),
  pins: z.array(z.strictObject({ ...headlineRefOut, ...ruleWindowOut, position: z.number().int() })),
  boosts: z.array(
    z.strictObject({
      ...headlineRefOut,
      ...ruleWindowOut,
      partnerId: z.string().optional(),
      factor: z.number(),
    }),
  ),
  blocks: z.array(z.strictObject({ ...headlineRefOut, ...ruleWindowOut })),
  updatedAt: isoTime,
});
true satisfies Describes<typeof RulesSchema, PublisherRules>;

const RulesEnvelopeSchema = z.strictObject({ rules: RulesSchema });

export function adminRoutes(services: Services, adminToken: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', adminAuth(adminToken));

  app.post('/partners', async (c) => {
    const body = await jsonBody(c, PartnerBody);
    const created = await services.partners.create(body);
    // The only time the key is shown: no cache (browser, proxy or CDN) may keep a copy.
    c.header('Cache-Control', 'no-store');
    return c.json(created, 201);
  });

  app.get('/partners', async (c) => c.json({ partners: await services.partners.list() }));

  app.post('/partners/:id/keys', async (c) => {
    const { id: partnerId } = pathInput(c, PartnerParams);
    const apiKey = await services.partners.rotateKey(partnerId);
    c.header('Cache-Control', 'no-store');
    return c.json({ apiKey }, 201);
  });

  app.put('/publishers/:id', async (c) => {
    const { id: publisherId } = pathInput(c, PartnerParams);
    const body = await jsonBody(c, PublisherBody);
    try {
      return c.json({ publisher: await services.publishers.put(publisherId, body) });
    } catch (err) {
      if (err instanceof UnknownPartnerError) {
        throw new ApiError('validation', 'The publisher names partners that do not exist', {
          errors: err.problems,
        });
      }
      throw err;
    }
  });

  app.get('/publishers/:id', async (c) => {
    const { id: publisherId } = pathInput(c, PartnerParams);
    const publisher = await services.publishers.get(publisherId);
    if (!publisher) throw new ApiError('not_found', `No publisher "${publisherId}"`);
    return c.json({ publisher });
  });

  app.put('/publishers/:id/rules', async (c) => {
    const { id: publisherId } = pathInput(c, PartnerParams);
    const body = await jsonBody(c, RulesBody);
    if (!(await services.publishers.get(publisherId))) {
      throw new ApiError('not_found', `No publisher "${publisherId}"`);
    }
    try {
      return c.json({ rules: await services.rules.put(publisherId, body) });
    } catch (err) {
      if (err instanceof UnknownPartnerError) {
        throw new ApiError('validation', 'The rules name partners that do not exist', {
          errors: err.problems,
        });
      }
      throw err;
    }
  });

  app.get('/publishers/:id/rules', async (c) => {
    const { id: publisherId } = pathInput(c, PartnerParams);
    const publisher = await services.publishers.get(publisherId);
    if (!publisher) throw new ApiError('not_found', `No publisher "${publisherId}"`);
    return c.json({ rules: services.rules.current(publisherId, publisher.updatedAt) });
  });

  // Partner feeds: /partners/:id/feeds, behind the same admin bearer.
  app.route('/', feedRoutes(services));

  return app;
}

const partnerExample = {
  id: 'digi24',
  name: 'Digi24',
  domains: ['digi24.ro'],
  homepage: 'https://www.digi24.ro/',
  createdAt: NOW,
};

const publisherExample = {
  id: 'evz',
  name: 'Evenimentul Zilei',
  partnerId: 'evz',
  title: 'Citește și',
  limit: 6,
  maxPerOutlet: 2,
  excludePartners: [],
  excludeCategories: ['Horoscop'],
  updatedAt: NOW,
};

/** The OpenAPI entries of the routes above (feeds: routes/feeds.ts). */
export const adminOperations: OperationDoc[] = [
  {
    method: 'post',
    path: '/v1/admin/partners',
    tag: 'admin',
    auth: 'admin',
    summary: 'Create a partner (outlet)',
    description:
      'Registers an outlet that may push headlines for its `domains` (and their subdomains). The answer carries ' +
      'the partner API key **once**: only a hash of it is stored. `409` when the id exists.',
    body: {
      schema: PartnerBody,
      example: { id: 'digi24', name: 'Digi24', domains: ['digi24.ro'], homepage: 'https://www.digi24.ro/' },
    },
    responses: {
      201: {
        description: 'Created; keep the key, it is not shown again',
        schema: CreatedPartnerSchema,
        example: { partner: partnerExample, apiKey: 'cs_5Jx0mVZ8c1q3nP7rT2wY4aB6dE9fH0kLmN2pQ4sU6vX' },
      },
    },
    problems: [409],
  },
  {
    method: 'get',
    path: '/v1/admin/partners',
    tag: 'admin',
    auth: 'admin',
    summary: 'List partners',
    description: 'Every partner, never with a key or its hash.',
    responses: {
      200: {
        description: 'The partners',
        schema: PartnerListSchema,
        example: {
          partners: [
            partnerExample,
            { id: 'libertatea', name: 'Libertatea', domains: ['libertatea.ro'], createdAt: NOW },
          ],
        },
      },
    },
  },
  {
    method: 'post',
    path: '/v1/admin/partners/{id}/keys',
    tag: 'admin',
    auth: 'admin',
    summary: 'Rotate a partner key',
    description:
      'Issues a new API key for the partner; every older key of that partner stops working at once.',
    params: PartnerParams,
    responses: {
      201: {
        description: 'The new key (shown once)',
        schema: ApiKeySchema,
        example: { apiKey: 'cs_Q8w2Er4tY6uI8oP0aS2dF4gH6jK8lZ1xC3vB5nM7qW' },
      },
    },
    problems: [400, 404],
  },
  {
    method: 'put',
    path: '/v1/admin/publishers/{id}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Create or replace a publisher',
    description:
      'A publisher is a site that shows the box. `partnerId` is its own outlet (never shown in its own widget); ' +
      '`includePartners` limits the box to those partners; `excludeCategories` are compared case- and ' +
      'diacritics-insensitively. Unset fields take their defaults (title „Citește și”, limit 6, maxPerOutlet 2).',
    params: PartnerParams,
    body: {
      schema: PublisherBody,
      example: {
        name: 'Evenimentul Zilei',
        partnerId: 'evz',
        title: 'Citește și',
        limit: 6,
        maxPerOutlet: 2,
        excludeCategories: ['Horoscop'],
      },
    },
    responses: {
      200: {
        description: 'The stored publisher',
        schema: PublisherEnvelopeSchema,
        example: { publisher: publisherExample },
      },
    },
  },
  {
    method: 'get',
    path: '/v1/admin/publishers/{id}',
    tag: 'admin',
    auth: 'admin',
    summary: 'Read a publisher',
    description: 'The publisher with its rules and defaults filled in.',
    params: PartnerParams,
    responses: {
      200: {
        description: 'The publisher',
        schema: PublisherEnvelopeSchema,
        example: { publisher: publisherExample },
      },
    },
    problems: [400, 404],
  },
  {
    method: 'put',
    path: '/v1/admin/publishers/{id}/rules',
    tag: 'admin',
    auth: 'admin',
    summary: "Set a publisher's editorial rules",
    description:
      'Replaces the pins (a headline at a position), boosts (`factor` > 1 boosts, < 1 buries a partner or a ' +
      'headline) and blocks of one publisher, each optionally within a `[from, until)` window. A headline is named ' +
      'by `id` or `url`; a boost may name a `partnerId` instead.',
    params: PartnerParams,
    body: {
      schema: RulesBody,
      example: {
        pins: [
          {
            url: 'https://www.digi24.ro/stiri/actualitate/alegeri-prezidentiale-rezultate-3012399',
            position: 1,
            until: '2026-11-30T22:00:00Z',
          },
        ],
        boosts: [{ partnerId: 'libertatea', factor: 1.5 }],
        blocks: [{ id: ITEM_ID }],
      },
    },
    responses: {
      200: {
        description: 'The stored rules',
        schema: RulesEnvelopeSchema,
        example: {
          rules: {
            publisherId: 'evz',
            pins: [
              {
                url: 'https://www.digi24.ro/stiri/actualitate/alegeri-prezidentiale-rezultate-3012399',
                position: 1,
                until: '2026-11-30T22:00:00.000Z',
              },
            ],
            boosts: [{ partnerId: 'libertatea', factor: 1.5 }],
            blocks: [{ id: ITEM_ID }],
            updatedAt: NOW,
          },
        },
      },
    },
    problems: [404],
  },
  {
    method: 'get',
    path: '/v1/admin/publishers/{id}/rules',
    tag: 'admin',
    auth: 'admin',
    summary: "Read a publisher's editorial rules",
    description: 'Pins, boosts and blocks of the publisher (empty lists when none were set).',
    params: PartnerParams,
    responses: {
      200: {
        description: 'The rules',
        schema: RulesEnvelopeSchema,
        example: { rules: { publisherId: 'evz', pins: [], boosts: [], blocks: [], updatedAt: NOW } },
      },
    },
    problems: [404],
  },
];
