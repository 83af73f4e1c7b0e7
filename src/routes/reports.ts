// Reports of the exchange: the admin sees everything (/v1/admin/reports), a partner what concerns it (/v1/reports).
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ReportScope } from '../domain.js';
import type { AppEnv } from '../http/env.js';
import { queryInput } from '../http/input.js';
import { adminAuth, partnerAuth } from '../http/middleware.js';
import { headlineExample, ITEM_ID } from '../openapi/examples.js';
import { itemId } from '../openapi/schemas.js';
import type { Describes, OperationDoc, ResponseDoc, Tag } from '../openapi/types.js';
import type { Services } from '../services/index.js';
import { type CsvValue, toCsv } from '../shared/csv.js';
import { ID_PATTERN } from './admin.js';

const id = z.string().regex(ID_PATTERN, 'must be an id');
const common = {
  from: z.string().max(10).optional(),
  to: z.string().max(10).optional(),
  format: z.enum(['json', 'csv']).default('json'),
};
export const DailyQuery = z.object({ ...common, publisher: id.optional(), outlet: id.optional() });
export const RangeQuery = z.object(common);
export const TopQuery = z.object({
  ...common,
  publisher: id,
  limit: z.coerce.number().int().min(1).max(100).default(20),
});
export const ExperimentQuery = z.object({ ...common, publisher: id });

// Response bodies: exactly what the report service returns (checked by the compiler and by the tests).
const day = z.string().meta({ format: 'date', description: 'A Europe/Bucharest day' });
const rate = z.number().meta({ description: 'A ratio between 0 and 1' });
const interval = z.strictObject({ value: z.number(), low: z.number(), high: z.number() });
const dayRange = { from: day, to: day };
type Reports = Services['reports'];
type Range = { from: string; to: string };

const DailyReportSchema = z.strictObject({
  ...dayRange,
  rows: z.array(
    z.strictObject({
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
type DailyReport = Range & { rows: Awaited<ReturnType<Reports['daily']>> };
true satisfies Describes<typeof DailyReportSchema, DailyReport>;

const ExchangeReportSchema = z.strictObject({
  ...dayRange,
  partners: z.array(
    z.strictObject({
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
type ExchangeReport = Range & Awaited<ReturnType<Reports['exchange']>>;
true satisfies Describes<typeof ExchangeReportSchema, ExchangeReport>;

const TopReportSchema = z.strictObject({
  publisher: z.string(),
  ...dayRange,
  headlines: z.array(
    z.strictObject({
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
type TopReport = Range & { publisher: string; headlines: Awaited<ReturnType<Reports['top']>> };
true satisfies Describes<typeof TopReportSchema, TopReport>;

const ExperimentReportSchema = z.strictObject({
  publisher: z.string(),
  experiment: z.string().nullable(),
  ...dayRange,
  confidence: z.literal(0.95),
  variants: z.array(
    z.strictObject({
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
        .strictObject({
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
true satisfies Describes<typeof ExperimentReportSchema, Awaited<ReturnType<Reports['experiment']>>>;

const COLUMNS = {
  daily: [
    'date',
    'publisher',
    'outlet',
    'widgetLoads',
    'impressions',
    'viewable',
    'clicks',
    'ctr',
    'viewabilityRate',
  ],
  exchange: ['id', 'name', 'clicksSent', 'clicksReceived', 'balance', 'fairExchange'],
  top: [
    'id',
    'title',
    'url',
    'outlet',
    'impressions',
    'viewable',
    'clicks',
    'ctr',
    'viewabilityRate',
    'pinned',
    'boosted',
    'buried',
    'blocked',
  ],
  experiment: [
    'variant',
    'name',
    'weight',
    'widgetLoads',
    'impressions',
    'viewable',
    'clicks',
    'ctr',
    'ctrLow',
    'ctrHigh',
    'viewabilityRate',
    'viewabilityLow',
    'viewabilityHigh',
    'ctrPValue',
    'viewabilityPValue',
    'significant',
  ],
} as const;

/** Reports are private and change with every event: never cached. */
function send(
  c: Context<AppEnv>,
  format: 'json' | 'csv',
  name: keyof typeof COLUMNS,
  range: { from: string; to: string },
  json: unknown,
  rows: () => Record<string, CsvValue>[],
): Response {
  c.header('Cache-Control', 'no-store');
  if (format === 'json') return c.json(json);
  return c.body(toCsv(COLUMNS[name], rows()), 200, {
    'Content-Type': 'text/csv; charset=utf-8; header=present',
    'Content-Disposition': `attachment; filename="${name}-${range.from}-${range.to}.csv"`,
  });
}

function reportRoutes(services: Services, scopeOf: (c: Context<AppEnv>) => ReportScope, app: Hono<AppEnv>) {
  const reports = services.reports;

  app.get('/daily', async (c) => {
    const q = queryInput(c, DailyQuery);
    const range = reports.range(q.from, q.to);
    const rows = await reports.daily(range, { publisher: q.publisher, outlet: q.outlet }, scopeOf(c));
    const json: DailyReport = { from: range.from, to: range.to, rows };
    return send(c, q.format, 'daily', range, json, () => rows.map((r) => ({ ...r })));
  });

  app.get('/exchange', async (c) => {
    const q = queryInput(c, RangeQuery);
    const range = reports.range(q.from, q.to);
    const report = await reports.exchange(range, scopeOf(c));
    const json: ExchangeReport = { from: range.from, to: range.to, ...report };
    return send(c, q.format, 'exchange', range, json, () => report.partners.map((p) => ({ ...p })));
  });

  app.get('/top', async (c) => {
    const q = queryInput(c, TopQuery);
    const range = reports.range(q.from, q.to);
    const headlines = await reports.top(range, q.publisher, q.limit, scopeOf(c));
    const json: TopReport = { publisher: q.publisher, from: range.from, to: range.to, headlines };
    return send(c, q.format, 'top', range, json, () => headlines.map((h) => ({ ...h })));
  });

  app.get('/experiment', async (c) => {
    const q = queryInput(c, ExperimentQuery);
    const range = reports.range(q.from, q.to);
    const report = await reports.experiment(range, q.publisher, scopeOf(c));
    return send(c, q.format, 'experiment', range, report, () =>
      report.variants.map((v) => ({
        variant: v.variant,
        name: v.name,
        weight: v.weight,
        widgetLoads: v.widgetLoads,
        impressions: v.impressions,
        viewable: v.viewable,
        clicks: v.clicks,
        ctr: v.ctr.value,
        ctrLow: v.ctr.low,
        ctrHigh: v.ctr.high,
        viewabilityRate: v.viewabilityRate.value,
        viewabilityLow: v.viewabilityRate.low,
        viewabilityHigh: v.viewabilityRate.high,
        ctrPValue: v.vsControl?.ctrPValue,
        viewabilityPValue: v.vsControl?.viewabilityPValue,
        significant: v.vsControl?.significant,
      })),
    );
  });

  return app;
}

/** Mounted at /v1/admin/reports: every publisher and partner. */
export function adminReportRoutes(services: Services, adminToken: string): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', adminAuth(adminToken));
  return reportRoutes(services, () => ({ kind: 'admin' }), app);
}

/** Mounted at /v1/reports: rows where the key's partner is the outlet or owns the publisher. */
export function partnerReportRoutes(services: Services): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  app.use('*', partnerAuth(services.partners));
  return reportRoutes(services, (c) => ({ kind: 'partner', partnerId: c.get('partner').id }), app);
}

const RANGE = { from: '2026-11-22', to: '2026-11-28' };

/** The four reports, for the admin (everything) or a partner key (what concerns that partner). */
export function reportOperations(scope: 'admin' | 'partner'): OperationDoc[] {
  const base = scope === 'admin' ? '/v1/admin/reports' : '/v1/reports';
  const tag: Tag = scope === 'admin' ? 'admin' : 'partner';
  const who =
    scope === 'admin'
      ? 'Every publisher and partner.'
      : 'Rows where your outlet is the one shown, or the publisher is yours.';
  const common =
    ' Days are Europe/Bucharest days; `from`/`to` are `YYYY-MM-DD` (the server picks a recent range when absent). ' +
    '`format=csv` answers the same rows as CSV.';
  const entry = (
    name: string,
    summary: string,
    what: string,
    query: z.ZodObject,
    response: ResponseDoc,
    problems: number[] = [],
  ): OperationDoc => ({
    method: 'get',
    path: `${base}/${name}`,
    tag,
    auth: scope,
    summary: `${summary}${scope === 'partner' ? ' (yours)' : ''}`,
    description: `${what} ${who}${common}`,
    query,
    responses: { 200: response },
    problems,
  });
  return [
    entry(
      'daily',
      'Daily report',
      `Per day, publisher (the page the box was on) and outlet (the partner shown): box loads, impressions, viewable impressions, clicks, CTR and viewability.`,
      DailyQuery,
      {
        description: 'The rows',
        schema: DailyReportSchema,
        example: {
          ...RANGE,
          rows: [
            {
              date: '2026-11-28',
              publisher: 'evz',
              outlet: 'digi24',
              widgetLoads: 5120,
              impressions: 9870,
              viewable: 6420,
              clicks: 212,
              ctr: 0.0215,
              viewabilityRate: 0.6505,
            },
          ],
        },
        alternatives: {
          'text/csv':
            'date,publisher,outlet,widgetLoads,impressions,viewable,clicks,ctr,viewabilityRate\n2026-11-28,evz,digi24,5120,9870,6420,212,0.0215,0.6505\n',
        },
      },
    ),
    entry(
      'exchange',
      'Exchange balance',
      `Per partner: clicks its pages sent to others, clicks others' pages sent to it, and the balance.`,
      RangeQuery,
      {
        description: 'The balances',
        schema: ExchangeReportSchema,
        example: {
          ...RANGE,
          partners: [
            {
              id: 'digi24',
              name: 'Digi24',
              clicksSent: 1840,
              clicksReceived: 2210,
              balance: 370,
              fairExchange: false,
            },
            {
              id: 'evz',
              name: 'Evenimentul Zilei',
              clicksSent: 2210,
              clicksReceived: 1840,
              balance: -370,
              fairExchange: true,
            },
          ],
        },
        alternatives: {
          'text/csv':
            'id,name,clicksSent,clicksReceived,balance,fairExchange\ndigi24,Digi24,1840,2210,370,false\n',
        },
      },
    ),
    entry(
      'top',
      'Top headlines of a publisher',
      `The publisher's most clicked headlines, with the editorial rules that touched them.`,
      TopQuery,
      {
        description: 'The headlines',
        schema: TopReportSchema,
        example: {
          publisher: 'evz',
          ...RANGE,
          headlines: [
            {
              id: ITEM_ID,
              title: 'Guvernul a aprobat bugetul pentru 2027',
              url: headlineExample.url,
              outlet: 'digi24',
              impressions: 4210,
              viewable: 2980,
              clicks: 133,
              ctr: 0.0316,
              viewabilityRate: 0.7078,
              pinned: false,
              boosted: true,
              buried: false,
              blocked: false,
            },
          ],
        },
        alternatives: {
          'text/csv':
            'id,title,url,outlet,impressions,viewable,clicks,ctr,viewabilityRate,pinned,boosted,buried,blocked\n',
        },
      },
      [404],
    ),
    entry(
      'experiment',
      'Experiment report of a publisher',
      `CTR and viewability per ranking variant of the publisher's experiment, with 95% confidence intervals and tests against the control.`,
      ExperimentQuery,
      {
        description: 'The variants',
        schema: ExperimentReportSchema,
        example: {
          publisher: 'evz',
          experiment: 'schimb-echitabil',
          ...RANGE,
          confidence: 0.95,
          variants: [
            {
              variant: 1,
              name: 'control',
              weight: 1,
              widgetLoads: 2600,
              impressions: 5010,
              viewable: 3240,
              clicks: 101,
              ctr: { value: 0.0202, low: 0.0166, high: 0.0245 },
              viewabilityRate: { value: 0.6467, low: 0.6334, high: 0.6598 },
            },
          ],
        },
        alternatives: {
          'text/csv': 'variant,name,weight,widgetLoads,impressions,viewable,clicks,ctr,ctrLow,ctrHigh\n',
        },
      },
      [404],
    ),
  ];
}
