// Demo mode: sample partners, a `demo` publisher and fresh headlines at start, and sample article pages at /demo.
import { Hono, type MiddlewareHandler } from 'hono';
import { ConflictError } from '../errors.js';
import { pagePolicy } from '../http/answer.js';
import type { AppEnv } from '../http/env.js';
import type { Logger } from '../log.js';
import type { Services } from '../services/index.js';
import { DEFAULT_ARTICLE, DEMO_ARTICLES, type DemoArticle } from './articles.js';
import { DEMO_HEADLINES } from './headlines.js';
import { DEMO_HOME_OUTLET, DEMO_OUTLETS, demoUrl } from './outlets.js';
import { articlePage, DEMO_CSP, notFoundPage, SITE_NAME } from './page.js';

const HOUR_MS = 3_600_000;

/** Headline items as a partner would push them, published relative to `nowMs`. */
function pushItems(outletId: string, nowMs: number): unknown[] {
  const items: unknown[] = DEMO_HEADLINES.filter((h) => h.outlet === outletId).map((h) => ({
    url: demoUrl(h.outlet, h.title, h.category),
    title: h.title,
    summary: h.summary,
    category: h.category,
    ...(h.tags ? { tags: h.tags } : {}),
    publishedAt: new Date(nowMs - h.hoursAgo * HOUR_MS).toISOString(),
  }));
  // The demo articles are the home outlet's own headlines too, so the service knows the page it is asked about.
  if (outletId === DEMO_HOME_OUTLET) {
    for (const a of DEMO_ARTICLES) {
      items.push({
        url: a.canonical,
        title: a.title,
        summary: a.description,
        category: a.section,
        tags: a.keywords,
        publishedAt: new Date(nowMs - a.hoursAgo * HOUR_MS).toISOString(),
      });
    }
  }
  return items;
}

/** Creates what is missing and pushes the headlines again (same URLs, so a rerun updates rather than adds). */
export async function loadDemoData(services: Services, logger: Logger): Promise<void> {
  let created = 0;
  for (const o of DEMO_OUTLETS) {
    if (await services.partners.get(o.id)) continue;
    try {
      await services.partners.create({ id: o.id, name: o.name, domains: [o.domain], homepage: o.homepage });
      created++;
    } catch (err) {
      // Another instance created it first.
      if (!(err instanceof ConflictError)) throw err;
    }
  }

  if (!(await services.publishers.get('demo'))) {
    await services.publishers.put('demo', {
      name: SITE_NAME,
      partnerId: DEMO_HOME_OUTLET,
      title: 'Citește și',
      limit: 6,
      maxPerOutlet: 2,
    });
  }

  const nowMs = Date.now();
  let accepted = 0;
  let rejected = 0;
  for (const o of DEMO_OUTLETS) {
    const partner = await services.partners.get(o.id);
    if (!partner) continue;
    const result = await services.headlines.push(partner, pushItems(o.id, nowMs));
    accepted += result.accepted;
    rejected += result.rejected.length;
    if (result.rejected.length) {
      logger.warn({ partner: o.id, rejected: result.rejected }, 'demo headlines rejected');
    }
  }

  logger.info(
    {
      partners: DEMO_OUTLETS.length,
      partnersCreated: created,
      publisher: 'demo',
      headlines: accepted,
      rejected,
    },
    'demo data loaded',
  );
}

/** GET /demo and /demo/:topic: sample article pages carrying the embed. */
export function demoRoutes(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const byTopic = new Map<string, DemoArticle>(DEMO_ARTICLES.map((a) => [a.topic, a]));

  app.use('/demo', demoPageHeaders());
  app.use('/demo/*', demoPageHeaders());

  app.get('/demo', (c) => c.html(articlePage(DEFAULT_ARTICLE, DEMO_ARTICLES, Date.now())));

  app.get('/demo/:topic', (c) => {
    const article = byTopic.get(c.req.param('topic'));
    if (!article) return c.html(notFoundPage(DEMO_ARTICLES, Date.now()), 404);
    return c.html(articlePage(article, DEMO_ARTICLES, Date.now()));
  });

  return app;
}

/** The pages load the embed from this service and nothing else from anywhere. */
function demoPageHeaders(): MiddlewareHandler<AppEnv> {
  return async function demoPageHeadersMiddleware(c, next) {
    await next();
    pagePolicy(c, DEMO_CSP);
    c.header('Cache-Control', 'no-cache');
  };
}
