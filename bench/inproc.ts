// CPU cost per request measured in-process (app.request, no sockets): a quick, load-tolerant view of the
// hot paths. `npx tsx bench/inproc.ts [headlines]`.
import { inProcessService, seedExchange } from './in-process.js';
import { VOCABULARY } from './synthetic.js';

const size = Number(process.argv[2] ?? 20_000);
const { services, app } = await inProcessService();

let t = performance.now();
await seedExchange(services, size);
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
