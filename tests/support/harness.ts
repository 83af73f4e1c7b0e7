// Test helpers: isolated Redis stores (random key prefix), apps built in-process, and request shortcuts.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Hono } from 'hono';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { createApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { AppEnv } from '../../src/http/env.js';
import { createLogger, type Logger } from '../../src/log.js';
import { createMetrics } from '../../src/metrics.js';
import { createServices, type ServiceDeps, type Services } from '../../src/services/index.js';
import { MemoryStore } from '../../src/store/memory.js';
import { RedisStore } from '../../src/store/redis.js';
import type { Store } from '../../src/store/types.js';
import { holdToDocument } from './documented.js';

export const silentLogger = createLogger('silent');

export function testPrefix(): string {
  return `test:${randomBytes(6).toString('hex')}:`;
}

export function redisUrl(): string {
  return inject('redisUrl');
}

/** A store on the shared test Redis under a fresh random prefix. */
export async function createTestRedisStore(prefix = testPrefix(), url = redisUrl()): Promise<RedisStore> {
  return RedisStore.connect({ target: { kind: 'single', url }, prefix, logger: silentLogger });
}

/** Deletes every key under a prefix (SCAN, not KEYS). */
export async function dropPrefix(prefix: string, url = redisUrl()): Promise<void> {
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.unlink(...keys);
  } while (cursor !== '0');
  await redis.quit();
}

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestContext {
  app: Hono<AppEnv>;
  services: Services;
  store: Store;
  config: Config;
  /** The Redis key prefix, for contexts on Redis. */
  prefix?: string;
  /** Stops services and closes the store (and drops its keys on Redis). */
  close(): Promise<void>;
}

export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    ADMIN_TOKEN,
    SIGNING_SECRET: 'test-signing-secret-0123456789',
    LOG_LEVEL: 'silent',
    DEMO_DATA: 'false',
    ...env,
  });
}

/** A browser bundle of dist/ (built by the global setup). */
export function readBundle(name: 'embed.js' | 'dashboard.js'): string | undefined {
  try {
    return readFileSync(new URL(`../../dist/${name}`, import.meta.url), 'utf8');
  } catch {
    return undefined;
  }
}

/** An app on a given store (default: a fresh embedded store), started and ready for app.request(). */
export async function createTestContext(
  options: {
    store?: Store;
    env?: Record<string, string>;
    services?: Partial<Omit<ServiceDeps, 'store' | 'config' | 'logger' | 'metrics'>>;
    extraRoutes?: Hono<AppEnv>[];
    onClose?: (() => Promise<void>) | undefined;
    /** Where the service logs (silent unless a test reads the log). */
    logger?: Logger;
  } = {},
): Promise<TestContext> {
  const store = options.store ?? new MemoryStore();
  const config = testConfig(options.env);
  const metrics = createMetrics({ defaultMetrics: false });
  const logger = options.logger ?? silentLogger;
  const services = createServices({
    store,
    config,
    logger,
    metrics,
    eventFlushMs: 20,
    ...options.services,
  });
  await services.start();
  const app = createApp({
    config,
    services,
    metrics,
    logger,
    embedScript: readBundle('embed.js'),
    dashboardScript: readBundle('dashboard.js'),
    extraRoutes: options.extraRoutes ?? [],
  });
  // Every answer the integration tests see is held to its OpenAPI entry.
  holdToDocument(app);
  return {
    app,
    services,
    store,
    config,
    close: async () => {
      await services.stop();
      await store.close();
      await options.onClose?.();
    },
  };
}

/**
 * A test context on the shared test Redis under a random prefix, dropped on close.
 * Pass another context's `prefix` to start a second instance on the same data (it drops nothing).
 */
export async function createRedisTestContext(
  options: Omit<Parameters<typeof createTestContext>[0] & object, 'store'> & {
    prefix?: string | undefined;
  } = {},
): Promise<TestContext> {
  const { prefix: shared, ...rest } = options;
  const prefix = shared ?? testPrefix();
  const store = await createTestRedisStore(prefix);
  const ctx = await createTestContext({
    ...rest,
    store,
    onClose: shared ? undefined : () => dropPrefix(prefix),
  });
  return { ...ctx, prefix };
}

/** JSON request helpers for app.request(). */
export function jsonRequest(method: string, body: unknown, token?: string): RequestInit {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  return { method, headers, body: JSON.stringify(body) };
}

export function auth(token: string, init: RequestInit = {}): RequestInit {
  return {
    ...init,
    headers: { ...(init.headers as Record<string, string>), Authorization: `Bearer ${token}` },
  };
}

/** Creates a partner through the admin API and returns its key. */
export async function createPartner(
  app: Hono<AppEnv>,
  partner: { id: string; name?: string; domains: string[] },
): Promise<string> {
  const res = await app.request(
    '/v1/admin/partners',
    jsonRequest('POST', { name: partner.id, ...partner }, ADMIN_TOKEN),
  );
  if (res.status !== 201) throw new Error(`partner ${partner.id}: ${res.status} ${await res.text()}`);
  const body = (await res.json()) as { apiKey: string };
  return body.apiKey;
}
