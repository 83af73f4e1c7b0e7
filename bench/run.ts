// `npm run bench`: the production build on a real redis-server, measured side by side with a bare node:http
// server and a bare Hono app in the same run (load generator in its own process, rows interleaved in rounds
// so the machine's drift touches all alike); prints a table of ratios and writes bench/RESULTS.md.
// `--quick`: small sizes, short rounds; exits non-zero when /health falls under 0.6× bare Hono or answers fail.
// `--profile DIR`: the service writes a V8 CPU profile (node --cpu-prof) of the whole run into DIR.
// `--startup`: only the memory and start-up rows at 100k (push, RSS, a second instance from Redis), no load
// rows and no quality run; nothing is written (for iterating on the build path).
import { type ChildProcess, execFileSync, execSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { type ServiceProcess, startService } from '../tests/support/process.js';
import { startRedis } from '../tests/support/redis-server.js';
import type { LoadMode, LoadResult, LoadSpec } from './load.js';
import { wrkAvailable } from './load.js';
import { cpuSeconds, rssMb } from './proc.js';
import { OUTLETS, seeded, syntheticHeadline, VOCABULARY } from './synthetic.js';

const quick = process.argv.includes('--quick');
const startupOnly = process.argv.includes('--startup');
const profileAt = process.argv.indexOf('--profile');
const profileDir = profileAt > 0 ? resolve(process.argv[profileAt + 1] ?? 'bench/out') : undefined;
const SIZES = quick ? [2_000, 5_000] : [20_000, 100_000];
const ROUNDS = quick ? 2 : 3;
const SECONDS_PER_ROUND = quick ? 2 : 4;
const CONNECTIONS = 32;
const ADMIN = 'bench-admin-token-0123456789';
/** The guard of `bench:quick`: the service's own stack may cost at most this much of bare Hono's speed. */
const HEALTH_GUARD_VS_HONO = 0.6;

/** A measured endpoint: where it is served, how it is driven, and its target as a multiple of bare node:http. */
interface Endpoint {
  what: string;
  url: string;
  pid: number | undefined;
  mode: LoadMode;
  target?: number;
}

interface Measured extends Endpoint {
  rps: number;
  p50: number;
  p99: number;
  cpuUsPerRequest: number;
  ok: number;
  sent: number;
  failed: number;
  generator: string;
}

interface Fact {
  what: string;
  value: string;
  target: string;
  ok: boolean;
}

const tables: { title: string; rows: Measured[]; node: Measured; hono: Measured }[] = [];
const facts: Fact[] = [];
const fact = (what: string, value: string, target: string, ok: boolean) => {
  facts.push({ what, value, target, ok });
  process.stderr.write(`  ${ok ? '✓' : '✗'} ${what}: ${value} (target ${target})\n`);
};

function load(url: string, mode: LoadMode, dir: string): Promise<LoadResult> {
  const spec: LoadSpec = { url, connections: CONNECTIONS, durationSeconds: SECONDS_PER_ROUND, mode };
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', file], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(out) as LoadResult) : fail(new Error(`load exited ${code}`)),
    );
  });
}

/** Node flags of a profiled service (NODE_OPTIONS refuses --cpu-prof). */
const profileArgs = (): string[] => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Every endpoint once per round, in turn; per endpoint the median round. */
async function measure(endpoints: Endpoint[], dir: string): Promise<Measured[]> {
  const runs = endpoints.map(() => [] as { r: LoadResult; cpu: number }[]);
  for (let round = 0; round < ROUNDS; round++) {
    for (const [i, e] of endpoints.entries()) {
      const before = cpuSeconds(e.pid);
      const r = await load(e.url, e.mode, dir);
      const cpu = cpuSeconds(e.pid) - before;
      runs[i]?.push({ r, cpu });
      process.stderr.write(
        `    round ${round + 1} ${e.what}: ${Math.round(r.requestsPerSecond)} req/s, p99 ${r.p99.toFixed(1)} ms\n`,
      );
    }
  }
  return endpoints.map((e, i) => {
    const all = runs[i] ?? [];
    const sum = (f: (x: { r: LoadResult; cpu: number }) => number) => all.reduce((s, x) => s + f(x), 0);
    return {
      ...e,
      rps: median(all.map((x) => x.r.requestsPerSecond)),
      p50: median(all.map((x) => x.r.p50)),
      p99: median(all.map((x) => x.r.p99)),
      cpuUsPerRequest:
        (sum((x) => x.cpu) * 1e6) /
        Math.max(
          1,
          sum((x) => x.r.ok + x.r.non2xx),
        ),
      ok: sum((x) => x.r.ok),
      sent: sum((x) => x.r.sent),
      failed: sum((x) => x.r.non2xx + x.r.errors),
      generator: all[0]?.r.generator ?? '?',
    };
  });
}

/** A bare yardstick server (bench/bare.ts) in its own process. */
async function startBare(kind: 'node' | 'hono'): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/bare.ts', kind], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  const port = await new Promise<number>((done, fail) => {
    child.stdout?.once('data', (c: Buffer) => done((JSON.parse(c.toString()) as { port: number }).port));
    child.once('exit', (code) => fail(new Error(`bare ${kind} exited ${code}`)));
  });
  return { url: `http://127.0.0.1:${port}`, child };
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

/** The V8 heap (used / total) and external memory of a service, from its /metrics. */
async function heapOf(base: string): Promise<string> {
  const mb = async (name: string) => ((await metric(base, `citeste_si_${name}`)) / 2 ** 20).toFixed(0);
  return `heap ${await mb('nodejs_heap_size_used_bytes')}/${await mb('nodejs_heap_size_total_bytes')} MB, external ${await mb('nodejs_external_memory_bytes')} MB`;
}

async function metric(base: string, name: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return Number(line?.split(' ').at(-1) ?? 0);
}

const fmt = (n: number) => Math.round(n).toLocaleString('en');

/** The allocator settings the Docker image runs the service with (its Dockerfile's ENV), measured with it. */
function imageMallocEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [, name = '', value = ''] of readFileSync('Dockerfile', 'utf8').matchAll(
    /\b(MALLOC_\w+)=(\S+)/g,
  ))
    env[name] = value;
  return env;
}

function table(t: (typeof tables)[number]): string {
  const lines = [
    '| what | req/s | p50 ms | p99 ms | CPU µs/req | × node:http | × Hono | target | met |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | --- |',
  ];
  for (const m of t.rows) {
    const ratio = m.rps / t.node.rps;
    const met = m.target === undefined ? '' : ratio >= m.target && m.failed === 0 ? '✓' : '✗';
    lines.push(
      `| ${m.what} | ${fmt(m.rps)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${fmt(m.cpuUsPerRequest)} | ${ratio.toFixed(2)}× | ${(m.rps / t.hono.rps).toFixed(2)}× | ${m.target === undefined ? '—' : `≥ ${m.target}×`} | ${met}${m.failed ? ` (${m.failed} failed)` : ''} |`,
    );
  }
  return `${t.title}\n\n${lines.join('\n')}`;
}

/** What the 100k rows work on: the first instance, its environment, the partners' keys, every process started. */
interface Rig {
  a: ServiceProcess;
  env: Record<string, string>;
  keys: Map<string, string>;
  large: number;
  services: ServiceProcess[];
}

/** RSS of the first instance, then a second one started on the same Redis (its index built from it). */
async function memoryAndStartup(rig: Rig, nodeArgs: string[] = []): Promise<void> {
  const { a, env, keys, large, services } = rig;
  const rss = rssMb(a.child.pid);
  fact(`RSS with ${fmt(large)} live headlines`, `${rss.toFixed(0)} MB`, '≤ 300 MB', rss <= 300);
  process.stderr.write(`    (${await heapOf(a.url)})\n`);

  // 3. A second instance: start-up from Redis, then a push seen by it.
  const startedAt = performance.now();
  const b = await startService(env, { built: true, readyTimeoutMs: 60_000, nodeArgs });
  services.push(b);
  const startup = (performance.now() - startedAt) / 1000;
  const startupCpu = cpuSeconds(b.child.pid);
  fact(
    `start-up, index built from Redis (${fmt(large)} headlines)`,
    `${startup.toFixed(2)} s`,
    '≤ 3 s',
    startup <= 3,
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
  fact('a push seen by a second instance', `${seenMs.toFixed(0)} ms`, '≤ 1 s', seenMs <= 1000);
  // CPU time is steadier than wall time on shared cores.
  process.stderr.write(`    (the second instance used ${startupCpu.toFixed(2)} s of CPU until ready)\n`);
}

/** `--startup`: the first instance grows to `large` headlines, then the rows of memoryAndStartup. */
async function startupRows(rig: Rig): Promise<void> {
  const { a, keys, large, services } = rig;
  const rate = await pushAll(a.url, keys, large, 0);
  process.stderr.write(`  (pushed ${large} headlines at ${fmt(rate)}/s)\n`);
  // With --profile it is the second instance (the start-up) that is profiled.
  await memoryAndStartup(rig, profileArgs());
  const b = services.at(-1);
  if (b) {
    const rssB = rssMb(b.child.pid);
    process.stderr.write(
      `  RSS of the second instance (built from Redis): ${rssB.toFixed(0)} MB (${await heapOf(b.url)})\n`,
    );
    if (profileDir) {
      b.child.kill('SIGTERM');
      await b.exited;
      process.stderr.write(`  CPU profile of the second instance in ${profileDir}\n`);
    }
  }
  // What the first instance holds once V8 has collected the pushes' garbage (its idle collection comes
  // some 20 s after the last allocation): the lowest RSS over 30 s.
  let settled = rssMb(a.child.pid);
  for (let s = 0; s < 30; s++) {
    await new Promise((r) => setTimeout(r, 1000));
    settled = Math.min(settled, rssMb(a.child.pid));
  }
  process.stderr.write(
    `  RSS of the first instance, settled: ${settled.toFixed(0)} MB (${await heapOf(a.url)})\n`,
  );
}

async function main(): Promise<void> {
  const machine = `${cpus()[0]?.model ?? 'unknown CPU'}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
  const generator = wrkAvailable() ? 'wrk (1 thread)' : 'autocannon';
  process.stderr.write(
    `citeste-si benchmark${quick ? ' (quick)' : ''} on ${machine}, ${generator}\nbuilding…\n`,
  );
  execSync('npm run build', { stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = mkdtempSync(join(tmpdir(), 'cs-bench-'));
  const redis = await startRedis();
  const env: Record<string, string> = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: 'bench:',
    ADMIN_TOKEN: ADMIN,
    SIGNING_SECRET: 'bench-signing-secret-0123456789',
    RATE_LIMIT_PUSH_PER_MINUTE: '1000000',
    RATE_LIMIT_EVENTS_PER_MINUTE: '100000000',
    RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '100000000',
    RATE_LIMIT_REDIRECTS_PER_MINUTE: '1000000',
    RATE_LIMIT_WIDGET_HTML_PER_MINUTE: '100000000',
    // Simulated readers each send their own address (X-Forwarded-For), as readers behind a proxy are seen.
    TRUST_PROXY: 'true',
    ...imageMallocEnv(),
  };
  const services: ServiceProcess[] = [];
  const bare = await Promise.all([startBare('node'), startBare('hono')]);
  try {
    const a = await startService(env, { built: true, nodeArgs: startupOnly ? [] : profileArgs() });
    services.push(a);
    const keys = new Map<string, string>();
    for (const id of [...OUTLETS, 'evz']) {
      const res = await api(a.url, 'POST', '/v1/admin/partners', { id, name: id, domains: [`${id}.ro`] });
      keys.set(id, ((await res.json()) as { apiKey: string }).apiKey);
    }
    await api(a.url, 'PUT', '/v1/admin/publishers/evz', { name: 'EVZ', partnerId: 'evz' });

    const [small = 0, large = 0] = SIZES;
    if (startupOnly) {
      await startupRows({ a, env, keys, large, services });
      return;
    }
    const pushRate = await pushAll(a.url, keys, small, 0);
    fact(
      'POST /v1/headlines, 500-item batches',
      `${fmt(pushRate)} headlines/s`,
      '≥ 5,000/s',
      pushRate >= 5000,
    );

    const known = (await (
      await api(a.url, 'GET', '/v1/headlines?limit=200', undefined, keys.get('outlet-1'))
    ).json()) as { headlines: { url: string }[] };
    const warmPaths = (prefix: string) =>
      known.headlines.slice(0, 50).map((h) => `${prefix}&url=${encodeURIComponent(h.url)}`);
    const served: { token: string; items: string[] }[] = [];
    for (const h of known.headlines.slice(0, 100)) {
      const w = (await (
        await fetch(`${a.url}/v1/widget?publisher=evz&url=${encodeURIComponent(h.url)}`)
      ).json()) as { token: string; items: { id: string }[] };
      served.push({ token: w.token, items: w.items.map((i) => i.id) });
    }
    // Full answers only, so each acknowledged event stands for the same number of cards.
    const cards = Math.max(...served.map((s) => s.items.length));
    const fullAnswers = served.filter((s) => s.items.length === cards);

    const [node, hono] = bare;
    const health: LoadMode = { kind: 'get', path: '/health' };
    const yardsticks = (): Endpoint[] => [
      { what: 'bare node:http /health', url: node?.url ?? '', pid: node?.child.pid, mode: health },
      { what: 'bare Hono /health', url: hono?.url ?? '', pid: hono?.child.pid, mode: health },
    ];
    const widgets = (size: number, coldTarget: number): Endpoint[] => [
      { what: 'service /health', url: a.url, pid: a.child.pid, mode: health, target: 0.8 },
      {
        what: `/v1/widget warm, ${fmt(size)} headlines`,
        url: a.url,
        pid: a.child.pid,
        mode: { kind: 'cycle', paths: warmPaths('/v1/widget?publisher=evz') },
        target: 0.6,
      },
      {
        what: `/v1/widget cold, ${fmt(size)} headlines`,
        url: a.url,
        pid: a.child.pid,
        mode: { kind: 'cold', prefix: '/v1/widget?publisher=evz', vocabulary: VOCABULARY },
        target: coldTarget,
      },
    ];

    // 1. At the first size: every endpoint against the yardsticks.
    const countedBefore = await metric(a.url, 'citeste_si_events_counted_total{type="impression"}');
    const first = await measure(
      [
        ...yardsticks(),
        ...widgets(small, 0.15),
        {
          what: 'POST /v1/events',
          url: a.url,
          pid: a.child.pid,
          mode: { kind: 'events', served: fullAnswers },
          target: 0.3,
        },
      ],
      dir,
    );
    await new Promise((r) => setTimeout(r, 1500));
    const counted =
      (await metric(a.url, 'citeste_si_events_counted_total{type="impression"}')) - countedBefore;
    const events = first.find((m) => m.what === 'POST /v1/events');
    // Every acknowledged (204) event must be counted; requests cut off when a run stopped may or may not be.
    const acknowledged = (events?.ok ?? 0) * cards;
    const sent = (events?.sent ?? 0) * cards;
    fact(
      'card impressions counted',
      `${fmt(counted)} for ${fmt(acknowledged)} acknowledged (${fmt(sent)} sent at most)`,
      'all acknowledged counted',
      counted >= acknowledged && counted <= sent,
    );
    const [node1, hono1] = first;
    if (!node1 || !hono1) throw new Error('no yardstick measured');
    tables.push({ title: `At ${fmt(small)} headlines`, rows: first, node: node1, hono: hono1 });

    // 2. Grow to the large size; the widget rows again.
    const pushRate2 = await pushAll(a.url, keys, large - small, small);
    process.stderr.write(`  (grew to ${large} headlines at ${fmt(pushRate2)}/s)\n`);
    const second = await measure(
      [
        ...yardsticks(),
        ...widgets(large, 0.12),
        {
          what: `/v1/widget.html warm, ${fmt(large)} headlines`,
          url: a.url,
          pid: a.child.pid,
          mode: { kind: 'cycle', paths: warmPaths('/v1/widget.html?publisher=evz') },
        },
      ],
      dir,
    );
    const [node2, hono2] = second;
    if (!node2 || !hono2) throw new Error('no yardstick measured');
    tables.push({ title: `At ${fmt(large)} headlines`, rows: second, node: node2, hono: hono2 });
    await memoryAndStartup({ a, env, keys, large, services });
    if (profileDir) {
      // A clean exit writes the profile (SIGKILL would lose it).
      a.child.kill('SIGTERM');
      await a.exited;
      process.stderr.write(`  CPU profile of the service in ${profileDir}\n`);
    }
  } catch (err) {
    // A service that died mid-run says why in its own output.
    for (const s of services)
      if (s.child.exitCode !== null || s.child.signalCode !== null)
        process.stderr.write(
          `service on ${s.url} exited (${s.child.exitCode ?? s.child.signalCode}):\n${s.output().slice(-4000)}\n`,
        );
    throw err;
  } finally {
    for (const s of services) await s.stop();
    for (const s of bare) s.child.kill('SIGKILL');
    await redis.stop();
    rmSync(dir, { recursive: true, force: true });
  }

  process.stderr.write('ranking quality…\n');
  const quality = execFileSync(process.execPath, ['--import', 'tsx', 'bench/quality.ts'], {
    encoding: 'utf8',
  });

  const factTable = [
    '| what | measured | target | met |',
    '| --- | --- | --- | --- |',
    ...facts.map((f) => `| ${f.what} | ${f.value} | ${f.target} | ${f.ok ? '✓' : '✗'} |`),
  ].join('\n');
  const throughput = tables.map(table).join('\n\n');
  process.stdout.write(`\n${machine}, ${generator}\n\n${throughput}\n\n${factTable}\n\n${quality}\n`);

  const guardFailures = tables.flatMap((t) =>
    t.rows
      .filter(
        (m) => m.failed > 0 || (m.what === 'service /health' && m.rps < HEALTH_GUARD_VS_HONO * t.hono.rps),
      )
      .map(
        (m) => `${t.title}: ${m.what} at ${(m.rps / t.hono.rps).toFixed(2)}× bare Hono, ${m.failed} failed`,
      ),
  );
  const wrongCounts = facts.filter((f) => f.what.startsWith('card impressions') && !f.ok);
  if (!quick) {
    const date = new Date().toISOString().slice(0, 10);
    const notes = readNotes();
    writeFileSync(
      'bench/RESULTS.md',
      `# Benchmark results\n\n${date}, ${machine}. Produced by \`npm run bench\`: the production build (\`dist\`, NODE_ENV=production) on a real redis-server; load by ${generator} in its own process, ${CONNECTIONS} connections, ${ROUNDS} interleaved rounds of ${SECONDS_PER_ROUND} s per row (median round shown). Ratios are in-run: every row is divided by the bare node:http server measured in the same rounds, on a machine whose 2 cores are shared with the load generator, redis-server and other work, so absolute req/s vary between runs and the ratios are what compare. CPU µs/req is the serving process's own CPU time per answer (less sensitive to the shared cores).\n\n${throughput}\n\n${factTable}\n\n${notes}## Ranking quality (\`npm run bench:quality\`)\n\n\`\`\`\n${quality.trim()}\n\`\`\`\n`,
    );
  }
  if (quick && (guardFailures.length || wrongCounts.length)) {
    process.stderr.write(
      `bench:quick guard failed:\n  ${[...guardFailures, ...wrongCounts.map((f) => f.what)].join('\n  ')}\n`,
    );
    process.exitCode = 1;
  }
}

/** The hand-written "## " sections of bench/RESULTS.md are kept, all but the quality output this run writes anew. */
function readNotes(): string {
  try {
    const text = readFileSync('bench/RESULTS.md', 'utf8');
    const start = text.indexOf('\n## ');
    if (start < 0) return '';
    return text
      .slice(start + 1)
      .split(/^(?=## )/m)
      .filter((section) => !section.startsWith('## Ranking quality'))
      .map((section) => `${section.trimEnd()}\n\n`)
      .join('');
  } catch {
    return '';
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
