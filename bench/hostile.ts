// `npm run bench:hostile [-- --queries 100000] [--warmup 5000] [--demo 1]`: RSS of a built service (embedded
// store, 20k headlines; with --demo, the demo data as `npm start` serves it) before and after that many distinct
// hostile widget queries (new URLs, long invented words, keywords, sections). Fails when the growth passes
// +50 MB or any answer is not 200. Not part of `npm test`.
import { execSync } from 'node:child_process';
import { type ServiceProcess, startService } from '../tests/support/process.js';
import { numberArg } from './args.js';
import { rssMb } from './proc.js';
import { OUTLETS, seeded, syntheticHeadline } from './synthetic.js';

const QUERIES = numberArg('queries', 100_000);
const HEADLINES = numberArg('headlines', 20_000);
const WARMUP = numberArg('warmup', 5_000);
const DEMO = numberArg('demo', 0) === 1;
const PUBLISHER = DEMO ? 'demo' : 'evz';
const WORKERS = 32;
const LIMIT_MB = 50;
const ADMIN = 'hostile-admin-token-0123456789';
const json = { 'Content-Type': 'application/json' };

const rssOf = (s: ServiceProcess) => rssMb(s.child.pid);

/** The V8 heap as the service's /metrics reports it (used / total MB), to tell live data from heap slack. */
async function heapMb(base: string): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const read = (name: string) =>
    Number(new RegExp(`^citeste_si_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? 0) / 1048576;
  return `heap ${read('nodejs_heap_size_used_bytes').toFixed(0)}/${read('nodejs_heap_size_total_bytes').toFixed(0)} MB, external ${read('nodejs_external_memory_bytes').toFixed(0)} MB`;
}

/** An invented word of 20–48 letters: no stemmer, dictionary or cache has seen it. */
function strangeWord(random: () => number): string {
  const length = 20 + Math.floor(random() * 29);
  let w = '';
  for (let i = 0; i < length; i++) w += String.fromCharCode(97 + Math.floor(random() * 26));
  return w;
}

function hostileQuery(i: number, random: () => number): string {
  const words = Array.from({ length: 12 }, () => strangeWord(random));
  const params = new URLSearchParams({
    publisher: PUBLISHER,
    url: `https://www.evz.ro/${words.slice(0, 4).join('-')}-${i}.html`,
    title: words.slice(0, 8).join(' ').slice(0, 500),
    keywords: words.slice(8, 11).join(','),
    section: (words[11] ?? '').slice(0, 100),
  });
  return `/v1/widget?${params}`;
}

async function seed(base: string): Promise<void> {
  const random = seeded(7);
  const auth = { ...json, Authorization: `Bearer ${ADMIN}` };
  const keys = new Map<string, string>();
  for (const id of OUTLETS) {
    const res = await fetch(`${base}/v1/admin/partners`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ id, name: id, domains: [`${id}.ro`] }),
    });
    keys.set(id, ((await res.json()) as { apiKey: string }).apiKey);
  }
  await fetch(`${base}/v1/admin/publishers/evz`, {
    method: 'PUT',
    headers: auth,
    body: JSON.stringify({ name: 'EVZ' }),
  });
  for (let serial = 0; serial < HEADLINES; serial += 500) {
    const outlet = OUTLETS[(serial / 500) % OUTLETS.length] ?? 'outlet-0';
    const headlines = Array.from({ length: 500 }, (_, k) =>
      syntheticHeadline(outlet, serial + k, random, Date.now()),
    );
    const res = await fetch(`${base}/v1/headlines`, {
      method: 'POST',
      headers: { ...json, Authorization: `Bearer ${keys.get(outlet)}` },
      body: JSON.stringify({ headlines }),
    });
    if (res.status !== 200) throw new Error(`push answered ${res.status}`);
    await res.arrayBuffer();
  }
}

/** Sends `count` distinct hostile queries from WORKERS concurrent clients; returns the non-200 count. */
async function flood(base: string, from: number, count: number, random: () => number): Promise<number> {
  let next = from;
  let failed = 0;
  const worker = async () => {
    while (next < from + count) {
      const res = await fetch(base + hostileQuery(next++, random));
      if (res.status !== 200) failed++;
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return failed;
}

/**
 * What the process holds once idle: the lowest RSS over 20 s of samples. V8 collects an idle heap only after
 * about 8 s (its memory reducer), so a reading taken at once is mostly garbage not yet collected.
 */
async function settledRss(s: ServiceProcess): Promise<number> {
  let low = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 20; i++) {
    await new Promise((r) => setTimeout(r, 1000));
    low = Math.min(low, rssOf(s));
  }
  return low;
}

async function main(): Promise<void> {
  execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const service = await startService(
    {
      ADMIN_TOKEN: ADMIN,
      SIGNING_SECRET: 'hostile-signing-secret-0123456789',
      DEMO_DATA: DEMO ? 'true' : 'false',
      RATE_LIMIT_PUSH_PER_MINUTE: '1000000',
      FEEDS_ENABLED: 'false',
    },
    { built: true },
  );
  try {
    if (!DEMO) await seed(service.url);
    const random = seeded(99);
    // Warm-up: the caches and heap reach their working size before the baseline is taken.
    let failed = await flood(service.url, 0, WARMUP, random);
    const before = await settledRss(service);
    process.stdout.write(
      `bench:hostile: ${DEMO ? 'demo data' : `${HEADLINES} headlines`}, RSS after ${WARMUP} warm-up queries ${before.toFixed(0)} MB\n`,
    );
    const step = Math.max(1, Math.floor(QUERIES / 5));
    for (let done = 0; done < QUERIES; done += step) {
      const n = Math.min(step, QUERIES - done);
      failed += await flood(service.url, WARMUP + done, n, random);
      process.stdout.write(
        `  ${done + n} hostile queries: RSS ${rssOf(service).toFixed(0)} MB, ${await heapMb(service.url)}\n`,
      );
    }
    const after = await settledRss(service);
    const growth = after - before;
    process.stdout.write(
      `bench:hostile: ${QUERIES} distinct hostile queries: RSS ${before.toFixed(0)} → ${after.toFixed(0)} MB ` +
        `(${growth >= 0 ? '+' : ''}${growth.toFixed(0)} MB, limit +${LIMIT_MB} MB), non-200 answers: ${failed}\n`,
    );
    if (growth > LIMIT_MB || failed > 0) process.exitCode = 1;
  } finally {
    await service.stop();
  }
}

await main();
