// Prometheus metrics of one process: one registry, every metric named and described here.
import {
  Counter,
  collectDefaultMetrics,
  Gauge,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

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

/** Per-request HTTP metrics, cheap on the hot path: one series per method and route made once, counted in plain numbers. */
export interface HttpMetrics {
  record(method: string, route: string, status: number, seconds: number): void;
}

const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** One method and route pattern: its requests by status and its latencies, as the histogram counts them. */
interface HttpSeries {
  labels: { method: string; route: string };
  byStatus: Map<number, number>;
  /** Observations per bucket (not cumulative); one over every bound counts only in `count` (+Inf). */
  buckets: number[];
  sum: number;
  count: number;
}

function httpMetrics(registers: Registry[]): HttpMetrics {
  // Bounded: Node's parser knows a fixed set of methods, routes are the app's patterns (or "unmatched").
  const byMethod = new Map<string, Map<string, HttpSeries>>();
  const all: HttpSeries[] = [];
  new Counter({
    name: 'citeste_si_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'],
    registers,
    collect() {
      this.reset();
      for (const s of all) {
        for (const [status, n] of s.byStatus) this.inc({ ...s.labels, status: String(status) }, n);
      }
    },
  });
  new SeriesHistogram(
    {
      name: 'citeste_si_http_request_duration_seconds',
      help: 'HTTP request latency by method and route pattern',
      labelNames: ['method', 'route'],
      buckets: DURATION_BUCKETS,
      registers,
    },
    all,
  );
  const seriesOf = (method: string, route: string): HttpSeries => {
    let routes = byMethod.get(method);
    if (!routes) {
      routes = new Map();
      byMethod.set(method, routes);
    }
    let s = routes.get(route);
    if (!s) {
      s = {
        labels: { method, route },
        byStatus: new Map(),
        buckets: DURATION_BUCKETS.map(() => 0),
        sum: 0,
        count: 0,
      };
      routes.set(route, s);
      all.push(s);
    }
    return s;
  };
  return {
    record(method, route, status, seconds) {
      const s = seriesOf(method, route);
      s.byStatus.set(status, (s.byStatus.get(status) ?? 0) + 1);
      let b = 0;
      while (b < DURATION_BUCKETS.length && seconds > (DURATION_BUCKETS[b] ?? 0)) b++;
      if (b < s.buckets.length) s.buckets[b] = (s.buckets[b] ?? 0) + 1;
      s.sum += seconds;
      s.count++;
    },
  };
}

/** A value of a histogram as prom-client's registry reads it (the series' labels shared by its lines). */
interface HistogramLine {
  labels: { le?: number | string };
  sharedLabels: HttpSeries['labels'];
  value: number;
  metricName: string;
  exemplar?: null;
}

/**
 * The latency histogram, read from series counted in plain numbers: prom-client's observe() validates and hashes
 * the labels on every call (half a microsecond a request). The registry reads getForPromString (its get() builds
 * on it too), which gives the lines prom-client's own Histogram gives; tests compare the two.
 */
class SeriesHistogram extends Histogram<'method' | 'route'> {
  readonly #config: HistogramConfiguration<'method' | 'route'> & { buckets: number[] };
  readonly #series: readonly HttpSeries[];

  constructor(
    config: HistogramConfiguration<'method' | 'route'> & { buckets: number[] },
    series: readonly HttpSeries[],
  ) {
    super(config);
    this.#config = config;
    this.#series = series;
  }

  async getForPromString() {
    const { name, help, buckets } = this.#config;
    const values: HistogramLine[] = [];
    for (const s of this.#series) {
      const shared = s.labels;
      let below = 0;
      buckets.forEach((le, i) => {
        below += s.buckets[i] ?? 0;
        values.push({
          labels: { le },
          sharedLabels: shared,
          value: below,
          metricName: `${name}_bucket`,
          exemplar: null,
        });
      });
      values.push(
        {
          labels: { le: '+Inf' },
          sharedLabels: shared,
          value: s.count,
          metricName: `${name}_bucket`,
          exemplar: null,
        },
        { labels: {}, sharedLabels: shared, value: s.sum, metricName: `${name}_sum` },
        { labels: {}, sharedLabels: shared, value: s.count, metricName: `${name}_count` },
      );
    }
    return { name, help, type: 'histogram' as const, values, aggregator: 'sum' as const };
  }

  override reset(): void {
    // prom-client's constructor resets before this class's fields exist.
    if (!(#series in this)) {
      super.reset();
      return;
    }
    for (const s of this.#series) {
      s.buckets.fill(0);
      s.sum = 0;
      s.count = 0;
    }
  }
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
