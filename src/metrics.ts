// Prometheus metrics of one process: one registry, every metric named and described here.
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export interface Metrics {
  registry: Registry;
  /** Requests and latencies by method and route pattern. */
  http: HttpMetrics;
  storeErrors: Counter<'operation'>;
  /** The index size is read at scrape time from this source. */
  observeLiveHeadlines(source: () => number): void;
  widgetAnswers: Counter<'cache'>;
  eventsCounted: Counter<'type'>;
  eventsIgnored: Counter<'reason'>;
  eventsDropped: Counter;
  eventsBuffered: Gauge;
  headlinesPushed: Counter<'result'>;
  changeFeedPublishErrors: Counter;
  /** Feed polls by result: ok, not_modified, error. */
  feedPolls: Counter<'result'>;
  /** Feed items by result: accepted, rejected. */
  feedItems: Counter<'result'>;
  /** Per feed id (bounded by the feeds registered; removed on delete). */
  feedLastSuccess: Gauge<'feed'>;
  /** Promise rejections nobody handled (logged; the process keeps serving). */
  unhandledRejections: Counter;
}

/** Per-request HTTP metrics, cheap on the hot path: a label object per route made once, counts kept as plain numbers. */
export interface HttpMetrics {
  record(method: string, route: string, status: number, seconds: number): void;
}

function httpMetrics(registers: Registry[]): HttpMetrics {
  interface Series {
    labels: { method: string; route: string };
    byStatus: Map<number, number>;
  }
  // Bounded: Node's parser knows a fixed set of methods, routes are the app's patterns (or "unmatched").
  const series = new Map<string, Series>();
  new Counter({
    name: 'citeste_si_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers,
    collect() {
      this.reset();
      for (const s of series.values()) {
        for (const [status, n] of s.byStatus) this.inc({ ...s.labels, status: String(status) }, n);
      }
    },
  });
  const duration = new Histogram({
    name: 'citeste_si_http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern',
    labelNames: ['method', 'route'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  return {
    record(method, route, status, seconds) {
      const key = `${method} ${route}`;
      let s = series.get(key);
      if (!s) {
        s = { labels: { method, route }, byStatus: new Map() };
        series.set(key, s);
      }
      s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
      duration.observe(s.labels, seconds);
    },
  };
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'citeste_si_' });
  const registers = [registry];
  let liveSource = () => 0;
  new Gauge({
    name: 'citeste_si_live_headlines',
    help: 'Live headlines in this instance’s index',
    registers,
    collect() {
      this.set(liveSource());
    },
  });
  return {
    observeLiveHeadlines: (source) => {
      liveSource = source;
    },
    registry,
    http: httpMetrics(registers),
    storeErrors: new Counter({
      name: 'citeste_si_store_errors_total',
      help: 'Store operations that failed, by operation',
      labelNames: ['operation'],
      registers,
    }),
    widgetAnswers: new Counter({
      name: 'citeste_si_widget_answers_total',
      help: 'Widget answers, by whether the answer was already ranked and serialised (hit) or not (miss)',
      labelNames: ['cache'],
      registers,
    }),
    eventsCounted: new Counter({
      name: 'citeste_si_events_counted_total',
      help: 'Card events counted once, by type',
      labelNames: ['type'],
      registers,
    }),
    eventsIgnored: new Counter({
      name: 'citeste_si_events_ignored_total',
      help: 'Card events accepted but not counted, by reason (bot, duplicate, rate_limited)',
      labelNames: ['reason'],
      registers,
    }),
    eventsDropped: new Counter({
      name: 'citeste_si_events_dropped_total',
      help: 'Card events dropped because the buffer was full while the store was unreachable',
      registers,
    }),
    eventsBuffered: new Gauge({
      name: 'citeste_si_events_buffered',
      help: 'Card events waiting to be written to the store',
      registers,
    }),
    headlinesPushed: new Counter({
      name: 'citeste_si_headlines_pushed_total',
      help: 'Pushed headline items, by result',
      labelNames: ['result'],
      registers,
    }),
    changeFeedPublishErrors: new Counter({
      name: 'citeste_si_change_feed_publish_errors_total',
      help: 'Changes stored but not announced to other instances (they catch up at the next resync)',
      registers,
    }),
    feedPolls: new Counter({
      name: 'citeste_si_feed_polls_total',
      help: 'Partner feed polls by this instance, by result (ok, not_modified, error)',
      labelNames: ['result'],
      registers,
    }),
    feedItems: new Counter({
      name: 'citeste_si_feed_items_total',
      help: 'Feed items ingested by this instance, by result (accepted, rejected)',
      labelNames: ['result'],
      registers,
    }),
    feedLastSuccess: new Gauge({
      name: 'citeste_si_feed_last_success_timestamp_seconds',
      help: 'When this instance last polled the feed successfully (Unix seconds)',
      labelNames: ['feed'],
      registers,
    }),
    unhandledRejections: new Counter({
      name: 'citeste_si_unhandled_rejections_total',
      help: 'Promise rejections no code handled; each is a bug, logged with its stack',
      registers,
    }),
  };
}
