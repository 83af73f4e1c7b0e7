// Response bodies described for the OpenAPI document, where no route validates them (requests use the routes' own schemas).
import { z } from 'zod';
import { HeadlineInputSchema } from '../services/headlines.js';
import { LIMITS } from '../shared/limits.js';

const isoTime = z.string().meta({ format: 'date-time' });
const itemId = z.string().regex(/^[0-9a-f]{20}$/);

/** RFC 9457 problem details, as src/errors.ts renders them. */
export const ProblemSchema = z.object({
  type: z.string().meta({
    description: 'A URI naming the kind of problem, e.g. https://citeste-si.ro/problems/validation',
  }),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  errors: z
    .array(
      z.object({ path: z.string().meta({ description: 'e.g. "headlines.3.url"' }), message: z.string() }),
    )
    .optional()
    .meta({ description: 'One entry per invalid field' }),
});

export const PartnerSchema = z.object({
  id: z.string(),
  name: z.string(),
  domains: z.array(z.string()),
  homepage: z.string().optional(),
  logoUrl: z.string().optional(),
  createdAt: isoTime,
});

export const CreatedPartnerSchema = z.object({
  partner: PartnerSchema,
  apiKey: z.string().meta({ description: 'Shown once: only a hash of it is stored' }),
});

export const PartnerListSchema = z.object({ partners: z.array(PartnerSchema) });

export const ApiKeySchema = z.object({
  apiKey: z.string().meta({ description: 'The new key; every older key of the partner stops working' }),
});

export const PublisherSchema = z.object({
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
    .object({
      name: z.string(),
      variants: z.array(
        z.object({
          name: z.string(),
          weight: z.number(),
          fairExchange: z.boolean().optional(),
          halfLifeHours: z.number().optional(),
        }),
      ),
    })
    .optional(),
  updatedAt: isoTime,
});

export const PublisherEnvelopeSchema = z.object({ publisher: PublisherSchema });

/** The push body as documented: the route checks the envelope, the service checks each item with this schema. */
export const PushBodyDoc = z.object({
  headlines: z.array(HeadlineInputSchema).min(1).max(LIMITS.batch),
});

export const PushResultSchema = z.object({
  accepted: z.number().int(),
  rejected: z.array(
    z.object({
      index: z.number().int().meta({ description: 'Position of the item in the pushed array' }),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
});

export const StoredHeadlineSchema = z.object({
  id: itemId,
  partnerId: z.string(),
  url: z.string().meta({ description: 'Canonical URL' }),
  title: z.string(),
  summary: z.string().optional(),
  imageUrl: z.string().optional(),
  category: z.string().optional(),
  tags: z.array(z.string()),
  publishedAt: isoTime,
  expiresAt: isoTime,
  updatedAt: isoTime,
});

export const HeadlinePageSchema = z.object({
  headlines: z.array(StoredHeadlineSchema),
  nextCursor: z.string().optional().meta({ description: 'Pass as `cursor` for the next page' }),
});

export const WidgetAnswerSchema = z.object({
  publisher: z.string(),
  title: z.string(),
  token: z.string().meta({ description: 'Signed; names the items served. Send it back with events.' }),
  items: z.array(
    z.object({
      id: itemId,
      url: z.string(),
      title: z.string(),
      imageUrl: z.string().optional(),
      outlet: z.object({ id: z.string(), name: z.string() }),
      category: z.string().optional(),
      publishedAt: isoTime,
    }),
  ),
});

export const HealthSchema = z.object({ status: z.literal('ok') });

export const ReadySchema = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.looseObject({ ok: z.boolean() })),
});

const ruleWindow = { from: isoTime.optional(), until: isoTime.optional() };
const headlineRef = { id: itemId.optional(), url: z.string().optional() };

export const RulesEnvelopeSchema = z.object({
  rules: z.object({
    publisherId: z.string(),
    pins: z.array(z.object({ ...headlineRef, ...ruleWindow, position: z.number().int() })),
    boosts: z.array(
      z.object({ ...headlineRef, ...ruleWindow, partnerId: z.string().optional(), factor: z.number() }),
    ),
    blocks: z.array(z.object({ ...headlineRef, ...ruleWindow })),
    updatedAt: isoTime,
  }),
});

const FeedSchema = z.object({
  id: z.string(),
  partnerId: z.string(),
  url: z.string(),
  kind: z.enum(['rss', 'atom', 'news-sitemap']).nullable(),
  category: z.string().optional(),
  intervalSeconds: z.number().int(),
  createdAt: isoTime,
  lastPolledAt: isoTime.nullable(),
  lastSuccessAt: isoTime.nullable(),
  lastError: z.string().nullable(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  nextPollAt: isoTime,
  lastRejections: z.array(
    z.object({
      url: z.string().optional(),
      errors: z.array(z.object({ path: z.string(), message: z.string() })),
    }),
  ),
});

export const FeedEnvelopeSchema = z.object({ feed: FeedSchema });
export const FeedListSchema = z.object({ feeds: z.array(FeedSchema) });

const day = z.string().meta({ format: 'date', description: 'A Europe/Bucharest day' });
const rate = z.number().meta({ description: 'A ratio between 0 and 1' });
const interval = z.object({ value: z.number(), low: z.number(), high: z.number() });

export const DailyReportSchema = z.object({
  from: day,
  to: day,
  rows: z.array(
    z.object({
      date: day,
      publisher: z.string().meta({ description: 'The site the box was on' }),
      outlet: z.string().meta({ description: 'The partner whose headline was shown' }),
      widgetLoads: z.number().int(),
      impressions: z.number().int(),
      viewable: z.number().int(),
      clicks: z.number().int(),
      ctr: rate,
      viewabilityRate: rate,
    }),
  ),
});

export const ExchangeReportSchema = z.object({
  from: day,
  to: day,
  partners: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      clicksSent: z.number().int(),
      clicksReceived: z.number().int(),
      balance: z.number().int().meta({ description: 'clicksReceived − clicksSent' }),
      fairExchange: z.boolean(),
    }),
  ),
  imbalance: z.number().optional().meta({ description: 'Σ|balance| / Σ(sent + received), admin only' }),
});

export const TopReportSchema = z.object({
  publisher: z.string(),
  from: day,
  to: day,
  headlines: z.array(
    z.object({
      id: itemId,
      title: z.string(),
      url: z.string(),
      outlet: z.string(),
      impressions: z.number().int(),
      viewable: z.number().int(),
      clicks: z.number().int(),
      ctr: rate,
      viewabilityRate: rate,
      pinned: z.boolean(),
      boosted: z.boolean(),
      buried: z.boolean(),
      blocked: z.boolean(),
    }),
  ),
});

export const ExperimentReportSchema = z.object({
  publisher: z.string(),
  experiment: z.string().nullable(),
  from: day,
  to: day,
  confidence: z.number(),
  variants: z.array(
    z.object({
      variant: z.number().int().meta({ description: '1-based; 0 = answers outside any experiment' }),
      name: z.string(),
      weight: z.number(),
      widgetLoads: z.number().int(),
      impressions: z.number().int(),
      viewable: z.number().int(),
      clicks: z.number().int(),
      ctr: interval,
      viewabilityRate: interval,
      vsControl: z
        .object({
          ctrDifference: z.number(),
          ctrPValue: z.number(),
          viewabilityDifference: z.number(),
          viewabilityPValue: z.number(),
          significant: z.boolean(),
        })
        .optional(),
    }),
  ),
});

/** Any JSON object: the OpenAPI document itself. */
export const AnyObjectSchema = z.record(z.string(), z.unknown());
