// Admin API: partners, their keys and publishers. Bearer ADMIN_TOKEN.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError, UnknownPartnerError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, pathInput } from '../http/input.js';
import { adminAuth } from '../http/middleware.js';
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
