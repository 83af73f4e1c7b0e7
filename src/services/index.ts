// Wires the services of one process over a store; routes call these and nothing below them.
import type { Config } from '../config.js';
import { ExchangeBalances } from '../controls/balances.js';
import { WidgetControls } from '../controls/controls.js';
import { EditorialRules } from '../controls/editorial.js';
import type { LearningParams } from '../controls/learning.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { ReportService } from '../reports/service.js';
import type { RateLimiter, Store, StoreChange } from '../store/types.js';
import { type ImageNetwork, ThumbnailService } from '../thumbnails/service.js';
import { EventService } from './events.js';
import { createFeedService, type FeedNetwork, type FeedService } from './feeds.js';
import { HeadlineService } from './headlines.js';
import { LearningService } from './learning.js';
import { LiveIndex } from './live-index.js';
import { PartnerDirectory, PartnerService } from './partners.js';
import { PublisherService } from './publishers.js';
import { TokenSigner } from './tokens.js';
import { WidgetService } from './widget.js';

/**
 * The event budgets (per address, per token) are spent in memory and shared this often: an event request waits
 * for no store call, and instances learn each other's points at most this late.
 */
const EVENT_BUDGETS_SHARED_EVERY_MS = 100;

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
  /** The event budgets are shared with other instances this often (ms); tests share by hand instead. */
  eventBudgetShareMs?: number;
  /** Ranked answers are reused this long for the same article (ms). */
  answerCacheMs?: number;
  /** Benchmark seam: other tunables of the learning estimate. */
  learningParams?: LearningParams;
  /** Test seam: how feed hosts resolve and which addresses count as public. */
  feedNetwork?: FeedNetwork;
  /** Test seam: how image hosts resolve, which addresses count as public, extra TLS roots. */
  imageNetwork?: ImageNetwork;
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
  /** Editorial rules per publisher (pin, boost/bury, block). */
  rules: EditorialRules;
  /** What readers taught the ranking (undefined when LEARNING_ENABLED=false). */
  learning: LearningService | undefined;
  /** Partners' click balances, for fair exchange. */
  balances: ExchangeBalances;
  reports: ReportService;
  /** Partner feeds (admin) and their poller. */
  feeds: FeedService;
  /** Card thumbnails of live headlines' images. */
  thumbnails: ThumbnailService;
  /** Request budgets shared by every instance on the store. */
  limits: {
    push: RateLimiter;
    eventsPerClient: RateLimiter;
    eventsPerToken: RateLimiter;
    redirectsPerClient: RateLimiter;
    widgetHtmlPerClient: RateLimiter;
  };
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
    maxLivePerPartner: config.partnerMaxHeadlines,
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
  const feeds = createFeedService({
    store,
    config,
    partners,
    headlines,
    logger,
    metrics,
    now,
    network: deps.feedNetwork,
  });
  const signer = new TokenSigner(config.signingSecret);
  const rules = new EditorialRules(store, now, async (stored) => {
    const change: StoreChange = { type: 'rules.put', rules: stored };
    live.apply(change);
    await announce(change);
  });
  const balances = new ExchangeBalances(store, () => publishers.all(), { now, logger });
  const controls = new WidgetControls({
    rules,
    balances,
    live,
    halfLifeHours: config.halfLifeHours,
    categoryHalfLifeHours: config.categoryHalfLifeHours,
  });
  const thumbnails = new ThumbnailService({
    cache: store.thumbnailCache({ maxBytes: config.images.cacheBytes, ttlSeconds: 7 * 24 * 3600 }),
    headline: (id) => live.headline(id),
    partner: (id) => directory.lookup(id),
    publicUrl: config.publicUrl,
    fetch: {
      allowPrivate: config.images.allowPrivateNetworks,
      maxBytes: config.images.maxBytes,
      timeoutMs: config.images.timeoutMs,
      network: deps.imageNetwork,
    },
    logger,
    now,
  });
  const learning = config.learning.enabled
    ? new LearningService(store, {
        now,
        logger,
        halfLifeMs: config.learning.halfLifeHours * 3_600_000,
        maxKeys: config.learning.maxKeys,
        refreshMs: config.learning.refreshSeconds * 1000,
        ...(deps.learningParams ? { params: deps.learningParams } : {}),
      })
    : undefined;
  const widget = new WidgetService(publishers, directory, live, signer, {
    ...(learning ? { learning } : {}),
    now,
    tokenTtlSeconds: config.tokenTtlSeconds,
    answerCacheMs: deps.answerCacheMs ?? 5_000,
    ...(deps.random ? { random: deps.random } : {}),
    controls,
    images: thumbnails,
  });
  const reports = new ReportService(store, publishers, directory, live, rules, now);
  const eventBudgetShareMs = deps.eventBudgetShareMs ?? EVENT_BUDGETS_SHARED_EVERY_MS;
  const minute = (name: string, points: number, shareEveryMs?: number) =>
    store.createRateLimiter({ name, points, durationSeconds: 60, ...(shareEveryMs ? { shareEveryMs } : {}) });
  const limits = {
    push: minute('push', config.rateLimits.pushPerMinute),
    eventsPerClient: minute('events-client', config.rateLimits.eventsPerMinute, eventBudgetShareMs),
    eventsPerToken: minute('events-token', config.rateLimits.eventsPerTokenPerMinute, eventBudgetShareMs),
    redirectsPerClient: minute('redirects-client', config.rateLimits.redirectsPerMinute),
    widgetHtmlPerClient: minute('widget-html-client', config.rateLimits.widgetHtmlPerMinute),
  };
  const events = new EventService(store, live, signer, {
    perToken: limits.eventsPerToken,
    now,
    logger,
    metrics,
    flushIntervalMs: deps.eventFlushMs ?? 250,
    maxBuffered: 200_000,
    publishStats: (deltas, lesson) =>
      store.publish({ type: 'stats.delta', deltas, ...(lesson ? { learning: lesson } : {}) }),
    ...(learning ? { learning } : {}),
  });

  live.onChange((change) => {
    if (change.type === 'publisher.put') publishers.remember(change.publisher);
    else if (change.type === 'resync') void publishers.load().catch(() => {});
  });
  live.onChange((change) => {
    if (change.type === 'rules.put') rules.remember(change.rules);
    else if (change.type === 'stats.delta') {
      balances.changed();
      // Another instance's lesson (this instance's own ones are in its snapshot already).
      if (change.learning) learning?.apply(change.learning);
    } else if (change.type === 'resync') {
      void rules.load().catch(() => {});
      void learning?.reload().catch(() => {});
    }
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
    rules,
    learning,
    balances,
    reports,
    feeds,
    thumbnails,
    async start() {
      await Promise.all([publishers.load(), directory.load(), rules.load()]);
      await live.start();
      await learning?.start();
      await balances.start();
      if (config.feeds.enabled) feeds.poller.start();
    },
    async stop() {
      await feeds.poller.stop();
      live.stop();
      balances.stop();
      await events.stop();
      learning?.stop();
    },
  };
}
