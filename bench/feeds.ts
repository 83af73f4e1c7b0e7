// Widget latency while a 5 MB, 25k-item feed is ingested (target: p99 < 50 ms), then the corpus pass counts.
// The service listens on a socket in this process; the load generator is a child process, so a stalled event
// loop here shows as latency there. Ten other partners' headlines fill the boxes, as in a real exchange; the
// phase after the ingest shows what answers cost with the 25k headlines in the index but no feed being read.
// `npm run bench:feeds`.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { runCorpus } from './feeds-corpus.js';
import { inProcessService } from './in-process.js';

const ITEMS = Number(process.env.BENCH_FEED_ITEMS ?? 25_000);
const { services, app } = await inProcessService({
  FEEDS_ENABLED: 'false',
  FEEDS_ALLOW_PRIVATE_NETWORKS: 'true',
});

// Headline words: a few hundred stems, as varied as a day of news (a tiny vocabulary would make every headline
// match every query, which no real index does).
const STEMS =
  'guvern buget pensii alegeri spital autostradă inflație meteo fotbal parlament primar consiliu școală elev profesor tren aeroport zbor energie gaz preț benzină salariu taxă impozit bancă credit dobândă euro leu bursă firmă fabrică angajați grevă sindicat ministru premier președinte senat deputat lege vot referendum partid coaliție opoziție justiție tribunal procuror dosar arest poliție accident incendiu cutremur inundație secetă recoltă fermier turism munte mare litoral festival concert film teatru carte premiu olimpiadă campionat echipă antrenor transfer meci gol stadion vaccin virus medic pacient tratament cercetare universitate student bursă chirie locuință cartier parc metrou autobuz trafic pod drum șantier fonduri proiect investiție export import război pace summit ambasadă frontieră refugiați armată apărare satelit rachetă internet telefon aplicație date hackeri'.split(
    ' ',
  );
const word = (i: number, k: number) => STEMS[(i * 31 + k * 17 + ((i * k) % 7)) % STEMS.length] ?? 'știre';
function title(i: number): string {
  return `${word(i, 1)} ${word(i, 2)} și ${word(i, 3)}: ${word(i, 4)} ${word(i, 5)}`;
}
const words = STEMS;
function feed(items: number): string {
  const now = Date.now();
  const parts: string[] = [];
  for (let i = 0; i < items; i++) {
    const date = new Date(now - (i % 600) * 60_000).toUTCString();
    parts.push(
      `<item><title>${title(i)}</title><link>https://exemplu.ro/${i}</link>` +
        `<pubDate>${date}</pubDate><enclosure url="https://i.exemplu.ro/${i}.jpg"/></item>`,
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
// Something to answer with before the feed arrives: the partner's own 500, and ten other partners' 100 each.
const seed = async (id: string, count: number, from: number) =>
  services.headlines.push(
    (await services.partners.create({ id, name: id, domains: [`${id}.ro`] })).partner,
    Array.from({ length: count }, (_, k) => ({
      url: `https://www.${id}.ro/seed/${k}`,
      title: title(from + k),
      publishedAt: new Date(Date.now() - k * 5 * 60_000).toISOString(),
    })),
  );
await services.headlines.push(
  partner.partner,
  Array.from({ length: 500 }, (_, i) => ({
    url: `https://www.exemplu.ro/seed/${i}`,
    title: title(1_000_000 + i),
    publishedAt: new Date(Date.now() - i * 60_000).toISOString(),
  })),
);
for (let p = 0; p < 10; p++) await seed(`partener${p}`, 100, 2_000_000 + p * 1000);

const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise<void>((resolve) => server.once('listening', () => resolve()));
const port = (server.address() as AddressInfo).port;

// The load generator: one request every 5 ms (sequential per connection), latencies of each phase.
const GENERATOR = `
const http = require('node:http');
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const lat = [];
let phase = 'warm';
const out = { warm: [], idle: [], ingest: [], after: [] };
process.on('message', (m) => { if (m === 'done') { process.send(out); process.exit(0); } else phase = m; });
let i = 0;
function one() {
  const t = performance.now();
  const q = ${JSON.stringify(words)}[(i++ * 13) % ${words.length}];
  http.get({ host: '127.0.0.1', port: ${port}, agent, path: '/v1/widget?publisher=alt&url=' + encodeURIComponent('https://www.alt.ro/a/' + i) + '&title=' + encodeURIComponent(q) }, (res) => {
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

// The service's own event-loop delay while the feed is read: what the ingest holds the loop for, apart from how
// the load generator's requests queue on a busy machine.
const loop = monitorEventLoopDelay({ resolution: 1 });
const created = await services.feeds.create('exemplu', { url: `http://127.0.0.1:${feedPort}/rss` });
child.send('ingest');
loop.enable();
const started = performance.now();
const outcome = await services.feeds.poller.pollNow(created.id);
const ingestMs = performance.now() - started;
loop.disable();
child.send('after');
await sleep(3000);
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
for (const phase of ['idle', 'ingest', 'after']) {
  const l = latencies[phase] ?? [];
  console.log(
    `widget ${phase.padEnd(7)} n=${String(l.length).padStart(5)}  p50 ${pct(l, 50).toFixed(1)} ms  p99 ${pct(l, 99).toFixed(1)} ms  max ${pct(l, 100).toFixed(1)} ms`,
  );
}
console.log(
  `event loop during ingest: p50 ${(loop.percentile(50) / 1e6).toFixed(1)} ms  p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms  max ${(loop.max / 1e6).toFixed(1)} ms (delay past the 1 ms timer)`,
);
const p99 = pct(latencies.ingest ?? [], 99);
console.log(
  `widget p99 during ingest ${p99.toFixed(1)} ms: ${p99 < 50 ? 'meets' : 'MISSES'} the 50 ms target`,
);

server.close();
feedServer.close();
await services.stop();
console.log('');
runCorpus();
