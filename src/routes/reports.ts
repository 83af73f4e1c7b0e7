// Reports of the exchange: the admin sees everything (/v1/admin/reports), a partner what concerns it (/v1/reports).
import { type Context, Hono } from 'hono';
import { z } from 'zod';
import type { ReportScope } from '../domain.js';
import type { AppEnv } from '../http/env.js';
import { queryInput } from '../http/input.js';
import { adminAuth, partnerAuth } from '../http/middleware.js';
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
    return send(c, q.format, 'daily', range, { from: range.from, to: range.to, rows }, () =>
      rows.map((r) => ({ ...r })),
    );
  });

  app.get('/exchange', async (c) => {
    const q = queryInput(c, RangeQuery);
    const range = reports.range(q.from, q.to);
    const report = await reports.exchange(range, scopeOf(c));
    return send(c, q.format, 'exchange', range, { from: range.from, to: range.to, ...report }, () =>
      report.partners.map((p) => ({ ...p })),
    );
  });

  app.get('/top', async (c) => {
    const q = queryInput(c, TopQuery);
    const range = reports.range(q.from, q.to);
    const headlines = await reports.top(range, q.publisher, q.limit, scopeOf(c));
    const json = { publisher: q.publisher, from: range.from, to: range.to, headlines };
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
