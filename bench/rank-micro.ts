// Ingestion and rank() cost and memory of the ranking engine at 20k and 100k synthetic live headlines,
// over a realistic vocabulary: ≥ 30,000 Romanian-like word forms (stems × inflection suffixes) and
// proper names, Zipf-distributed, with topical sub-vocabularies per category, so posting lists have
// realistic lengths. Run: node --expose-gc --import tsx bench/rank-micro.ts [--runs N] [--quick]
// [--queries N] cold queries timed per run (default 1,000). [--boxes FILE]: instead of timing, one corpus per size and its cold queries' boxes (ids, reasons), one line
// per query, written to FILE: two versions of the ranker serve the same boxes when the files are equal.
// [--profile PREFIX]: a V8 CPU profile of the timed rank() calls only, PREFIX-<size>.cpuprofile (see
// bench/profile-top.ts). [--service]: the HTTP bench's corpus and cold row instead (bench/synthetic.ts headlines
// pushed by 40 outlets in batches of 500; an unknown article with a title of 8 words, 2 keywords and the
// section "Actualitate", the publisher's own outlet left out, no engagement: what `npm run bench` asks).
// [--learner]: each query as the widget asks once readers reported anything: the ranker's wider list
// (WIDE_LIMIT, no outlet cap), every item valued by the learner, the box picked by rerank.
import { spawn } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { performance } from 'node:perf_hooks';
import { WIDE_LIMIT } from '../src/controls/controls.js';
import { LearningModel } from '../src/controls/learning.js';
import { rerank } from '../src/controls/rerank.js';
import type { Headline } from '../src/domain.js';
import { HeadlineIndex, type RankQuery } from '../src/ranking/index.js';
import { seeded } from '../src/ranking/test-fixtures.js';
import { OUTLETS, syntheticHeadline, VOCABULARY } from './synthetic.js';

const random = seeded(11);
const NOW = Date.parse('2026-11-29T12:00:00Z');
const HOUR = 3_600_000;

const ONSETS = [
  'b',
  'c',
  'd',
  'f',
  'g',
  'l',
  'm',
  'n',
  'p',
  'r',
  's',
  't',
  'v',
  'z',
  'ș',
  'ț',
  'st',
  'tr',
  'pr',
  'cr',
  'gr',
  'br',
  'pl',
  'cl',
  'sp',
];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'ă', 'â', 'î', 'ea', 'ia', 'oa'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'm', 'nt', 'rc', 'st'];
const NOUN_SUFFIXES = ['', 'ul', 'ului', 'ii', 'ilor', 'ele', 'a', 'uri'];
const VERB_SUFFIXES = ['ează', 'ește', 'at', 'ată', 'are', 'ând'];
const FUNCTION_WORDS = [
  'și',
  'în',
  'de',
  'la',
  'cu',
  'pentru',
  'din',
  'pe',
  'a',
  'care',
  'după',
  'mai',
  'nu',
  'că',
  'o',
  'un',
];
const CATEGORIES = [
  'Politică',
  'Economie',
  'Sport',
  'Fotbal',
  'Tenis',
  'Externe',
  'Justiție',
  'Sănătate',
  'Educație',
  'Auto',
  'Tech',
  'Știință',
  'Meteo',
  'Showbiz',
  'Horoscop',
  'Știri',
  'Actualitate',
  'Cultură',
  'Social',
  'Bani',
];

function syllable(): string {
  return `${ONSETS[Math.floor(random() * ONSETS.length)]}${VOWELS[Math.floor(random() * VOWELS.length)]}${CODAS[Math.floor(random() * CODAS.length)]}`;
}

/** Distinct stems, each with its inflected forms (nouns or verbs). */
function vocabulary(stems: number): string[][] {
  const seen = new Set<string>();
  const out: string[][] = [];
  while (out.length < stems) {
    const stem = Array.from({ length: 2 + Math.floor(random() * 2) }, syllable).join('');
    if (seen.has(stem)) continue;
    seen.add(stem);
    const suffixes = random() < 0.7 ? NOUN_SUFFIXES : VERB_SUFFIXES;
    out.push(suffixes.map((s) => stem + s));
  }
  return out;
}

const STEMS = vocabulary(16_000);
const NAMES = vocabulary(6_000).map((forms) =>
  forms.slice(0, 3).map((f) => f[0]?.toUpperCase() + f.slice(1)),
);
const distinctForms = STEMS.reduce((n, f) => n + f.length, 0) + NAMES.reduce((n, f) => n + f.length, 0);

/** Zipf(s) sampler over ranks 0..n-1 via a cumulative table. */
function zipf(n: number, s: number): () => number {
  const cdf = new Float64Array(n);
  let sum = 0;
  for (let r = 0; r < n; r++) {
    sum += 1 / (r + 1) ** s;
    cdf[r] = sum;
  }
  return () => {
    const u = random() * sum;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((cdf[mid] ?? 0) < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const general = zipf(STEMS.length, 1.05);
const topical = zipf(1500, 1.0);
const nameRank = zipf(NAMES.length, 0.9);
/** Each category owns a slice of the vocabulary (its topical words), ranked by its own Zipf law. */
const topicOffset = CATEGORIES.map((_, i) => 1000 + i * 700);

function word(topic: number): string {
  const u = random();
  if (u < 0.15) return FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)] ?? 'și';
  if (u < 0.27) {
    const forms = NAMES[nameRank()] ?? [];
    return forms[Math.floor(random() * forms.length)] ?? 'Ion';
  }
  const stem = u < 0.65 ? (topicOffset[topic] ?? 0) + topical() : general();
  const forms = STEMS[stem % STEMS.length] ?? [];
  // The first few inflections of a word are the common ones.
  return forms[Math.floor(random() ** 2 * forms.length)] ?? 'casa';
}

const text = (topic: number, words: number) => Array.from({ length: words }, () => word(topic)).join(' ');

function synthetic(i: number): Headline {
  const topic = Math.floor(random() * CATEGORIES.length);
  const published = NOW - random() * 70 * HOUR;
  const h: Headline = {
    id: `s-${i}`,
    partnerId: `p${i % 40}`,
    url: `https://p${i % 40}.ro/a/${i}`,
    title: text(topic, 8 + Math.floor(random() * 6)),
    summary: text(topic, 15 + Math.floor(random() * 10)),
    tags: [word(topic).toLowerCase(), word(topic).toLowerCase()],
    publishedAt: new Date(published).toISOString(),
    expiresAt: new Date(published + 72 * HOUR).toISOString(),
    updatedAt: new Date(published).toISOString(),
  };
  if (i % 5 !== 0) h.category = CATEGORIES[topic] ?? 'Știri';
  return h;
}

const service = process.argv.includes('--service');

/** Headline i of the HTTP bench's stream (as its pushes store it). */
function pushed(i: number): Headline {
  const outlet = OUTLETS[Math.floor(i / 500) % OUTLETS.length] ?? 'outlet-0';
  const item = syntheticHeadline(outlet, i, random, NOW);
  return {
    ...item,
    id: `${outlet}-${i}`,
    partnerId: outlet,
    expiresAt: new Date(Date.parse(item.publishedAt) + 72 * HOUR).toISOString(),
    updatedAt: new Date(NOW).toISOString(),
  };
}

/** The HTTP bench's cold row: a new, unknown article every time (as bench/load.ts words it). */
function coldRow(n: number): RankQuery[] {
  const seed = Math.floor(random() * 1e6);
  const word = (i: number) => VOCABULARY[(i * 40503 + seed) % VOCABULARY.length] ?? 'x';
  return Array.from({ length: n }, (_, k) => ({
    articleUrl: `https://www.evz.ro/bench/articol-${seed}-${k}`,
    title: Array.from({ length: 8 }, (_, j) => word(k * 13 + j * 7)).join(' '),
    keywords: [word(k * 17 + 3), word(k * 19 + 5)],
    section: 'Actualitate',
    limit: 6,
    maxPerOutlet: 2,
    excludePartners: new Set(['evz']),
    nowMs: NOW,
    random,
  }));
}

const headlineOf = service ? pushed : synthetic;

/** Cold queries: every one a new article (new title and keywords), a third of them stored ones. */
function queries(n: number, size: number): RankQuery[] {
  if (service) return coldRow(n);
  return Array.from({ length: n }, (_, i) => {
    const topic = Math.floor(random() * CATEGORIES.length);
    const q: RankQuery = {
      title: text(topic, 8 + Math.floor(random() * 6)),
      limit: 6,
      maxPerOutlet: 2,
      excludePartners: new Set([`p${i % 40}`]),
      nowMs: NOW,
      engagement: (id: string) => (id.endsWith('7') ? { impressions: 500, clicks: 15 } : undefined),
      random,
    };
    if (i % 3 === 0) q.articleUrl = `https://p${i % 40}.ro/a/${Math.floor(random() * size)}`;
    if (i % 2 === 0) q.section = CATEGORIES[topic] ?? 'Știri';
    if (i % 4 === 0) q.keywords = [word(topic).toLowerCase(), word(topic).toLowerCase()];
    return q;
  });
}

const mb = (bytes: number) => bytes / 2 ** 20;

/** CPU time (user + system) since `c`, in µs: on a shared machine it leaves out time spent waiting. */
function cpuSince(c: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(c);
  return d.user + d.system;
}

interface Run {
  upsertUs: number;
  upsertCpuUs: number;
  cpu50: number;
  cpu90: number;
  cpu99: number;
  p50: number;
  p90: number;
  p99: number;
  headlinesMb: number;
  indexMb: number;
}

const learner = process.argv.includes('--learner');
/** The learner's counters: readers reported something, nothing yet about these headlines. */
const learned = new Map([['x|*', { clicks: 30, exposure: 1000 }]]);

/** One answer: the ranker's box, or (--learner) the box the learner picks from its wider list. */
function answer(index: HeadlineIndex, q: RankQuery): void {
  if (!learner) {
    index.rank(q);
    return;
  }
  const { limit, maxPerOutlet } = q;
  const ranked = index.rank({ ...q, limit: WIDE_LIMIT, maxPerOutlet: WIDE_LIMIT });
  const values = new LearningModel((key) => learned.get(key)).values(ranked, 'context');
  const box = rerank({ ranked, limit, maxPerOutlet, learned: (item) => values.get(item.kind.id) ?? 0 });
  if (box.length === 0 && ranked.length > 0) throw new Error('empty box');
}

const profileArg = process.argv.indexOf('--profile');
const underCallgrind = process.argv.includes('--callgrind');

/**
 * Under `valgrind --tool=callgrind --instr-atstart=no` (with --callgrind): instrumentation on or off. The
 * tool reads callgrind_control's command only while this process runs, so it waits here until the command is done.
 */
function callgrind(mode: 'on' | 'off'): void {
  if (!underCallgrind) return;
  const done = `/tmp/rank-micro-callgrind-${process.pid}`;
  rmSync(done, { force: true });
  spawn('sh', ['-c', `callgrind_control -i ${mode} ${process.pid} >/dev/null && touch ${done}`], {
    stdio: 'ignore',
  });
  // Short sleeps, not a busy loop: what runs here once instrumentation is on is counted too.
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const until = Date.now() + 120_000;
  while (!existsSync(done) && Date.now() < until) Atomics.wait(nap, 0, 0, 5);
  rmSync(done, { force: true });
}
const queryArg = process.argv.indexOf('--queries');

function run(size: number, queryCount: number): Run {
  const qs = queries(queryCount, size);
  const warm = queries(200, size);
  global.gc?.();
  const start = process.memoryUsage();
  const docs = Array.from({ length: size }, (_, i) => headlineOf(i));
  global.gc?.();
  const before = process.memoryUsage();
  const index = new HeadlineIndex({ halfLifeHours: 24, categoryHalfLifeHours: { Sport: 12 } });
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  for (const h of docs) index.upsert(h);
  const upsertCpuUs = cpuSince(c0);
  const upsertMs = performance.now() - t0;
  // Warm up the JIT on other queries, then time each cold query once.
  for (const q of warm) answer(index, q);
  const times: number[] = [];
  const cpu: number[] = [];
  const profiler = profileArg > 0 ? new Session() : undefined;
  profiler?.connect();
  profiler?.post('Profiler.enable');
  profiler?.post('Profiler.setSamplingInterval', { interval: 100 });
  profiler?.post('Profiler.start');
  callgrind('on');
  for (const q of qs) {
    const s = performance.now();
    const c = process.cpuUsage();
    answer(index, q);
    cpu.push(cpuSince(c));
    times.push((performance.now() - s) * 1000);
  }
  callgrind('off');
  profiler?.post('Profiler.stop', (err, res) => {
    if (err === null)
      writeFileSync(`${process.argv[profileArg + 1]}-${size}.cpuprofile`, JSON.stringify(res.profile));
  });
  profiler?.disconnect();
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const at = (xs: number[], p: number) => xs[Math.floor(p * (xs.length - 1))] ?? 0;
  // The input headline objects go, as in the service (parsed from the store, handed over, dropped): what
  // stays is the index with the served fields of every headline. JS heap plus typed-array buffers.
  docs.length = 0;
  global.gc?.();
  const after = process.memoryUsage();
  const headlinesMb = mb(before.heapUsed - start.heapUsed);
  const indexMb = mb(after.heapUsed - start.heapUsed + after.arrayBuffers - start.arrayBuffers);
  if (index.size !== size) throw new Error('lost headlines');
  return {
    upsertUs: (upsertMs / size) * 1000,
    upsertCpuUs: upsertCpuUs / size,
    p50: at(times, 0.5),
    p90: at(times, 0.9),
    p99: at(times, 0.99),
    cpu50: at(cpu, 0.5),
    cpu90: at(cpu, 0.9),
    cpu99: at(cpu, 0.99),
    headlinesMb,
    indexMb,
  };
}

/** Each query's boxes under its own seeded random source (a change in one query's draws stays in it). */
function boxes(size: number, queryCount: number): string[] {
  const qs = queries(queryCount, size);
  const index = new HeadlineIndex({ halfLifeHours: 24, categoryHalfLifeHours: { Sport: 12 } });
  for (let i = 0; i < size; i++) index.upsert(headlineOf(i));
  return qs.map((q, i) => {
    q.random = seeded(1000 + i);
    const items = index.rank(q);
    return `${size} ${i}: ${items.map((r) => `${r.headline.id}${r.reason === 'relevant' ? '' : '~'}`).join(' ')}`;
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? 0;
const runsArg = process.argv.indexOf('--runs');
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1] ?? 3) : 3;
const quick = process.argv.includes('--quick');
const boxesArg = process.argv.indexOf('--boxes');
if (boxesArg > 0) {
  const lines = (quick ? [20_000] : [20_000, 100_000]).flatMap((size) => boxes(size, 1000));
  writeFileSync(process.argv[boxesArg + 1] ?? 'boxes.txt', `${lines.join('\n')}\n`);
  process.exit(0);
}
console.log(
  `vocabulary: ${STEMS.length} stems + ${NAMES.length} names, ${distinctForms} distinct word forms (Zipf); ${runs} run(s) per size, min / median`,
);
for (const size of quick ? [20_000] : [20_000, 100_000]) {
  const rs = Array.from({ length: runs }, () =>
    run(size, queryArg > 0 ? Number(process.argv[queryArg + 1]) : 1000),
  );
  const cell = (f: (r: Run) => number, digits = 0) =>
    `${Math.min(...rs.map(f)).toFixed(digits)} / ${median(rs.map(f)).toFixed(digits)}`;
  console.log(
    `${String(size).padStart(7)} headlines | upsert ${cell((r) => r.upsertUs, 1)} µs each (CPU ${cell((r) => r.upsertCpuUs, 1)}) | index with served fields ${cell((r) => r.indexMb)} MB (input headline objects ${cell((r) => r.headlinesMb)} MB, released)`,
  );
  console.log(
    `${''.padStart(17)} | rank wall p50 ${cell((r) => r.p50)} µs, p90 ${cell((r) => r.p90)}, p99 ${cell((r) => r.p99)} | CPU p50 ${cell((r) => r.cpu50)} µs, p90 ${cell((r) => r.cpu90)}, p99 ${cell((r) => r.cpu99)}`,
  );
}
