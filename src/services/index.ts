// Wires the services of one process over a store; routes call these and nothing below them.
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import type { RateLimiter, Store, StoreChange } from '../store/types.js';
import { EventService } from './events.js';
import { HeadlineService } from './headlines.js';
import { LiveIndex } from './live-index.js';
import { PartnerDirectory, PartnerService } from './partners.js';
import { PublisherService } from './publishers.js';
import { TokenSigner } from './tokens.js';
import { WidgetService } from './widget.js';

export interface ServiceDeps {
  store: Store;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  now?: () => number;
  /** Random source of the ranking's exploration; tests pass a seeded one. */
  random?: () => number;
  /** Events wait this long to be written together (ms). */
  eventFlushMs?: number;
  /** Ranked answers are reused this long for the same article (ms). */
  answerCacheMs?: number;
}

export interface Services {
  store: Store;
  partners: PartnerService;
  directory: PartnerDirectory;
  publishers: PublisherService;
  headlines: HeadlineService;
  live: LiveIndex;
  widget: WidgetService;
  events: EventService;
  signer: TokenSigner;
  /** Request budgets shared by every instance on the store. */
  limits: { push: RateLimiter; eventsPerClient: RateLimiter; redirectsPerClient: RateLimiter };
  /** Loads the index and settings from the store and starts listening to other instances. */
  start(): Promise<void>;
  /** Flushes buffered events and stops background work (the store is closed by its owner). */
  stop(): Promise<void>;
}

export function createServices(deps: ServiceDeps): Services {
  const { store, config, logger, metrics } = deps;
  const now = deps.now ?? Date.now;

  /** Stored already; other instances hear of it through the change feed (a failure only delays them). */
  const announce = async (change: StoreChange) => {
    try {
      await store.publish(change);
    } catch (err) {
      metrics.changeFeedPublishErrors.inc();
      logger.warn(
        { err: String(err), change: change.type },
        'change not announced; other instances resync later',
      );
    }
  };

  const live = new LiveIndex(store, {
    ranking: {
      halfLifeHours: config.halfLifeHours,
      categoryHalfLifeHours: { ...config.categoryHalfLifeHours },
    },
    now,
    logger,
  });
  const directory = new PartnerDirectory(store);
  const partners = new PartnerService(store, now, directory);
  const publishers = new PublisherService(store, now, async (publisher) => {
    const change: StoreChange = { type: 'publisher.put', publisher };
    live.apply(change);
    await announce(change);
  });
  const headlines = new HeadlineService(store, {
    ttlHours: config.headlineTtlHours,
    now,
    onUpsert: async (stored) => {
      const change: StoreChange = { type: 'headlines.upsert', headlines: stored };
      live.apply(change);
      await announce(change);
    },
    onDelete: async (partnerId, ids) => {
      const change: StoreChange = { type: 'headlines.delete', partnerId, ids };
      live.apply(change);
      await announce(change);
    },
  });
  const signer = new TokenSigner(config.signingSecret);
  const widget = new WidgetService(publishers, directory, live, signer, {
    now,
    tokenTtlSeconds: config.tokenTtlSeconds,
    answerCacheMs: deps.answerCacheMs ?? 5_000,
    ...(deps.random ? { random: deps.random } : {}),
  });
  const minute = (name: string, points: number) => store.createRateLimiter({ name, points, durationSeconds: 60 });
  const limits = {
    push: minute('push', config.rateLimits.pushPerMinute),
    eventsPerClient: minute('events-client', config.rateLimits.eventsPerMinute),
    redirectsPerClient: minute('redirects-client', config.rateLimits.redirectsPerMinute),
  };
  const events = new EventService(store, live, signer, {
    perToken: minute('events-token', config.rateLimits.eventsPerTokenPerMinute),
    now,
    logger,
    metrics,
    flushIntervalMs: deps.eventFlushMs ?? 250,
    maxBuffered: 200_000,
    publishStats: (deltas) => store.publish({ type: 'stats.delta', deltas }),
  });

  live.onChange((change) => {
    if (change.type === 'publisher.put') publishers.remember(change.publisher);
    else if (change.type === 'resync') void publishers.load().catch(() => {});
  });
  metrics.observeLiveHeadlines(() => live.size);

  return {
    store,
    partners,
    directory,
    publishers,
    headlines,
    live,
    widget,
    events,
    signer,
    limits,
    async start() {
      await Promise.all([publishers.load(), directory.load()]);
      await live.start();
    },
    async stop() {
      live.stop();
      await events.stop();
    },
  };
}
