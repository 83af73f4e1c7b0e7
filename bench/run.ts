// `npm run bench`: the service as in production on a real redis-server, measured side by side with its own
// /health under load from a separate process; prints a table and writes bench/RESULTS.md.
import { execFileSync, execSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { type ServiceProcess, startService } from '../tests/support/process.js';
import { startRedis } from '../tests/support/redis-server.js';
import type { LoadResult, LoadSpec } from './load.js';
import { OUTLETS, seeded, syntheticHeadline, VOCABULARY } from './synthetic.js';

const quick = process.argv.includes('--quick');
const SIZES = quick ? [2_000, 5_000] : [20_000, 100_000];
const DURATION = quick ? 3 : 10;
const CONNECTIONS = 32;
const ADMIN = 'bench-admin-token-0123456789';

interface Row {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

const rows: Row[] = [];
const row = (what: string, value: string, target: string, ok: boolean) => {
  rows.push({ what, value, target, ok });
  process.stderr.write(`  ${ok ? '✓' : '✗'} ${what}: ${value} (target ${target})\n`);
};

function load(spec: Omit<LoadSpec, 'connections' | 'durationSeconds'>): Promise<LoadResult> {
  const full: LoadSpec = { connections: CONNECTIONS, durationSeconds: DURATION, ...spec };
  const arg = Buffer.from(JSON.stringify(full)).toString('base64url');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', arg], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? resolve(JSON.parse(out) as LoadResult) : reject(new Error(`load exited ${code}`)),
    );
  });
}

async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  token = ADMIN,
): Promise<Response> {
  const init: RequestInit = {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${base}${path}`, init);
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res;
}

function rssMb(pid: number | undefined): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

async function pushAll(
  base: string,
  keys: Map<string, string>,
  count: number,
  offset: number,
): Promise<number> {
  const random = seeded(1000 + offset);
  const now = Date.now();
  const batches: { key: string; items: unknown[] }[] = [];
  for (let i = 0; i < count; i += 500) {
    const outlet = OUTLETS[(i / 500) % OUTLETS.length] ?? 'outlet-0';
    const items = Array.from({ length: Math.min(500, count - i) }, (_, j) =>
      syntheticHeadline(outlet, offset + i + j, random, now),
    );
    batches.push({ key: keys.get(outlet) ?? '', items });
  }
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const batch = batches[next++];
      if (!batch) break;
      const res = await api(base, 'POST', '/v1/headlines', { headlines: batch.items }, batch.key);
      const body = (await res.json()) as { accepted: number };
      if (body.accepted !== batch.items.length)
        throw new Error(`rejected items: ${JSON.stringify(body).slice(0, 300)}`);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return count / ((performance.now() - started) / 1000);
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return Number(line?.split(' ').at(-1) ?? 0);
}

async function main(): Promise<void> {
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  process.stderr.write(`citeste-si benchmark${quick ? ' (quick)' : ''} on ${machine}\nbuilding…\n`);
  execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const redis = await startRedis();
  const env = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'bench:',
    ADMIN_TOKEN: ADMIN,
    SIGNING_SECRET: 'bench-signing-secret-0123456789',
    RATE_LIMIT_PUSH_PER_MINUTE: '1000000',
    RATE_LIMIT_EVENTS_PER_MINUTE: '100000000',
    RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '100000000',
    RATE_LIMIT_REDIRECTS_PER_MINUTE: '1000000',
  };
  const services: ServiceProcess[] = [];
  try {
    const a = await startService(env, { built: true });
    services.push(a);
    const keys = new Map<string, string>();
    for (const id of [...OUTLETS, 'evz']) {
      const res = await api(a.url, 'POST', '/v1/admin/partners', { id, name: id, domains: [`${id}.ro`] });
      keys.set(id, ((await res.json()) as { apiKey: string }).apiKey);
    }
    await api(a.url, 'PUT', '/v1/admin/publishers/evz', { name: 'EVZ', partnerId: 'evz' });

    // 1. Ingest the first size, measuring pushes into real Redis.
    const [small = 0, large = 0] = SIZES;
    const pushRate = await pushAll(a.url, keys, small, 0);
    row(
      'POST /v1/headlines, 500-item batches',
      `${Math.round(pushRate)} headlines/s`,
      '≥ 5,000/s',
      pushRate >= 5000,
    );

    const known = (await (
      await api(a.url, 'GET', '/v1/headlines?limit=200', undefined, keys.get('outlet-1'))
    ).json()) as {
      headlines: { url: string }[];
    };
    const articles = known.headlines.map((h) => h.url);

    // 2. Widget against /health at the first size.
    const health = await load({ url: a.url, mode: 'health' });
    const warm = await load({ url: a.url, mode: 'widget-warm', publisher: 'evz', articles });
    const cold = await load({ url: a.url, mode: 'widget-cold', publisher: 'evz', vocabulary: VOCABULARY });
    const ratio = (r: LoadResult, base: LoadResult) => r.requestsPerSecond / base.requestsPerSecond;
    row(
      `/health at ${small.toLocaleString('en')} headlines`,
      `${Math.round(health.requestsPerSecond)} req/s, p99 ${health.p99} ms`,
      'baseline',
      health.non2xx === 0 && health.errors === 0,
    );
    row(
      `/v1/widget warm, ${small.toLocaleString('en')} headlines`,
      `${ratio(warm, health).toFixed(2)}× /health (${Math.round(warm.requestsPerSecond)} req/s), p99 ${warm.p99} ms`,
      '≥ 0.6×, p99 ≤ 20 ms',
      ratio(warm, health) >= 0.6 && warm.p99 <= 20 && warm.non2xx === 0,
    );
    row(
      `/v1/widget cold, ${small.toLocaleString('en')} headlines`,
      `${ratio(cold, health).toFixed(2)}× /health (${Math.round(cold.requestsPerSecond)} req/s), p99 ${cold.p99} ms`,
      '≥ 0.3×',
      ratio(cold, health) >= 0.3 && cold.non2xx === 0,
    );

    // 3. Events: every one counted.
    const served: { token: string; items: string[] }[] = [];
    for (const url of articles.slice(0, 100)) {
      const w = (await (
        await fetch(`${a.url}/v1/widget?publisher=evz&url=${encodeURIComponent(url)}`)
      ).json()) as {
        token: string;
        items: { id: string }[];
      };
      served.push({ token: w.token, items: w.items.map((i) => i.id) });
    }
    const countedBefore = await metric(a.url, 'citeste_si_events_counted_total{type="impression"}');
    const events = await load({ url: a.url, mode: 'events', served });
    await new Promise((r) => setTimeout(r, 1500));
    const counted =
      (await metric(a.url, 'citeste_si_events_counted_total{type="impression"}')) - countedBefore;
    // Every acknowledged (204) event must be counted; requests cut off when the run stopped may or may not be.
    const acknowledged = events.ok * 6;
    const sent = events.sent * 6;
    row(
      'POST /v1/events',
      `${ratio(events, health).toFixed(2)}× /health (${Math.round(events.requestsPerSecond)} req/s); counted ${counted} card impressions for ${acknowledged} acknowledged (${sent} sent)`,
      '≥ 0.5×, all counted',
      ratio(events, health) >= 0.5 && counted >= acknowledged && counted <= sent && events.non2xx === 0,
    );

    // 4. Grow to the large size; cold load again.
    const pushRate2 = await pushAll(a.url, keys, large - small, small);
    process.stderr.write(`  (grew to ${large} headlines at ${Math.round(pushRate2)}/s)\n`);
    const health2 = await load({ url: a.url, mode: 'health' });
    const cold2 = await load({ url: a.url, mode: 'widget-cold', publisher: 'evz', vocabulary: VOCABULARY });
    row(
      `/health at ${large.toLocaleString('en')} headlines`,
      `${Math.round(health2.requestsPerSecond)} req/s`,
      'baseline',
      health2.non2xx === 0,
    );
    row(
      `/v1/widget cold, ${large.toLocaleString('en')} headlines`,
      `${ratio(cold2, health2).toFixed(2)}× /health (${Math.round(cold2.requestsPerSecond)} req/s), p99 ${cold2.p99} ms; ${small.toLocaleString('en')}→${large.toLocaleString('en')}: ${(cold.requestsPerSecond / cold2.requestsPerSecond).toFixed(2)}× slower for ${(large / small).toFixed(0)}× the headlines`,
      '≥ 0.15×',
      ratio(cold2, health2) >= 0.15 && cold2.non2xx === 0,
    );
    const rss = rssMb(a.child.pid);
    row(
      `RSS with ${large.toLocaleString('en')} live headlines`,
      `${rss.toFixed(0)} MB`,
      '≤ 300 MB',
      rss <= 300,
    );

    // 5. A second instance: start-up from Redis, then a push seen by it.
    const startedAt = performance.now();
    const b = await startService(env, { built: true, readyTimeoutMs: 60_000 });
    services.push(b);
    const startup = (performance.now() - startedAt) / 1000;
    row(
      `start-up, index built from Redis (${large.toLocaleString('en')} headlines)`,
      `${startup.toFixed(2)} s`,
      '≤ 5 s',
      startup <= 5,
    );
    const marker = `Zzsemnal${Date.now()}`;
    const pushedAt = performance.now();
    await api(
      a.url,
      'POST',
      '/v1/headlines',
      {
        headlines: [
          {
            url: `https://www.outlet-2.ro/semnal/${marker}`,
            title: `${marker} apare pe a doua instanță`,
            publishedAt: new Date().toISOString(),
          },
        ],
      },
      keys.get('outlet-2'),
    );
    let seenMs = Number.POSITIVE_INFINITY;
    while (performance.now() - pushedAt < 5000) {
      const w = (await (await fetch(`${b.url}/v1/widget?publisher=evz&title=${marker}&limit=1`)).json()) as {
        items: { title: string }[];
      };
      if (w.items[0]?.title.startsWith(marker)) {
        seenMs = performance.now() - pushedAt;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    row('a push seen by a second instance', `${seenMs.toFixed(0)} ms`, '≤ 1 s', seenMs <= 1000);
  } finally {
    for (const s of services) await s.stop();
    await redis.stop();
  }

  process.stderr.write('ranking quality…\n');
  const quality = execFileSync(process.execPath, ['--import', 'tsx', 'bench/quality.ts'], {
    encoding: 'utf8',
  });

  const table = [
    '| what | measured | target | met |',
    '| --- | --- | --- | --- |',
    ...rows.map((r) => `| ${r.what} | ${r.value} | ${r.target} | ${r.ok ? 'yes' : '**no**'} |`),
  ].join('\n');
  process.stdout.write(`\n${machine}\n\n${table}\n\n${quality}\n`);
  if (!quick) {
    const date = new Date().toISOString().slice(0, 10);
    writeFileSync(
      'bench/RESULTS.md',
      `# Benchmark results\n\n${date}, ${machine}. Produced by \`npm run bench\` (${CONNECTIONS} connections, ${DURATION} s per row, load generator in its own process, service built and run with NODE_ENV=production on a real redis-server).\n\n${table}\n\n## Ranking quality (\`npm run bench:quality\`)\n\n\`\`\`\n${quality.trim()}\n\`\`\`\n`,
    );
  }
  const failed = rows.filter((r) => !r.ok);
  if (quick && failed.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
