// `npm run bench:soak [-- --seconds 180]`: mixed traffic on two instances while Redis is killed and restarted;
// prints errors, lost events (sent vs counted), lost pushes and memory growth. Not part of `npm test`.
import { execSync } from 'node:child_process';
import { createLogger } from '../src/log.js';
import { RedisStore } from '../src/store/redis.js';
import { type ServiceProcess, startService } from '../tests/support/process.js';
import { startRedis } from '../tests/support/redis-server.js';
import { numberArg } from './args.js';
import { rssMb } from './proc.js';
import { OUTLETS, seeded, syntheticHeadline, VOCABULARY } from './synthetic.js';

const SECONDS = numberArg('seconds', 180);
const OUTAGE_EVERY_S = numberArg('outage-every', 45);
const OUTAGE_FOR_S = numberArg('outage-for', 5);
const WORKERS = numberArg('workers', 16);
const ADMIN = 'soak-admin-token-0123456789';
const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const rss = (s: ServiceProcess) => rssMb(s.child.pid);

const tally = {
  widget: { ok: 0, failed: 0 },
  events: { accepted: 0, cards: 0, failed: 0 },
  push: { ok: 0, unavailable: 0, failed: 0, accepted: new Set<string>() },
  unexpected: new Map<string, number>(),
};
const note = (what: string) => tally.unexpected.set(what, (tally.unexpected.get(what) ?? 0) + 1);

async function main(): Promise<void> {
  process.stderr.write(
    `soak: ${SECONDS}s, Redis killed every ${OUTAGE_EVERY_S}s for ${OUTAGE_FOR_S}s, ${WORKERS} workers\n`,
  );
  execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const redis = await startRedis({ appendOnly: true });
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'soak:',
    ADMIN_TOKEN: ADMIN,
    SIGNING_SECRET: 'soak-signing-secret-0123456789',
    RATE_LIMIT_PUSH_PER_MINUTE: '1000000',
    RATE_LIMIT_EVENTS_PER_MINUTE: '100000000',
    RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '100000000',
    RATE_LIMIT_REDIRECTS_PER_MINUTE: '1000000',
    // Each simulated reader sends its own address: one address may name only a few page views per token.
    TRUST_PROXY: 'true',
  };
  const instances = [await startService(env, { built: true }), await startService(env, { built: true })];
  const [a] = instances;
  if (!a) throw new Error('no instance');
  const json = { 'Content-Type': 'application/json' };
  const keys = new Map<string, string>();
  for (const id of [...OUTLETS.slice(0, 10), 'evz']) {
    const res = await fetch(`${a.url}/v1/admin/partners`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ id, name: id, domains: [`${id}.ro`] }),
    });
    keys.set(id, ((await res.json()) as { apiKey: string }).apiKey);
  }
  await fetch(`${a.url}/v1/admin/publishers/evz`, {
    method: 'PUT',
    headers: { ...json, Authorization: `Bearer ${ADMIN}` },
    body: JSON.stringify({ name: 'EVZ', partnerId: 'evz' }),
  });
  const random = seeded(42);
  let serial = 0;
  const push = async (base: string, count: number) => {
    const outlet = OUTLETS[serial % 10] ?? 'outlet-0';
    const items = Array.from({ length: count }, () =>
      syntheticHeadline(outlet, serial++, random, Date.now()),
    );
    const res = await fetch(`${base}/v1/headlines`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${keys.get(outlet)}` },
      body: JSON.stringify({ headlines: items }),
    });
    if (res.status === 200) {
      tally.push.ok++;
      const body = (await res.json()) as { rejected: { index: number }[] };
      const rejected = new Set(body.rejected.map((r) => r.index));
      items.forEach((item, i) => {
        if (!rejected.has(i)) tally.push.accepted.add(`${outlet}|${item.url}`);
      });
    } else if (res.status === 503) {
      tally.push.unavailable++;
      await res.arrayBuffer();
    } else {
      tally.push.failed++;
      note(`push ${res.status}`);
      await res.arrayBuffer();
    }
  };
  for (let i = 0; i < 10; i++) await push(a.url, 500);

  const rssBefore = instances.map(rss);
  const started = Date.now();
  const deadline = started + SECONDS * 1000;
  let outages = 0;
  const chaos = (async () => {
    while (Date.now() + (OUTAGE_EVERY_S + OUTAGE_FOR_S) * 1000 < deadline) {
      await sleep(OUTAGE_EVERY_S * 1000);
      process.stderr.write(`  ${Math.round((Date.now() - started) / 1000)}s: killing Redis\n`);
      await redis.kill();
      await sleep(OUTAGE_FOR_S * 1000);
      await redis.restart();
      outages++;
      process.stderr.write(`  ${Math.round((Date.now() - started) / 1000)}s: Redis is back\n`);
    }
  })();

  const worker = async (w: number) => {
    let n = 0;
    while (Date.now() < deadline) {
      const base = instances[(w + n) % instances.length]?.url ?? a.url;
      n++;
      try {
        const roll = random();
        if (roll < 0.05) {
          await push(base, 50);
          continue;
        }
        const title = Array.from(
          { length: 6 },
          () => VOCABULARY[Math.floor(random() * VOCABULARY.length)],
        ).join(' ');
        const res = await fetch(
          `${base}/v1/widget?publisher=evz&url=https%3A%2F%2Fwww.evz.ro%2Fs%2F${n % 500}&title=${encodeURIComponent(title)}`,
        );
        if (res.status !== 200) {
          tally.widget.failed++;
          note(`widget ${res.status}`);
          await res.arrayBuffer();
          continue;
        }
        tally.widget.ok++;
        const answer = (await res.json()) as { token: string; items: { id: string }[] };
        if (roll < 0.35 && answer.items.length) {
          const items = answer.items.map((i) => i.id);
          const ev = await fetch(`${base}/v1/events`, {
            method: 'POST',
            headers: {
              'Content-Type': 'text/plain',
              'User-Agent': BROWSER,
              'X-Forwarded-For': `10.${w % 256}.${(n >> 8) % 256}.${n % 256}`,
            },
            body: JSON.stringify({
              token: answer.token,
              type: 'impression',
              items,
              impressionId: `soak-${w}-${n}`,
            }),
          });
          if (ev.status === 204) {
            tally.events.accepted++;
            tally.events.cards += items.length;
          } else {
            tally.events.failed++;
            note(`events ${ev.status}`);
          }
        }
      } catch (err) {
        note(`client error ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await chaos;
  const rssAfter = instances.map(rss);

  // Let buffered events reach Redis, then count.
  await sleep(8000);
  const store = await RedisStore.connect({
    target: { kind: 'single', url: redis.url },
    prefix: 'soak:',
    logger: createLogger('silent'),
  });
  const counted = (await store.readHeadlineStats()).reduce((sum, s) => sum + s.impressions, 0);
  let lostPushes = 0;
  const byOutlet = new Map<string, Set<string>>();
  for (const entry of tally.push.accepted) {
    const [outlet = '', url = ''] = entry.split('|');
    if (!byOutlet.has(outlet)) byOutlet.set(outlet, new Set());
    byOutlet.get(outlet)?.add(url);
  }
  for (const [outlet, urls] of byOutlet) {
    const stored = new Set<string>();
    let cursor: string | undefined;
    do {
      const page = await store.listHeadlines(outlet, 500, cursor, Date.now());
      for (const h of page.headlines) stored.add(h.url);
      cursor = page.nextCursor;
    } while (cursor);
    for (const url of urls) if (!stored.has(url)) lostPushes++;
  }
  await store.close();
  for (const s of instances) await s.stop();
  await redis.stop();

  const lines = [
    `duration ${SECONDS}s, ${outages} Redis outages of ${OUTAGE_FOR_S}s, 2 instances, ${WORKERS} workers`,
    `widget: ${tally.widget.ok} ok, ${tally.widget.failed} failed`,
    `events: ${tally.events.accepted} requests accepted (${tally.events.cards} card impressions), ${tally.events.failed} refused; counted ${counted}; lost ${tally.events.cards - counted}`,
    `pushes: ${tally.push.ok} ok, ${tally.push.unavailable} answered 503 during outages, ${tally.push.failed} other failures; accepted headlines missing afterwards: ${lostPushes}`,
    `unexpected: ${tally.unexpected.size ? [...tally.unexpected].map(([k, v]) => `${k} ×${v}`).join(', ') : 'none'}`,
    `memory (RSS MB): ${rssBefore.map((m) => m.toFixed(0)).join(', ')} → ${rssAfter.map((m) => m.toFixed(0)).join(', ')}`,
  ];
  process.stdout.write(`\n${lines.join('\n')}\n`);
  if (tally.widget.failed || tally.events.cards !== counted || lostPushes || tally.push.failed)
    process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
