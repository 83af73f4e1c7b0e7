// The process: config → store → services → app → HTTP server; SIGTERM drains and exits.
import { readFileSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { demoRoutes, loadDemoData } from './demo/index.js';
import { serverOptions } from './http/server-options.js';
import { createLogger } from './log.js';
import { createMetrics } from './metrics.js';
import { installCrashPolicy } from './process-policy.js';
import { createServices } from './services/index.js';
import { MemoryStore } from './store/memory.js';
import { RedisStore } from './store/redis.js';
import type { Store } from './store/types.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`citeste-si: ${err.message}\n`);
      process.exit(78);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  const metrics = createMetrics();
  // Until the server is up there is nothing to drain.
  let drainAndExit: (code: number) => void = (code) => process.exit(code);
  installCrashPolicy({ logger, metrics, drainAndExit: (code) => drainAndExit(code) });

  let store: Store;
  if (config.redis.kind === 'memory') {
    logger.warn(
      'REDIS_URL is not set: using the embedded in-memory store (one process, nothing survives a restart)',
    );
    store = new MemoryStore();
  } else {
    store = await connectWithRetry(config, logger);
  }

  const services = createServices({ store, config, logger, metrics });
  await services.start();
  if (config.demoData) await loadDemoData(services, logger);
  if (config.adminTokenGenerated) {
    logger.warn({ adminToken: undefined }, 'ADMIN_TOKEN is not set: a random one was generated');
    process.stdout.write(`\n  Admin token for this run: ${config.adminToken}\n\n`);
  }
  if (config.signingSecretGenerated) {
    logger.warn('SIGNING_SECRET is not set: widget tokens will not survive a restart');
  }

  const app = createApp({
    config,
    services,
    metrics,
    logger,
    embedScript: readBundle('embed.js'),
    dashboardScript: readBundle('dashboard.js'),
    extraRoutes: config.demoData ? [demoRoutes()] : [],
  });
  const server = serve(
    {
      fetch: app.fetch,
      port: config.port,
      hostname: config.host,
      serverOptions: serverOptions(config),
    },
    (info) => {
      logger.info({ port: info.port, host: config.host, store: store.kind }, 'citeste-si is serving');
      if (config.demoData) logger.info(`demo article page: http://localhost:${info.port}/demo`);
    },
  );

  let stopping = false;
  let exitCode = 0;
  const shutdown = (signal: string, code = 0) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests');
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownTimeoutMs);
    force.unref();
    // Stop accepting; close idle keep-alive sockets so in-flight requests are the only thing left.
    server.close(async () => {
      await services.stop().catch((err: unknown) => logger.error({ err }, 'flush failed'));
      await store.close().catch(() => {});
      logger.info({ exitCode }, 'stopped');
      process.exit(exitCode);
    });
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  };
  drainAndExit = (code) => shutdown('uncaughtException', code);
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

/** Redis may come up after us (compose, restarts): keep trying instead of crashing. */
async function connectWithRetry(
  config: ReturnType<typeof loadConfig>,
  logger: ReturnType<typeof createLogger>,
) {
  if (config.redis.kind === 'memory') throw new Error('unreachable');
  const target = config.redis;
  for (let attempt = 1; ; attempt++) {
    try {
      return await RedisStore.connect({ target, prefix: config.redisPrefix, logger });
    } catch (err) {
      logger.warn({ attempt, err: String(err) }, 'Redis is not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, Math.min(500 * attempt, 5000)));
    }
  }
}

/** A browser bundle of dist/, beside the compiled entry or (when run from src/ with tsx) in dist/. */
function readBundle(name: string): string | undefined {
  for (const candidate of [`./${name}`, `../dist/${name}`]) {
    try {
      return readFileSync(new URL(candidate, import.meta.url), 'utf8');
    } catch {
      // try the next place
    }
  }
  return undefined;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `citeste-si failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
