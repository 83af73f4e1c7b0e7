// Widget latency while a 5 MB, 25k-item feed is ingested (target: p99 < 50 ms), then the corpus pass counts.
// The service listens on a socket in this process; the load generator is a child process, so a stalled event
// loop here shows as latency there. `npm run bench:feeds`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/log.js';
import { createMetrics } from '../src/metrics.js';
import { createServices } from '../src/services/index.js';
import { MemoryStore } from '../src/store/memory.js';
import { runCorpus } from './feeds-corpus.js';

const ITEMS = Number(process.env.BENCH_FEED_ITEMS ?? 25_000);
const config = loadConfig({
  ADMIN_TOKEN: 'x'.repeat(20),
  SIGNING_SECRET: 'y'.repeat(20),
  LOG_LEVEL: 'silent',
  DEMO_DATA: 'false',
  FEEDS_ENABLED: 'false',
  FEEDS_ALLOW_PRIVATE_NETWORKS: 'true',
  FEEDS_MAX_BYTES: String(8 * 1024 * 1024),
});
const logger = createLogger('silent');
const metrics = createMetrics();
const services = createServices({ store: new MemoryStore(), config, logger, metrics });
await services.start();
const app = createApp({ config, services, metrics, logger });

const words = 'guvern buget pensii alegeri spital autostradă inflație meteo fotbal parlament'.split(' ');
function feed(items: number): string {
  const now = Date.now();
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    const w = (k: number) => words[(i * 7 + k) % words.length];
    const date = new Date(now - (i % 600) * 60_000).toUTCString();
    parts.push(
      `<item><title>Știre ${i}: ${w(1)} și ${w(2)} în ${w(3)}</title><link>https://www.exemplu.ro/stiri/${i}</link>` +
        `<pubDate>${date}</pubDate><category>Actualitate</category><description><![CDATA[<p>${w(4)} ${w(5)} ${w(6)}` +
        `<img src="https://img.exemplu.ro/${i}.jpg"></p>]]></description></item>`,
    );
  }
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Bench</title><link>https://www.exemplu.ro/</link>${parts.join('\n')}</channel></rss>`;
}
const body = Buffer.from(feed(ITEMS));
const feedServer = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' });
  res.end(body);
});
await new Promise<void>((resolve) => feedServer.listen(0, '127.0.0.1', resolve));
const feedPort = (feedServer.address() as AddressInfo).port;

const partner = await services.partners.create({ id: 'exemplu', name: 'Exemplu', domains: ['exemplu.ro'] });
await services.partners.create({ id: 'alt', name: 'Alt', domains: ['alt.ro'] });
await services.publishers.put('alt', { name: 'Alt', partnerId: 'alt' });
// Something to answer with before the feed arrives.
await services.headlines.push(
  partner.partner,
  Array.from({ length: 500 }, (_, i) => ({
    url: `https://www.exemplu.ro/seed/${i}`,
    title: `Știre de bază ${i} despre ${words[i % words.length]}`,
    publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
  })),
);

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const port = (server.address() as AddressInfo).port;

// The load generator: one request every 5 ms (sequential per connection), latencies of each phase.
const GENERATOR = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const lat = [];
let phase = 'warm';
const out = { warm: [], idle: [], ingest: [] };
process.on('message', (m) => { if (m === 'done') { process.send(out); process.exit(0); } else phase = m; });
let i = 0;
function one() {
  const t = performance.now();
  const q = ['alegeri', 'buget', 'meteo', 'fotbal'][i++ % 4];
  http.get({ host: '127.0.0.1', port: ${port}, agent, path: '/v1/widget?publisher=alt&url=' + encodeURIComponent('https://www.alt.ro/a/' + i) + '&title=' + q }, (res) => {
    res.resume();
    res.on('end', () => { out[phase].push(performance.now() - t); });
  }).on('error', () => {});
}
setInterval(one, 5);
`;
const child = spawn(process.execPath, ['-e', GENERATOR], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
await sleep(1500);
child.send('idle');
await sleep(3000);

const created = await services.feeds.create('exemplu', { url: `http://127.0.0.1:${feedPort}/rss` });
child.send('ingest');
const started = performance.now();
const outcome = await services.feeds.poller.pollNow(created.id);
const ingestMs = performance.now() - started;
child.send('done');
const latencies = await new Promise<Record<string, number[]>>((resolve) =>
  child.once('message', (m) => resolve(m as Record<string, number[]>)),
);

function pct(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}
console.log(
  `feed: ${(body.length / 1e6).toFixed(1)} MB, ${ITEMS} items; poll ${outcome.result}, accepted ${outcome.accepted}, rejected ${outcome.rejected}, ${(ingestMs / 1000).toFixed(1)} s`,
);
for (const phase of ['idle', 'ingest']) {
  const l = latencies[phase] ?? [];
  console.log(
    `widget ${phase.padEnd(7)} n=${String(l.length).padStart(5)}  p50 ${pct(l, 50).toFixed(1)} ms  p99 ${pct(l, 99).toFixed(1)} ms  max ${pct(l, 100).toFixed(1)} ms`,
  );
}
const p99 = pct(latencies.ingest ?? [], 99);
console.log(
  `widget p99 during ingest ${p99.toFixed(1)} ms: ${p99 < 50 ? 'meets' : 'MISSES'} the 50 ms target`,
);

server.close();
feedServer.close();
await services.stop();
console.log('');
runCorpus();
