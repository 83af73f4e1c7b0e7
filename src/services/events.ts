// Card events: verified against the widget token, filtered, deduplicated by the store, written in batches.
import { isbot } from 'isbot';
import { LRUCache } from 'lru-cache';
import { InvalidInputError, RateLimitedError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import { bucharestDay } from '../shared/calendar.js';
import type {
  EventRecord,
  EventType,
  HeadlineStatsDelta,
  LearningUpdate,
  RateLimiter,
  Store,
} from '../store/types.js';
import type { LearningService } from './learning.js';
import type { LiveIndex } from './live-index.js';
import { PageViews } from './page-views.js';
import type { TokenSigner } from './tokens.js';

export interface EventInput {
  token: string;
  type: EventType;
  items: string[];
  impressionId?: string | undefined;
}

/** Who sent it; used only to spot bots and to tell page views apart (the address, never stored as such). */
export interface EventClient {
  ip: string;
  userAgent: string;
}

export interface EventServiceOptions {
  now: () => number;
  logger: Logger;
  metrics: Metrics;
  /** Events wait this long to be written together. */
  flushIntervalMs: number;
  /** Beyond this many waiting events (store unreachable), new ones are dropped and counted. */
  maxBuffered: number;
  /** Budget of event requests per widget token. */
  perToken: RateLimiter;
  /** Tells the other instances what was counted (and learned). */
  publishStats: (deltas: HeadlineStatsDelta[], learning?: LearningUpdate) => Promise<void>;
  /** Learns from newly counted viewables and clicks; absent = no learning. */
  learning?: LearningService;
}

/** User agents whose verdict is remembered (readers send a few hundred distinct ones); longer ones are asked afresh. */
const BOT_VERDICTS_REMEMBERED = 2_000;
const BOT_VERDICT_MAX_LENGTH = 512;

/** isbot() remembered per user agent: its one large pattern costs ~2 µs per browser's user agent. */
export class BotFilter {
  private readonly verdicts = new LRUCache<string, boolean>({ max: BOT_VERDICTS_REMEMBERED });

  is(userAgent: string): boolean {
    if (userAgent.length > BOT_VERDICT_MAX_LENGTH) return isbot(userAgent);
    let bot = this.verdicts.get(userAgent);
    if (bot === undefined) {
      bot = isbot(userAgent);
      this.verdicts.set(userAgent, bot);
    }
    return bot;
  }
}

/** Throws RateLimitedError when the budget refused (its seconds to wait). */
export async function spendOrRefuse(spent: Promise<number | undefined> | undefined): Promise<void> {
  const retryAfter = await spent;
  if (retryAfter !== undefined) throw new RateLimitedError(retryAfter);
}

export class EventService {
  private buffer: EventRecord[] = [];
  private buffered = 0;
  private flushing: Promise<void> | undefined;
  private readonly pageViews = new PageViews();
  private readonly bots = new BotFilter();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly store: Store,
    private readonly live: LiveIndex,
    private readonly signer: TokenSigner,
    private readonly options: EventServiceOptions,
  ) {
    this.timer = setInterval(() => {
      this.flush().catch((err: unknown) => options.logger.error({ err }, 'event flush failed'));
    }, options.flushIntervalMs);
    this.timer.unref();
  }

  /**
   * Checks an event against its token and queues it; throws InvalidInputError when it does not verify and
   * RateLimitedError past a budget. With `perClient`, the request also spends a point of the client address's
   * budget first (whether or not its token verifies); the token's only when the address's allowed it.
   */
  async report(input: EventInput, client: EventClient, perClient?: RateLimiter): Promise<void> {
    const now = this.options.now();
    const token = this.signer.verify(input.token, now);
    if (perClient && client.ip) await spendOrRefuse(perClient.consume(client.ip));
    if (!token) throw new InvalidInputError('token is invalid or expired');
    await spendOrRefuse(this.options.perToken.consume(token.id));
    const served = new Set(token.items);
    const foreign = input.items.filter((id) => !served.has(id));
    if (foreign.length) {
      throw new InvalidInputError('items were not served with this token', [
        { path: 'items', message: `not served: ${foreign.slice(0, 5).join(', ')}` },
      ]);
    }
    if (this.bots.is(client.userAgent)) {
      this.options.metrics.eventsIgnored.inc({ reason: 'bot' }, input.items.length);
      return;
    }
    this.enqueue({
      impressionId: this.pageViews.of(token.id, client.ip, input.impressionId),
      type: input.type,
      publisherId: token.publisherId,
      variant: token.variant,
      day: bucharestDay(now),
      ...(token.context ? { context: token.context } : {}),
      items: [...new Set(input.items)].map((id) => ({
        id,
        partnerId: this.live.headlineKind(id)?.partnerId ?? '',
        position: token.items.indexOf(id),
      })),
    });
  }

  /** An impression counted as the page is served: beyond the token's budget the page is served uncounted. */
  async countServed(input: EventInput, client: EventClient): Promise<void> {
    try {
      await this.report(input, client);
    } catch (err) {
      if (!(err instanceof RateLimitedError)) throw err;
      this.options.metrics.eventsIgnored.inc({ reason: 'rate_limited' }, input.items.length);
    }
  }

  /** A click through the redirect: the target URL when the token served that item, else InvalidInputError. */
  click(
    rawToken: string,
    itemId: string,
    client: EventClient,
    options: { count: boolean } = { count: true },
  ): string {
    const now = this.options.now();
    const token = this.signer.verify(rawToken, now);
    if (!token?.items.includes(itemId)) throw new InvalidInputError('this link is invalid or has expired');
    const headline = this.live.headline(itemId);
    // The index drops expired headlines only at its next prune: check the expiry itself.
    if (!headline || Date.parse(headline.expiresAt) <= now)
      throw new InvalidInputError('this headline is no longer available');
    if (!options.count) return headline.url;
    if (this.bots.is(client.userAgent)) this.options.metrics.eventsIgnored.inc({ reason: 'bot' });
    else {
      this.enqueue({
        impressionId: this.pageViews.of(token.id, client.ip),
        type: 'click',
        publisherId: token.publisherId,
        variant: token.variant,
        day: bucharestDay(now),
        ...(token.context ? { context: token.context } : {}),
        items: [{ id: itemId, partnerId: headline.partnerId, position: token.items.indexOf(itemId) }],
      });
    }
    return headline.url;
  }

  get pending(): number {
    return this.buffered;
  }

  /** Writes what is waiting; on a store failure the events stay queued for the next try. */
  flush(): Promise<void> {
    // A write in flight holds an older batch: wait for it, then write what queued meanwhile.
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.buffer.length === 0) return Promise.resolve();
    const batch = this.buffer;
    this.buffer = [];
    this.flushing = this.write(batch).finally(() => {
      this.flushing = undefined;
    });
    return this.flushing;
  }

  /** Final flush on shutdown. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.flushing;
    await this.flush();
  }

  /** What the batch's counted viewables and clicks teach; a store failure loses only this lesson. */
  private async learn(
    batch: readonly EventRecord[],
    counted: readonly [number, number][],
  ): Promise<LearningUpdate | undefined> {
    const learning = this.options.learning;
    if (!learning || counted.length === 0) return undefined;
    const deltas = learning.deltasFor(batch, counted, (id) => this.live.headlineKind(id));
    try {
      return await learning.record(deltas);
    } catch (err) {
      this.options.metrics.storeErrors.inc({ operation: 'recordLearning' });
      this.options.logger.warn({ err: String(err) }, 'learning counters not written');
      return deltas.length ? { at: this.options.now(), deltas } : undefined;
    }
  }

  private enqueue(record: EventRecord): void {
    if (this.buffered + record.items.length > this.options.maxBuffered) {
      this.options.metrics.eventsDropped.inc(record.items.length);
      return;
    }
    this.buffer.push(record);
    this.buffered += record.items.length;
    this.options.metrics.eventsBuffered.set(this.buffered);
  }

  private async write(batch: EventRecord[]): Promise<void> {
    const size = batch.reduce((n, e) => n + e.items.length, 0);
    let deltas: HeadlineStatsDelta[];
    const fresh: [number, number][] = [];
    try {
      deltas = await this.store.recordEvents(batch, (e, i) => fresh.push([e, i]));
    } catch (err) {
      // Put them back in front; newer ones keep their order behind.
      this.buffer = batch.concat(this.buffer);
      this.options.metrics.storeErrors.inc({ operation: 'recordEvents' });
      this.options.logger.warn(
        { err: String(err), events: size },
        'events kept in memory: store unavailable',
      );
      return;
    }
    this.buffered -= size;
    this.options.metrics.eventsBuffered.set(this.buffered);
    const counted = { impression: 0, viewable: 0, click: 0 };
    for (const d of deltas) {
      counted.impression += d.impressions;
      counted.viewable += d.viewable;
      counted.click += d.clicks;
    }
    for (const [type, n] of Object.entries(counted))
      if (n) this.options.metrics.eventsCounted.inc({ type }, n);
    const total = counted.impression + counted.viewable + counted.click;
    if (size > total) this.options.metrics.eventsIgnored.inc({ reason: 'duplicate' }, size - total);
    const learning = await this.learn(batch, fresh);
    if (deltas.length) {
      this.live.apply({ type: 'stats.delta', deltas });
      await this.options.publishStats(deltas, learning).catch((err: unknown) => {
        this.options.logger.warn({ err: String(err) }, 'stats not announced to other instances');
      });
    }
  }
}
