// Admin API: partners, their keys and publishers. Bearer ADMIN_TOKEN.
import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors.js';
import type { AppEnv } from '../http/env.js';
import { jsonBody, pathInput } from '../http/input.js';
import { adminAuth } from '../http/middleware.js';
import type { Services } from '../services/index.js';
import { UnknownPartnerError } from '../services/publishers.js';
import { cleanText, textProblem } from '../services/text.js';
import { DOMAIN_PATTERN, parseHttpUrl } from '../services/urls.js';

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

const PartnerBody = z.strictObject({
  id,
  name: label(100),
  domains: z
    .array(
      z
        .string()
        .transform((d) => d.trim().toLowerCase())
        .pipe(z.string().regex(DOMAIN_PATTERN, 'must be a domain name like "digi24.ro"')),
    )
    .min(1)
    .max(50),
  homepage: httpUrl(false).optional(),
  logoUrl: httpUrl(true).optional(),
});

const PublisherBody = z.strictObject({
  name: label(100),
  partnerId: id.optional(),
  title: label(60).optional(),
  limit: z.number().int().min(1).max(20).optional(),
  maxPerOutlet: z.number().int().min(1).max(20).optional(),
  includePartners: z.array(id).max(500).optional(),
  excludePartners: z.array(id).max(500).optional(),
  excludeCategories: z.array(label(60)).max(200).optional(),
});

const PartnerParams = z.object({ id });

export function adminRoutes(services: Services, adminToken: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', adminAuth(adminToken));

  app.post('/partners', async (c) => {
    const body = await jsonBody(c, PartnerBody);
    const created = await services.partners.create(body);
    return c.json(created, 201);
  });

  app.get('/partners', async (c) => c.json({ partners: await services.partners.list() }));

  app.post('/partners/:id/keys', async (c) => {
    const { id: partnerId } = pathInput(c, PartnerParams);
    return c.json({ apiKey: await services.partners.rotateKey(partnerId) }, 201);
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

  return app;
}
