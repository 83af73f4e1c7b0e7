// Load generator, run as its own process by bench/run.ts: `load.ts <spec.json>` drives one endpoint with wrk
// (a Lua script varies cold articles and event bodies) or, where wrk is absent, autocannon; prints JSON.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';

export type LoadMode =
  /** One fixed GET path. */
  | { kind: 'get'; path: string }
  /** GET paths taken in turn (warm answers: the same articles again). */
  | { kind: 'cycle'; paths: string[] }
  /** GET `${prefix}&url=…&title=…`: a new article (URL, title, keywords) on every request. */
  | { kind: 'cold'; prefix: string; vocabulary: string[] }
  /** POST /v1/events: impressions of the served answers, each with its own impression id. */
  | { kind: 'events'; served: { token: string; items: string[] }[] };

export interface LoadSpec {
  url: string;
  connections: number;
  durationSeconds: number;
  mode: LoadMode;
}

export interface LoadResult {
  generator: 'wrk' | 'autocannon';
  requestsPerSecond: number;
  /** Milliseconds. */
  p50: number;
  p99: number;
  /** Answers with a status below 400. */
  ok: number;
  /** Requests sent, at most: those answered plus one in flight per connection when the run stopped. */
  sent: number;
  non2xx: number;
  errors: number;
}

const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';
const WRK = '/usr/bin/wrk';

export function wrkAvailable(): boolean {
  return spawnSync(WRK, ['--version']).error === undefined;
}

// JSON string literals of ASCII and UTF-8 text are valid Lua 5.1 string literals too.
const lua = (s: string) => JSON.stringify(s);
/** The address of the n-th simulated reader (the service runs with TRUST_PROXY in the benchmark). */
const readerAddress = (n: number) => `10.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
const luaList = (items: string[]) => `{${items.map(lua).join(',')}}`;

/** The wrk script: builds each request, and prints one JSON line of totals when the run is done. */
function wrkScript(mode: LoadMode, seed: number): string {
  const head = [
    'local n = 0',
    `local seed = ${seed}`,
    'local function enc(s) return (string.gsub(s, "[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end)) end',
  ];
  const done = `
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('\\nWRK_JSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration, math.floor(latency:percentile(50)), math.floor(latency:percentile(99)),
    e.connect, e.read, e.write, e.status, e.timeout))
end`;
  let body: string;
  switch (mode.kind) {
    case 'get':
      body = `wrk.path = ${lua(mode.path)}`;
      break;
    case 'cycle':
      body = `local paths = ${luaList(mode.paths)}
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end`;
      break;
    case 'cold':
      body = `local words = ${luaList(mode.vocabulary)}
local function word(i) return words[((i * 40503 + seed) % #words) + 1] end
request = function()
  n = n + 1
  local t = {}
  for j = 0, 7 do t[j + 1] = word(n * 13 + j * 7) end
  local path = ${lua(mode.prefix)} .. "&url=" .. enc("https://www.evz.ro/bench/articol-" .. seed .. "-" .. n)
    .. "&title=" .. enc(table.concat(t, " ")) .. "&keywords=" .. enc(word(n * 17 + 3) .. "," .. word(n * 19 + 5))
    .. "&section=Actualitate"
  return wrk.format("GET", path)
end`;
      break;
    case 'events':
      body = `local tokens = ${luaList(mode.served.map((s) => JSON.stringify(s.token)))}
local items = ${luaList(mode.served.map((s) => JSON.stringify(s.items)))}
request = function()
  n = n + 1
  local i = (n % #tokens) + 1
  -- Each page view is its own reader, as on a real site (one address may claim only a few views per token).
  local reader = "10." .. (math.floor(n / 65536) % 256) .. "." .. (math.floor(n / 256) % 256) .. "." .. (n % 256)
  local headers = { ["Content-Type"] = "text/plain", ["User-Agent"] = ${lua(BROWSER_UA)}, ["X-Forwarded-For"] = reader }
  return wrk.format("POST", "/v1/events", headers, '{"token":' .. tokens[i] .. ',"type":"impression","items":' .. items[i]
    .. ',"impressionId":"bench-' .. seed .. '-' .. n .. '"}')
end`;
      break;
  }
  return [...head, body, done].join('\n');
}

async function runWrk(spec: LoadSpec, seed: number): Promise<LoadResult> {
  const dir = mkdtempSync(join(tmpdir(), 'cs-wrk-'));
  try {
    const script = join(dir, 'load.lua');
    writeFileSync(script, wrkScript(spec.mode, seed));
    const args = [
      '-t1',
      `-c${spec.connections}`,
      `-d${spec.durationSeconds}s`,
      '--timeout',
      '10s',
      '-s',
      script,
    ];
    const out = await new Promise<string>((resolve, reject) => {
      const child = spawn(WRK, [...args, spec.url], { stdio: ['ignore', 'pipe', 'inherit'] });
      let text = '';
      child.stdout.on('data', (c: Buffer) => {
        text += c.toString();
      });
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk exited ${code}`))));
    });
    const line = out.split('\n').find((l) => l.startsWith('WRK_JSON '));
    if (!line) throw new Error(`wrk printed no totals:\n${out}`);
    const t = JSON.parse(line.slice('WRK_JSON '.length)) as Record<string, number>;
    const num = (k: string) => t[k] ?? 0;
    return {
      generator: 'wrk',
      requestsPerSecond: num('requests') / (num('duration_us') / 1e6),
      p50: num('p50_us') / 1000,
      p99: num('p99_us') / 1000,
      ok: num('requests') - num('status'),
      sent: num('requests') + spec.connections,
      non2xx: num('status'),
      errors: num('connect') + num('read') + num('write') + num('timeout'),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The same requests for autocannon, where wrk is not installed. */
async function runAutocannon(spec: LoadSpec, seed: number): Promise<LoadResult> {
  const { default: run } = await import('autocannon');
  const mode = spec.mode;
  let n = 0;
  const next = (): autocannon.Request => {
    n++;
    switch (mode.kind) {
      case 'get':
        return { path: mode.path };
      case 'cycle':
        return { path: mode.paths[n % mode.paths.length] ?? '/' };
      case 'cold': {
        const words = mode.vocabulary;
        const word = (i: number) => words[(i * 40503 + seed) % words.length] ?? 'știri';
        const title = Array.from({ length: 8 }, (_, j) => word(n * 13 + j * 7)).join(' ');
        const keywords = `${word(n * 17 + 3)},${word(n * 19 + 5)}`;
        const url = `https://www.evz.ro/bench/articol-${seed}-${n}`;
        return {
          path: `${mode.prefix}&url=${encodeURIComponent(url)}&title=${encodeURIComponent(title)}&keywords=${encodeURIComponent(keywords)}&section=Actualitate`,
        };
      }
      case 'events': {
        const s = mode.served[n % mode.served.length] ?? { token: '', items: [] };
        return {
          path: '/v1/events',
          method: 'POST',
          headers: {
            'content-type': 'text/plain',
            'user-agent': BROWSER_UA,
            'x-forwarded-for': readerAddress(n),
          },
          body: JSON.stringify({
            token: s.token,
            type: 'impression',
            items: s.items,
            impressionId: `bench-${seed}-${n}`,
          }),
        };
      }
    }
  };
  const result = await run({
    url: spec.url,
    connections: spec.connections,
    duration: spec.durationSeconds,
    requests: [{ setupRequest: (req) => ({ ...req, ...next() }) }],
  });
  return {
    generator: 'autocannon',
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'] + result['3xx'],
    sent: result.requests.sent,
    non2xx: result['4xx'] + result['5xx'],
    errors: result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const spec = JSON.parse(readFileSync(process.argv[2] ?? '', 'utf8')) as LoadSpec;
  const seed = Math.floor(Math.random() * 1e6);
  const result = wrkAvailable() ? await runWrk(spec, seed) : await runAutocannon(spec, seed);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (process.argv[1]?.endsWith('load.ts')) void main();
