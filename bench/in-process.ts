// The service assembled in the bench's own process on the embedded store, from the sources or from a build's
// modules: what the in-process benches (inproc, feeds, hot-path) measure.
import type { Hono } from 'hono';
import * as app from '../src/app.js';
import * as config from '../src/config.js';
import type { AppEnv } from '../src/http/env.js';
import * as log from '../src/log.js';
import * as metrics from '../src/metrics.js';
import * as services from '../src/services/index.js';
import * as memory from '../src/store/memory.js';
import { OUTLETS, seeded, syntheticHeadline } from './synthetic.js';

/** The modules the service is made of; a build's (dist) have the same shape as the sources'. */
export interface ServiceModules {
  app: typeof app;
  config: typeof config;
  log: typeof log;
  metrics: typeof metrics;
  services: typeof services;
  memory: typeof memory;
}

export const SOURCE_MODULES: ServiceModules = { app, config, log, metrics, services, memory };

export interface InProcessService {
  config: config.Config;
  services: services.Services;
  store: memory.MemoryStore;
  app: Hono<AppEnv>;
}

/** A started service with bench credentials and no demo data; `env` adds or overrides settings. */
export async function inProcessService(
  env: Record<string, string> = {},
  modules: ServiceModules = SOURCE_MODULES,
): Promise<InProcessService> {
  const level = env.LOG_LEVEL ?? 'silent';
  const settings = modules.config.loadConfig({
    ADMIN_TOKEN: 'x'.repeat(20),
    SIGNING_SECRET: 'y'.repeat(20),
    LOG_LEVEL: level,
    DEMO_DATA: 'false',
    ...env,
  });
  const logger = modules.log.createLogger(level);
  const meter = modules.metrics.createMetrics();
  const store = new modules.memory.MemoryStore();
  const started = modules.services.createServices({ store, config: settings, logger, metrics: meter });
  await started.start();
  const served = modules.app.createApp({ config: settings, services: started, metrics: meter, logger });
  return { config: settings, services: started, store, app: served };
}

/** The synthetic exchange of the in-process benches: the synthetic outlets as partners, publisher `evz`, and
 * `size` headlines pushed 500 at a time, outlet by outlet. */
export async function seedExchange(service: services.Services, size: number): Promise<void> {
  for (const id of [...OUTLETS, 'evz'])
    await service.partners.create({ id, name: id, domains: [`${id}.ro`] });
  await service.publishers.put('evz', { name: 'EVZ', partnerId: 'evz' });
  const random = seeded(7);
  const now = Date.now();
  for (let i = 0; i < size; i += 500) {
    const outlet = OUTLETS[(i / 500) % OUTLETS.length] ?? 'outlet-0';
    const partner = await service.partners.get(outlet);
    if (!partner) throw new Error(`no partner ${outlet}`);
    const items = Array.from({ length: Math.min(500, size - i) }, (_, j) =>
      syntheticHeadline(outlet, i + j, random, now),
    );
    await service.headlines.push(partner, items);
  }
}
