// Polls partner feeds on a schedule: one instance per feed at a time (a store lease), conditional GETs, back-off
// with jitter on failures, and every item through HeadlineService.push like a pushed headline.
import { createHash, randomUUID } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import type { Partner, PushResult } from '../domain.js';
import { StoreUnavailableError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Metrics } from '../metrics.js';
import {
  type AddressPolicy,
  SafeFetchError,
  type SafeFetchOptions,
  type SafeFetchResponse,
  safeFetch,
} from '../net/safe-fetch.js';
import { LIMITS } from '../shared/limits.js';
import type { FeedState, FeedStore, StoredFeed } from '../store/feeds.js';
import { decodeXml } from './charset.js';
import { FeedFormatError, type ParsedFeed, parseFeedDocumentInSlices } from './parse.js';
import { HostileXmlError } from './xml.js';

export type PollResult = 'ok' | 'not_modified' | 'error' | 'busy' | 'not_due' | 'gone';

export interface PollOutcome {
  feedId: string;
  result: PollResult;
  /** Items accepted and rejected by this poll. */
  accepted: number;
  rejected: number;
  error?: string;
}

export interface FeedPollerOptions extends AddressPolicy {
  timeoutMs: number;
  maxBytes: number;
  maxRedirects?: number;
  /** Feeds polled at once by this instance. */
  concurrency?: number;
  /** How often the schedule is looked at. */
  tickMs?: number;
  /** Longest back-off after failures (a feed's own longer interval still applies). */
  maxBackoffMs?: number;
  /** Longest a poll may spend reading a fetched document; past it the poll fails. */
  parseTimeoutMs?: number;
}

export interface FeedPollerDeps {
  feeds: FeedStore;
  partner: (id: string) => Promise<Partner | undefined>;
  push: (partner: Partner, items: readonly unknown[]) => Promise<PushResult>;
  logger: Logger;
  metrics: Metrics;
  now: () => number;
  random?: () => number;
  fetch?: (url: string, options: SafeFetchOptions) => Promise<SafeFetchResponse>;
}

const ACCEPT =
  'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, application/rdf+xml;q=0.8, */*;q=0.1';
const MAX_REJECTIONS_KEPT = 10;
const MAX_REASONS_KEPT = 10;
const MAX_ERROR_LENGTH = 300;
/** Items pushed at once: small enough that one push is a short pause for the event loop. */
const PUSH_CHUNK = 10;
const DEFAULT_PARSE_TIMEOUT_MS = 30_000;
/** Sitemaps of a sitemap index read per poll: the newest. */
const MAX_SITEMAPS_PER_INDEX = 3;

type Rejection = NonNullable<FeedState['lastRejections']>[number];

/** A poll that failed for a reason the operator should read in lastError. */
class PollFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class FeedPoller {
  private readonly owner = randomUUID();
  private readonly inFlight = new Map<string, { controller: AbortController; done: Promise<PollOutcome> }>();
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private scheduleFailing = false;
  private readonly concurrency: number;
  private readonly tickMs: number;
  private readonly maxBackoffMs: number;
  private readonly leaseMs: number;
  private readonly parseTimeoutMs: number;
  private readonly random: () => number;
  private readonly fetch: NonNullable<FeedPollerDeps['fetch']>;

  constructor(
    private readonly deps: FeedPollerDeps,
    private readonly options: FeedPollerOptions,
  ) {
    this.concurrency = options.concurrency ?? 4;
    this.tickMs = options.tickMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 3600_000;
    this.parseTimeoutMs = options.parseTimeoutMs ?? DEFAULT_PARSE_TIMEOUT_MS;
    // Outlives the longest poll (fetch deadlines, an index's sitemaps included, parsing deadline, then storing).
    this.leaseMs = options.timeoutMs * (1 + MAX_SITEMAPS_PER_INDEX) + this.parseTimeoutMs + 60_000;
    this.random = deps.random ?? Math.random;
    this.fetch = deps.fetch ?? safeFetch;
  }

  /** Polls due feeds every tickMs until stop(). */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.schedule(0);
  }

  /** Stops the schedule, cancels polls in flight and waits for them to write their state. */
  async stop(): Promise<void> {
    this.running = false;
    clearTimeout(this.timer);
    this.timer = undefined;
    const polls = [...this.inFlight.values()];
    for (const p of polls) p.controller.abort();
    await Promise.allSettled(polls.map((p) => p.done));
  }

  /** A feed became due (e.g. was just registered): look at the schedule now rather than at the next tick. */
  wake(): void {
    if (this.running) this.schedule(0);
  }

  /** Starts polls of due feeds, up to the free concurrency; resolves when those polls are done. */
  async tick(): Promise<PollOutcome[]> {
    const free = this.concurrency - this.inFlight.size;
    if (free <= 0) return [];
    const ids = await this.deps.feeds.due(this.deps.now(), free + this.inFlight.size);
    const started: Promise<PollOutcome>[] = [];
    for (const id of ids) {
      if (started.length >= free) break;
      if (!this.inFlight.has(id)) started.push(this.poll(id, false));
    }
    return Promise.all(started);
  }

  /** Polls one feed now, due or not; 'busy' when this or another instance is polling it. */
  pollNow(feedId: string): Promise<PollOutcome> {
    return this.poll(feedId, true);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (!this.running) return;
      this.tick().then(
        () => {
          this.scheduleFailing = false;
        },
        (err: unknown) => {
          // Once per outage, not once a tick.
          if (!this.scheduleFailing) this.deps.logger.warn({ err: String(err) }, 'feed schedule unreadable');
          this.scheduleFailing = true;
        },
      );
      this.schedule(this.tickMs);
    }, delayMs);
    this.timer.unref();
  }

  /** How every document of a feed is fetched: the configured caps, the address guard, the feed types. */
  private fetchOptions(signal: AbortSignal): SafeFetchOptions {
    return {
      timeoutMs: this.options.timeoutMs,
      maxBytes: this.options.maxBytes,
      maxRedirects: this.options.maxRedirects ?? 5,
      allowPrivate: this.options.allowPrivate,
      lookup: this.options.lookup,
      addressAllowed: this.options.addressAllowed,
      accept: ACCEPT,
      signal,
    };
  }

  private poll(feedId: string, force: boolean): Promise<PollOutcome> {
    const existing = this.inFlight.get(feedId);
    if (existing) return Promise.resolve(outcome(feedId, 'busy'));
    const controller = new AbortController();
    const done = this.leasedPoll(feedId, force, controller.signal).finally(() =>
      this.inFlight.delete(feedId),
    );
    this.inFlight.set(feedId, { controller, done });
    return done;
  }

  private async leasedPoll(feedId: string, force: boolean, signal: AbortSignal): Promise<PollOutcome> {
    const lease = `${this.owner}:${randomUUID()}`;
    if (!(await this.deps.feeds.acquireLease(feedId, lease, this.leaseMs))) return outcome(feedId, 'busy');
    try {
      // Read after taking the lease: another instance may have polled (or someone deleted) it meanwhile.
      const stored = await this.deps.feeds.get(feedId);
      if (!stored) return outcome(feedId, 'gone');
      if (!force && stored.state.nextPollAt > this.deps.now()) return outcome(feedId, 'not_due');
      const { state, result } = await this.pollFeed(stored, signal);
      // Cancelled by stop(): nothing learned about the feed; it stays due for the next instance to take.
      if (signal.aborted) return result;
      const saved = await this.deps.feeds.saveState(feedId, state);
      if (!saved) return { ...result, result: 'gone' };
      return result;
    } finally {
      await this.deps.feeds.releaseLease(feedId, lease).catch(() => false);
    }
  }

  private async pollFeed(
    { feed, state: previous }: StoredFeed,
    signal: AbortSignal,
  ): Promise<{ state: FeedState; result: PollOutcome }> {
    const now = this.deps.now();
    const state: FeedState = { ...previous, lastPolledAt: now };
    const { metrics } = this.deps;
    try {
      const partner = await this.deps.partner(feed.partnerId);
      if (!partner) throw new PollFailure(`partner ${feed.partnerId} no longer exists`);
      const headers: Record<string, string> = {};
      if (previous.etag) headers['if-none-match'] = previous.etag;
      if (previous.lastModified) headers['if-modified-since'] = previous.lastModified;
      const res = await this.fetch(feed.url, { ...this.fetchOptions(signal), headers });

      const bodyHash = await hashInSlices(res.body);
      if (res.status === 304 || (res.status === 200 && bodyHash === previous.bodyHash)) {
        this.succeeded(feed.id, state, feed.intervalSeconds, now);
        metrics.feedPolls.inc({ result: 'not_modified' });
        return { state, result: outcome(feed.id, 'not_modified') };
      }
      if (res.status !== 200) {
        throw new PollFailure(
          `the server answered HTTP ${res.status}`,
          retryAfterMs(res.headers['retry-after'], now),
        );
      }

      const deadline = this.deps.now() + this.parseTimeoutMs;
      const decoded = decodeXml(this.unzipped(res.body), res.headers['content-type']);
      let parsed = await parseFeedDocumentInSlices(decoded.text, res.url, feed.kind, {
        deadline,
        now: this.deps.now,
        signal,
      });
      if (parsed.sitemaps) parsed = await this.readIndex(parsed.sitemaps, signal, deadline);
      const { accepted, rejected, rejections, reasons } = await this.ingest(partner, parsed, feed.category);

      state.accepted += accepted;
      state.rejected += rejected;
      state.lastRejections = rejections;
      state.lastPoll = { items: parsed.items, accepted, rejected, reasons, encoding: decoded.encoding };
      if (decoded.note) state.lastPoll.encodingNote = decoded.note;
      state.detectedKind = parsed.kind;
      state.bodyHash = bodyHash;
      setOrDelete(state, 'etag', res.headers.etag);
      setOrDelete(state, 'lastModified', res.headers['last-modified']);
      this.succeeded(feed.id, state, feed.intervalSeconds, now);
      metrics.feedPolls.inc({ result: 'ok' });
      metrics.feedItems.inc({ result: 'accepted' }, accepted);
      metrics.feedItems.inc({ result: 'rejected' }, rejected);
      this.deps.logger.debug({ feedId: feed.id, accepted, rejected }, 'feed polled');
      return { state, result: { ...outcome(feed.id, 'ok'), accepted, rejected } };
    } catch (err) {
      const message = this.describe(err, feed.id);
      state.failures = previous.failures + 1;
      state.lastError = message;
      state.nextPollAt = now + this.backoff(feed.intervalSeconds, state.failures, err);
      metrics.feedPolls.inc({ result: 'error' });
      this.deps.logger.warn(
        { feedId: feed.id, partnerId: feed.partnerId, failures: state.failures, error: message },
        'feed poll failed',
      );
      return { state, result: { ...outcome(feed.id, 'error'), error: message } };
    }
  }

  /** A body that is itself a gzip file (a sitemap.xml.gz served as such, not as a Content-Encoding). */
  private unzipped(body: Buffer): Buffer {
    if (body[0] !== 0x1f || body[1] !== 0x8b) return body;
    try {
      return gunzipSync(body, { maxOutputLength: this.options.maxBytes });
    } catch (err) {
      const tooLarge =
        err instanceof RangeError || (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new PollFailure(
        tooLarge
          ? `the gzip file unpacks to more than ${this.options.maxBytes} bytes`
          : 'the body is a damaged gzip file',
      );
    }
  }

  /** The newest sitemaps a sitemap index lists, read as one document: items numbered on across them. */
  private async readIndex(
    sitemaps: readonly string[],
    signal: AbortSignal,
    deadline: number,
  ): Promise<ParsedFeed> {
    const merged: ParsedFeed = { kind: 'news-sitemap', items: 0, entries: [], positions: [], rejections: [] };
    const failures: string[] = [];
    const chosen = sitemaps.slice(0, MAX_SITEMAPS_PER_INDEX);
    for (const url of chosen) {
      try {
        const res = await this.fetch(url, this.fetchOptions(signal));
        if (res.status !== 200) throw new PollFailure(`the server answered HTTP ${res.status}`);
        const decoded = decodeXml(this.unzipped(res.body), res.headers['content-type']);
        const one = await parseFeedDocumentInSlices(decoded.text, res.url, 'news-sitemap', {
          deadline,
          now: this.deps.now,
          signal,
        });
        if (one.sitemaps) throw new PollFailure('an index inside the index (not followed)');
        const offset = merged.items;
        merged.items += one.items;
        merged.entries.push(...one.entries);
        merged.positions.push(...one.positions.map((p) => p + offset));
        merged.rejections.push(...one.rejections.map((r) => ({ ...r, item: r.item + offset })));
      } catch (err) {
        if (signal.aborted) throw err;
        failures.push(`${url.slice(0, 120)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (failures.length === chosen.length)
      throw new PollFailure(`a sitemap index whose newest sitemaps could not be read (${failures[0]})`);
    return merged;
  }

  /** Pushes the entries in small chunks, pausing between them; every refusal is counted and its reason tallied. */
  private async ingest(partner: Partner, parsed: ParsedFeed, category: string | undefined) {
    const rejections: Rejection[] = [];
    const tally = new Map<string, number>();
    const refuse = (r: Rejection & { item: number }) => {
      const reason = r.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
      tally.set(reason, (tally.get(reason) ?? 0) + 1);
      if (rejections.length < MAX_REJECTIONS_KEPT) rejections.push(r);
    };
    // Refusals in document order: the reading's and the validation's interleaved by item position.
    const refusals: (Rejection & { item: number })[] = parsed.rejections.map((r) => ({
      ...r,
      ...(r.url ? { url: r.url.slice(0, LIMITS.url) } : {}),
    }));
    let accepted = 0;
    const items = parsed.entries.map((e) => (category && !e.category ? { ...e, category } : e));
    for (let start = 0; start < items.length; start += PUSH_CHUNK) {
      const chunk = items.slice(start, start + PUSH_CHUNK);
      const pushed = await this.deps.push(partner, chunk);
      accepted += pushed.accepted;
      for (const r of pushed.rejected) {
        const url = chunk[r.index]?.url;
        const item = parsed.positions[start + r.index] ?? 0;
        refusals.push(
          url ? { item, url: url.slice(0, LIMITS.url), errors: r.errors } : { item, errors: r.errors },
        );
      }
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    refusals.sort((a, b) => a.item - b.item);
    for (const r of refusals) refuse(r);
    const reasons = [...tally]
      .sort((a, b) => b[1] - a[1])
      .slice(0, MAX_REASONS_KEPT)
      .map(([reason, count]) => ({ reason: reason.slice(0, MAX_ERROR_LENGTH), count }));
    return { accepted, rejected: refusals.length, rejections, reasons };
  }

  private succeeded(feedId: string, state: FeedState, intervalSeconds: number, now: number): void {
    state.lastSuccessAt = now;
    state.failures = 0;
    delete state.lastError;
    state.nextPollAt = now + this.jitter(intervalSeconds * 1000);
    this.deps.metrics.feedLastSuccess.set({ feed: feedId }, Math.floor(now / 1000));
  }

  /** Doubles with every failure in a row, capped; never sooner than the feed's interval or its Retry-After. */
  private backoff(intervalSeconds: number, failures: number, err: unknown): number {
    const interval = intervalSeconds * 1000;
    const cap = Math.max(this.maxBackoffMs, interval);
    let delay = Math.min(interval * 2 ** Math.min(failures, 20), cap);
    if (err instanceof PollFailure && err.retryAfterMs !== undefined) {
      delay = Math.max(delay, Math.min(err.retryAfterMs, cap));
    }
    return this.jitter(delay);
  }

  /** ±10 %, so feeds registered together drift apart instead of firing at once forever. */
  private jitter(ms: number): number {
    return Math.round(ms * (0.9 + 0.2 * this.random()));
  }

  private describe(err: unknown, feedId: string): string {
    let message: string;
    if (
      err instanceof PollFailure ||
      err instanceof SafeFetchError ||
      err instanceof FeedFormatError ||
      err instanceof HostileXmlError
    ) {
      message = err.message;
    } else if (err instanceof StoreUnavailableError) {
      message = 'the store was unreachable; retrying';
    } else {
      this.deps.logger.error({ err, feedId }, 'feed poll failed unexpectedly');
      message = 'internal error while ingesting (see the service logs)';
    }
    return message.length > MAX_ERROR_LENGTH ? `${message.slice(0, MAX_ERROR_LENGTH - 1)}…` : message;
  }
}

/** SHA-256 of the body, 256 KB at a time with the event loop in between (a 5 MB body is ~10 ms of hashing). */
async function hashInSlices(body: Buffer): Promise<string> {
  const hash = createHash('sha256');
  const step = 256 * 1024;
  for (let at = 0; at < body.length; at += step) {
    hash.update(body.subarray(at, at + step));
    if (at + step < body.length) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return hash.digest('hex');
}

function outcome(feedId: string, result: PollResult): PollOutcome {
  return { feedId, result, accepted: 0, rejected: 0 };
}

function setOrDelete(state: FeedState, key: 'etag' | 'lastModified', value: string | undefined): void {
  if (value && value.length <= 512) state[key] = value;
  else delete state[key];
}

/** Retry-After as seconds or an HTTP date, in ms from now. */
function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}
