// Partner feeds for the admin API: registration (URL checked against SSRF), listing with health, deletion.
import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import type { FeedKind, Partner } from '../domain.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { FeedPoller } from '../feeds/poller.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { type AddressPolicy, assertFetchable, SafeFetchError } from '../net/safe-fetch.js';
import { canonicalUrl } from '../shared/urls.js';
import type { FeedConfig, FeedState, FeedStore, LastPoll, StoredFeed } from '../store/feeds.js';
import type { Store } from '../store/types.js';
import type { HeadlineService } from './headlines.js';

export const DEFAULT_FEED_INTERVAL_SECONDS = 300;

export interface NewFeed {
  url: string;
  kind?: FeedKind | undefined;
  category?: string | undefined;
  intervalSeconds?: number | undefined;
}

/** A feed as the admin API shows it: registration and health. */
export interface FeedView {
  id: string;
  partnerId: string;
  url: string;
  /** As registered, else as detected at the last successful poll; null before that. */
  kind: FeedKind | null;
  category?: string;
  intervalSeconds: number;
  createdAt: string;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  accepted: number;
  rejected: number;
  nextPollAt: string;
  /** Why items of the last ingested document were refused (the first 10, in document order). */
  lastRejections: NonNullable<FeedState['lastRejections']>;
  /** Counts and the commonest refusal reasons of the last ingested document; null before one. */
  lastPoll: LastPoll | null;
}

export interface FeedServiceOptions {
  now: () => number;
  minIntervalSeconds: number;
  /** Who may be fetched: checked at registration as the poller checks at every fetch. */
  policy: AddressPolicy;
}

export class FeedService {
  constructor(
    private readonly store: FeedStore,
    private readonly partners: { get(id: string): Promise<Partner | undefined> },
    readonly poller: FeedPoller,
    private readonly metrics: Metrics,
    private readonly options: FeedServiceOptions,
  ) {}

  /** Registers a feed, due at once; NotFoundError for an unknown partner, ConflictError for a URL it has. */
  async create(partnerId: string, input: NewFeed): Promise<FeedView> {
    await this.partner(partnerId);
    const url = canonicalUrl(input.url);
    if (!url) throw invalid('url', 'must be an absolute http(s) URL without credentials');
    try {
      await assertFetchable(url, this.options.policy);
    } catch (err) {
      if (err instanceof SafeFetchError) throw invalid('url', `cannot be fetched safely: ${err.message}`);
      throw err;
    }
    const min = this.options.minIntervalSeconds;
    const intervalSeconds = input.intervalSeconds ?? Math.max(DEFAULT_FEED_INTERVAL_SECONDS, min);
    if (intervalSeconds < min) throw invalid('intervalSeconds', `must be at least ${min} seconds`);

    const now = this.options.now();
    const feed: FeedConfig = {
      id: randomBytes(8).toString('hex'),
      partnerId,
      url,
      intervalSeconds,
      createdAt: new Date(now).toISOString(),
    };
    if (input.kind) feed.kind = input.kind;
    if (input.category) feed.category = input.category;
    const state: FeedState = { nextPollAt: now, accepted: 0, rejected: 0, failures: 0 };
    await this.store.create(feed, state);
    this.poller.wake();
    return view({ feed, state });
  }

  async list(partnerId: string): Promise<FeedView[]> {
    await this.partner(partnerId);
    return (await this.store.list(partnerId)).map(view);
  }

  /** Deletes the feed; its headlines stay until they expire. */
  async delete(partnerId: string, feedId: string): Promise<void> {
    if (!(await this.store.delete(partnerId, feedId))) {
      throw new NotFoundError(`partner ${partnerId} has no feed ${feedId}`);
    }
    this.metrics.feedLastSuccess.remove({ feed: feedId });
  }

  private async partner(id: string): Promise<Partner> {
    const partner = await this.partners.get(id);
    if (!partner) throw new NotFoundError(`No partner "${id}"`);
    return partner;
  }
}

function invalid(path: string, message: string): InvalidInputError {
  return new InvalidInputError('The feed is not valid', [{ path, message }]);
}

const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());

function view({ feed, state }: StoredFeed): FeedView {
  const out: FeedView = {
    id: feed.id,
    partnerId: feed.partnerId,
    url: feed.url,
    kind: feed.kind ?? state.detectedKind ?? null,
    intervalSeconds: feed.intervalSeconds,
    createdAt: feed.createdAt,
    lastPolledAt: iso(state.lastPolledAt),
    lastSuccessAt: iso(state.lastSuccessAt),
    lastError: state.lastError ?? null,
    accepted: state.accepted,
    rejected: state.rejected,
    nextPollAt: new Date(state.nextPollAt).toISOString(),
    lastRejections: state.lastRejections ?? [],
    lastPoll: state.lastPoll ?? null,
  };
  if (feed.category) out.category = feed.category;
  return out;
}

/** Test seam: how feed hosts resolve and which addresses count as public. */
export type FeedNetwork = Pick<AddressPolicy, 'lookup' | 'addressAllowed'>;

/** The feed store beside `store`, its poller and the admin service, configured from FEEDS_*. */
export function createFeedService(deps: {
  store: Store;
  config: Config;
  partners: { get(id: string): Promise<Partner | undefined> };
  headlines: HeadlineService;
  logger: Logger;
  metrics: Metrics;
  now: () => number;
  network?: FeedNetwork | undefined;
}): FeedService {
  const { config, metrics, now } = deps;
  const feeds = deps.store.feedStore(now);
  const policy: AddressPolicy = {
    allowPrivate: config.feeds.allowPrivateNetworks,
    lookup: deps.network?.lookup,
    addressAllowed: deps.network?.addressAllowed,
  };
  const poller = new FeedPoller(
    {
      feeds,
      partner: (id) => deps.partners.get(id),
      push: (partner, items) => deps.headlines.push(partner, items),
      logger: deps.logger.child({ component: 'feeds' }),
      metrics,
      now,
    },
    {
      ...policy,
      timeoutMs: config.feeds.timeoutMs,
      maxBytes: config.feeds.maxBytes,
      parseTimeoutMs: config.feeds.parseTimeoutMs,
    },
  );
  return new FeedService(feeds, deps.partners, poller, metrics, {
    now,
    minIntervalSeconds: config.feeds.minIntervalSeconds,
    policy,
  });
}
