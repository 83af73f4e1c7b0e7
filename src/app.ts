// createApp(deps): the whole HTTP surface as a Hono app; main.ts serves it, tests call app.request().
import { Hono } from 'hono';
import type { Config } from './config.js';
import {
  ApiError,
  ConflictError,
  InvalidInputError,
  NotFoundError,
  RateLimitedError,
  StoreUnavailableError,
} from './errors.js';
import { requestIdOf } from './http/answer.js';
import type { AppEnv } from './http/env.js';
import { bodySizeLimit } from './http/middleware.js';
import { problemResponse } from './http/problem.js';
import { withRequestContext } from './http/request-context.js';
import type { Logger } from './log.js';
import type { Metrics } from './metrics.js';
import { adminRoutes } from './routes/admin.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { docsRoutes } from './routes/docs.js';
import { embedRoutes } from './routes/embed.js';
import { eventRoutes, redirectRoutes } from './routes/events.js';
import { headlineRoutes } from './routes/headlines.js';
import { OPERATIONS } from './routes/operations.js';
import { opsRoutes } from './routes/ops.js';
import { adminReportRoutes, partnerReportRoutes } from './routes/reports.js';
import { thumbnailRoutes } from './routes/thumbnails.js';
import { widgetRoutes } from './routes/widget.js';
import { widgetHtmlRoutes } from './routes/widget-html.js';
import type { Services } from './services/index.js';

export interface AppDeps {
  config: Config;
  services: Services;
  metrics: Metrics;
  logger: Logger;
  /** The bundled embed script (dist/embed.js). */
  embedScript?: string | undefined;
  /** The bundled dashboard script (dist/dashboard.js). */
  dashboardScript?: string | undefined;
  /** Extra routes mounted at the root (the /demo page). */
  extraRoutes?: Hono<AppEnv>[];
}

export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, services, metrics, logger } = deps;
  const app = new Hono<AppEnv>();

  // Only requests that may carry a body pass the body limit: a GET stays on Hono's single-handler path.
  const limitBody = bodySizeLimit(config.bodyLimitBytes);
  app.on(['POST', 'PUT', 'PATCH', 'DELETE'], '*', limitBody);

  app.route('/', opsRoutes(services, metrics, { metricsToken: config.metricsToken }));
  app.route('/v1/admin', adminRoutes(services, config.adminToken));
  app.route('/v1/admin/reports', adminReportRoutes(services, config.adminToken));
  app.route('/v1/reports', partnerReportRoutes(services));
  app.route('/', dashboardRoutes(deps.dashboardScript));
  app.route('/v1/headlines', headlineRoutes(services, metrics));
  app.route('/v1/widget', widgetRoutes(services, metrics, config.widgetCacheSeconds));
  app.route('/v1', widgetHtmlRoutes(services, { trustProxy: config.trustProxy }));
  app.route('/v1/events', eventRoutes(services, config.trustProxy));
  app.route('/r', redirectRoutes(services, config.trustProxy));
  app.route('/v1/thumbnails', thumbnailRoutes(services.thumbnails));
  app.route('/', embedRoutes(deps.embedScript));
  app.route('/', docsRoutes(OPERATIONS));
  for (const routes of deps.extraRoutes ?? []) app.route('/', routes);

  app.notFound((c) =>
    problemResponse(c, new ApiError('not_found', `No route for ${c.req.method} ${c.req.path}`)),
  );

  app.onError((err, c) => {
    const known = toApiError(err);
    if (known) return problemResponse(c, known);
    // Unexpected: log the cause with the request id; the client learns only the id.
    const requestId = requestIdOf(c);
    logger.error({ err, requestId }, 'unhandled error');
    return problemResponse(
      c,
      new ApiError('internal', `Something went wrong (request ${requestId ?? 'unknown'})`),
    );
  });

  return withRequestContext(app, { logger, metrics, crossCutting: new Set([limitBody]) });
}

/** Maps the typed failures of services and store to HTTP problems; undefined for the unexpected. */
function toApiError(err: Error): ApiError | undefined {
  if (err instanceof ApiError) return err;
  if (err instanceof InvalidInputError)
    return new ApiError('bad_request', err.message, err.errors ? { errors: err.errors } : {});
  if (err instanceof NotFoundError) return new ApiError('not_found', err.message);
  if (err instanceof ConflictError) return new ApiError('conflict', err.message);
  if (err instanceof RateLimitedError) {
    return new ApiError('rate_limited', err.message, { retryAfter: err.retryAfterSeconds });
  }
  if (err instanceof StoreUnavailableError) {
    return new ApiError('unavailable', 'The data store is unreachable; retry shortly', { retryAfter: 5 });
  }
  // Hono's own HTTP errors (e.g. a malformed request it refused) keep their 4xx status.
  if ('status' in err && typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
    return new ApiError(
      err.status === 413 ? 'payload_too_large' : 'bad_request',
      'The request could not be read',
    );
  }
  return undefined;
}
