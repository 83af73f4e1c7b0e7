// CPU cost per request measured in-process (app.request, no sockets): a quick, load-tolerant view of the
// hot paths. `npx tsx bench/inproc.ts [headlines]`.
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createServices } from '../src/services/index.js';
import { MemoryStore } from '../src/store/memory.js';
import { OUTLETS, seeded, syntheticHeadline, VOCABULARY } from './synthetic.js';

const size = Number(process.argv[2] ?? 20_000);
const config = loadConfig({
  ADMIN_TOKEN: 'x'.repeat(20),
  SIGNING_SECRET: 'y'.repeat(20),
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
});
const logger = createLogger('silent');
const metrics = createMetrics();
const store = new MemoryStore();
const services = createServices({ store, config, logger, metrics });
await services.start();
const app = createApp({ config, services, metrics, logger });

for (const id of [...OUTLETS, 'evz']) await services.partners.create({ id, name: id, domains: [`${id}.ro`] });
await services.publishers.put('evz', { name: 'EVZ', partnerId: 'evz' });
const random = seeded(7);
const now = Date.now();
let t = performance.now();
for (let i = 0; i < size; i += 500) {
  const outlet = OUTLETS[(i / 500) % OUTLETS.length] ?? 'outlet-0';
  const partner = await services.partners.get(outlet);
  if (!partner) throw new Error('no partner');
  const items = Array.from({ length: Math.min(500, size - i) }, (_, j) =>
    syntheticHeadline(outlet, i + j, random, now),
  );
  await services.headlines.push(partner, items);
}
console.log(
  `ingested ${size} in ${((performance.now() - t) / 1000).toFixed(1)} s (${Math.round(size / ((performance.now() - t) / 1000))}/s)`,
);

async function cost(label: string, paths: () => string, n: number): Promise<number> {
  for (let i = 0; i < 200; i++) await app.request(paths());
  const cpu = process.cpuUsage();
  t = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await app.request(paths());
    if (res.status !== 200) throw new Error(`${label}: ${res.status}`);
    await res.arrayBuffer();
  }
  const used = process.cpuUsage(cpu);
  const us = (used.user + used.system) / n;
  console.log(
    `${label.padEnd(28)} ${us.toFixed(0).padStart(6)} µs CPU/request  (${(((performance.now() - t) * 1000) / n).toFixed(0)} µs wall)`,
  );
  return us;
}

let k = 0;
const word = (i: number) => VOCABULARY[(i * 2654435761) % VOCABULARY.length] ?? 'x';
const health = await cost('/health', () => '/health', 5000);
const warmUrls = Array.from({ length: 50 }, (_, i) => `https://www.evz.ro/a/${i}`);
const warm = await cost(
  '/v1/widget warm',
  () =>
    `/v1/widget?publisher=evz&url=${encodeURIComponent(warmUrls[k++ % 50] ?? '')}&title=${encodeURIComponent(`${word(k % 50)} ${word((k % 50) + 1)}`)}`,
  5000,
);
const cold = await cost(
  '/v1/widget cold',
  () => {
    k++;
    const title = Array.from({ length: 8 }, (_, j) => word(k * 13 + j * 7)).join(' ');
    return `/v1/widget?publisher=evz&url=${encodeURIComponent(`https://www.evz.ro/c/${k}`)}&title=${encodeURIComponent(title)}&section=Actualitate`;
  },
  1000,
);
console.log(
  `ratios vs /health (CPU): warm ${(health / warm).toFixed(2)}×, cold ${(health / cold).toFixed(2)}×`,
);
await services.stop();
process.exit(0);
