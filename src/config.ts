// The process configuration: one zod schema over process.env, parsed once and frozen.
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const positiveNumber = z.coerce.number().positive().finite();

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(8787),
  HOST: z.string().min(1).default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
    .optional(),
  REDIS_CLUSTER_NODES: z
    .string()
    .regex(/^[^\s,:]+:\d+(,[^\s,:]+:\d+)*$/, 'must be comma-separated host:port pairs')
    .optional(),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_.-]{0,64}$/, 'letters, digits and : _ . - only (at most 64)')
    .default('cs:'),
  ADMIN_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SIGNING_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Bearer token GET /metrics asks for; unset = /metrics is open (keep it off the public network then). */
  METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  HEADLINE_TTL_HOURS: positiveNumber.max(24 * 365).default(72),
  /** Live headlines one partner may keep (its new URLs past that are refused per item). */
  PARTNER_MAX_HEADLINES: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_DATA: bool.optional(),
  /** Default freshness half-life of the ranking, in hours. */
  FRESHNESS_HALF_LIFE_HOURS: positiveNumber.default(24),
  /** Per-category half-lives, e.g. "sport=12,stiinta=96". */
  CATEGORY_HALF_LIFE_HOURS: z
    .string()
    .regex(/^([^=,]+=\d+(\.\d+)?)?(,[^=,]+=\d+(\.\d+)?)*$/, 'must look like "sport=12,stiinta=96"')
    .default('știri=12,actualitate=18,sport=18,știință=120,sanatate=72,auto=96,tech=96,horoscop=24'),
  /** Learning from readers: reorder relevant headlines by what readers click (off = the ranker's order). */
  LEARNING_ENABLED: bool.default(true),
  /** What readers taught loses half its weight in this many hours. */
  LEARNING_HALF_LIFE_HOURS: positiveNumber.max(24 * 365).default(24),
  /** Most learning counters kept (headline × context, kinds, positions); least recently updated dropped. */
  LEARNING_MAX_KEYS: z.coerce.number().int().min(100).max(10_000_000).default(200_000),
  /** How often each instance reloads the learning counters from the store. */
  LEARNING_REFRESH_SECONDS: z.coerce.number().int().min(1).max(3600).default(300),
  /** Widget token lifetime in seconds (events and redirects accept tokens this old). */
  TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  /** Largest accepted request body in bytes. */
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(2 * 1024 * 1024),
  /** Seconds a widget answer may be cached by browsers and CDNs. */
  WIDGET_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  /** Pushes per partner per minute. */
  RATE_LIMIT_PUSH_PER_MINUTE: z.coerce.number().int().min(1).default(120),
  /** Event requests per client address per minute. */
  RATE_LIMIT_EVENTS_PER_MINUTE: z.coerce.number().int().min(1).default(1200),
  /** Event requests per widget token per minute (readers of one cached answer share a token). */
  RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: z.coerce.number().int().min(1).default(3000),
  /** Click redirects per client address per minute. */
  RATE_LIMIT_REDIRECTS_PER_MINUTE: z.coerce.number().int().min(1).default(300),
  /** HTML widget loads per client address per minute (each one counts an impression). */
  RATE_LIMIT_WIDGET_HTML_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** Behind a load balancer: take the client address from X-Forwarded-For. */
  TRUST_PROXY: bool.default(false),
  /** A request must be fully received within this time (slow bodies). */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(15_000),
  /** Request headers must arrive within this time (slowloris). */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(10_000),
  /** Grace period for in-flight requests on SIGTERM. */
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Poll partner feeds on this instance (registration works either way). */
  FEEDS_ENABLED: bool.default(true),
  /** Shortest poll interval a feed may ask for. */
  FEEDS_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Let feed URLs reach loopback, private and link-local addresses (tests, private deployments). */
  FEEDS_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** Largest feed body, after decompression. */
  FEEDS_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(100 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  /** Deadline of one feed fetch, redirects and body included. */
  FEEDS_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Longest a poll may spend reading a fetched document (read in slices between other work). */
  FEEDS_PARSE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(30_000),
  /** The service's public origin, for absolute URLs in answers (thumbnails); unset = the request's origin. */
  PUBLIC_URL: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  /** Let image URLs reach loopback, private and link-local addresses (tests, private deployments). */
  IMAGES_ALLOW_PRIVATE_NETWORKS: bool.default(false),
  /** Largest partner image fetched for thumbnails. */
  IMAGES_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(64 * 1024 * 1024)
    .default(8 * 1024 * 1024),
  /** Deadline of one image fetch, redirects and body included. */
  IMAGES_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(8000),
  /** Bytes of thumbnails kept in the store (Redis or embedded), least recently used evicted first. */
  THUMBNAILS_CACHE_MB: z.coerce.number().int().min(1).max(65_536).default(256),
});

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly port: number;
  readonly host: string;
  readonly redis:
    | { readonly kind: 'memory' }
    | { readonly kind: 'single'; readonly url: string }
    | { readonly kind: 'cluster'; readonly nodes: readonly { host: string; port: number }[] };
  readonly redisPrefix: string;
  readonly adminToken: string;
  readonly adminTokenGenerated: boolean;
  readonly signingSecret: string;
  readonly signingSecretGenerated: boolean;
  /** Bearer token of GET /metrics; undefined = open. */
  readonly metricsToken: string | undefined;
  readonly headlineTtlHours: number;
  readonly partnerMaxHeadlines: number;
  readonly logLevel: string;
  readonly demoData: boolean;
  readonly halfLifeHours: number;
  readonly categoryHalfLifeHours: Readonly<Record<string, number>>;
  readonly tokenTtlSeconds: number;
  readonly learning: {
    readonly enabled: boolean;
    readonly halfLifeHours: number;
    readonly maxKeys: number;
    readonly refreshSeconds: number;
  };
  readonly bodyLimitBytes: number;
  readonly widgetCacheSeconds: number;
  readonly shutdownTimeoutMs: number;
  readonly trustProxy: boolean;
  readonly requestTimeoutMs: number;
  readonly headersTimeoutMs: number;
  readonly feeds: {
    readonly enabled: boolean;
    readonly minIntervalSeconds: number;
    readonly allowPrivateNetworks: boolean;
    readonly maxBytes: number;
    readonly timeoutMs: number;
    readonly parseTimeoutMs: number;
  };
  /** Origin of absolute URLs the service hands out; undefined = the request's origin. */
  readonly publicUrl: string | undefined;
  readonly images: {
    readonly allowPrivateNetworks: boolean;
    readonly maxBytes: number;
    readonly timeoutMs: number;
    readonly cacheBytes: number;
  };
  readonly rateLimits: {
    readonly pushPerMinute: number;
    readonly eventsPerMinute: number;
    readonly eventsPerTokenPerMinute: number;
    readonly redirectsPerMinute: number;
    readonly widgetHtmlPerMinute: number;
  };
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses the environment once; throws ConfigError naming every bad variable. */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  randomSecret: () => string = defaultRandomSecret,
): Config {
  const clean = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(clean);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const redis: Config['redis'] = e.REDIS_CLUSTER_NODES
    ? { kind: 'cluster', nodes: e.REDIS_CLUSTER_NODES.split(',').map(parseHostPort) }
    : e.REDIS_URL
      ? { kind: 'single', url: e.REDIS_URL }
      : { kind: 'memory' };
  const adminToken = e.ADMIN_TOKEN ?? randomSecret();
  const signingSecret = e.SIGNING_SECRET ?? randomSecret();
  return Object.freeze({
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    redis,
    redisPrefix: e.REDIS_PREFIX,
    adminToken,
    adminTokenGenerated: e.ADMIN_TOKEN === undefined,
    signingSecret,
    signingSecretGenerated: e.SIGNING_SECRET === undefined,
    metricsToken: e.METRICS_TOKEN,
    headlineTtlHours: e.HEADLINE_TTL_HOURS,
    partnerMaxHeadlines: e.PARTNER_MAX_HEADLINES,
    logLevel: e.LOG_LEVEL,
    demoData: e.DEMO_DATA ?? redis.kind === 'memory',
    halfLifeHours: e.FRESHNESS_HALF_LIFE_HOURS,
    categoryHalfLifeHours: Object.freeze(parseHalfLives(e.CATEGORY_HALF_LIFE_HOURS)),
    tokenTtlSeconds: e.TOKEN_TTL_SECONDS,
    learning: Object.freeze({
      enabled: e.LEARNING_ENABLED,
      halfLifeHours: e.LEARNING_HALF_LIFE_HOURS,
      maxKeys: e.LEARNING_MAX_KEYS,
      refreshSeconds: e.LEARNING_REFRESH_SECONDS,
    }),
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    widgetCacheSeconds: e.WIDGET_CACHE_SECONDS,
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_MS,
    trustProxy: e.TRUST_PROXY,
    requestTimeoutMs: e.REQUEST_TIMEOUT_MS,
    headersTimeoutMs: Math.min(e.HEADERS_TIMEOUT_MS, e.REQUEST_TIMEOUT_MS),
    feeds: Object.freeze({
      enabled: e.FEEDS_ENABLED,
      minIntervalSeconds: e.FEEDS_MIN_INTERVAL_SECONDS,
      allowPrivateNetworks: e.FEEDS_ALLOW_PRIVATE_NETWORKS,
      maxBytes: e.FEEDS_MAX_BYTES,
      timeoutMs: e.FEEDS_TIMEOUT_MS,
      parseTimeoutMs: e.FEEDS_PARSE_TIMEOUT_MS,
    }),
    publicUrl: e.PUBLIC_URL,
    images: Object.freeze({
      allowPrivateNetworks: e.IMAGES_ALLOW_PRIVATE_NETWORKS,
      maxBytes: e.IMAGES_MAX_BYTES,
      timeoutMs: e.IMAGES_TIMEOUT_MS,
      cacheBytes: e.THUMBNAILS_CACHE_MB * 1024 * 1024,
    }),
    rateLimits: Object.freeze({
      pushPerMinute: e.RATE_LIMIT_PUSH_PER_MINUTE,
      eventsPerMinute: e.RATE_LIMIT_EVENTS_PER_MINUTE,
      eventsPerTokenPerMinute: e.RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE,
      redirectsPerMinute: e.RATE_LIMIT_REDIRECTS_PER_MINUTE,
      widgetHtmlPerMinute: e.RATE_LIMIT_WIDGET_HTML_PER_MINUTE,
    }),
  });
}

function parseHostPort(pair: string): { host: string; port: number } {
  const at = pair.lastIndexOf(':');
  return { host: pair.slice(0, at), port: Number(pair.slice(at + 1)) };
}

function parseHalfLives(spec: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of spec.split(',')) {
    if (!part) continue;
    const [name, hours] = part.split('=');
    if (name && hours) out[name.trim()] = Number(hours);
  }
  return out;
}

function defaultRandomSecret(): string {
  return crypto.getRandomValues(new Uint8Array(24)).reduce((s, b) => s + b.toString(16).padStart(2, '0'), '');
}
