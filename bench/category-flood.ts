// `npm run bench:categories [-- --headlines 40000] [--partners 10] [--per 2]`: what partners' category names
// cost the ranking index, in one process, side by side: the same headlines under 50 shared categories
// (the reference), then each `--per` of them under a name of its own spread over `--partners` outlets.
// Prints per-headline ingest time, a forced topic-model refresh, answer times and the heap. Not part of
// `npm test`.
import { HeadlineIndex } from '../src/ranking/headline-index.js';
import type { Stages } from '../src/ranking/stages.js';
import { numberArg } from './args.js';

const HEADLINES = numberArg('headlines', 40_000);
const PARTNERS = numberArg('partners', 10);
const PER = numberArg('per', 2);
const QUERIES = 50;

interface Run {
  label: string;
  categories: number;
  ingestUs: number;
  refreshMs: number;
  rankMedianMs: number;
  rankMaxMs: number;
  heapMb: number;
  learned: number;
}

function run(label: string, categoryOf: (i: number) => string): Run {
  const idx = new HeadlineIndex({ halfLifeHours: 24 });
  const now = Date.now();
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < HEADLINES; i++) {
    const pub = new Date(now - (i % 36_000) * 1000).toISOString();
    const partner = `p${i % PARTNERS}`;
    idx.upsert({
      id: `h${i}`,
      partnerId: partner,
      url: `https://${partner}.ro/a${i}`,
      title: `Știre ${i} despre subiectul ${i % 997} din orașul ${i % 97} și județul ${i % 41}`,
      tags: [],
      publishedAt: pub,
      expiresAt: new Date(now + 86_400_000).toISOString(),
      updatedAt: pub,
      category: categoryOf(i),
    });
  }
  const ingestUs = ((performance.now() - t0) * 1000) / HEADLINES;
  // The index's own model, to time one refresh as ingestion would run it.
  const model = (idx as unknown as { s: Stages }).s.topics.model;
  const t1 = performance.now();
  model.refresh(true);
  const refreshMs = performance.now() - t1;
  const times: number[] = [];
  for (let q = 0; q < QUERIES; q++) {
    const t = performance.now();
    idx.rank({ title: `Subiectul ${q} din orașul ${q % 97}`, limit: 6, maxPerOutlet: 2, nowMs: now });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  let learned = 0;
  for (let c = 0; c < model.categories; c++) if (model.isActive(c)) learned++;
  globalThis.gc?.();
  return {
    label,
    categories: model.liveCategories,
    ingestUs,
    refreshMs,
    rankMedianMs: times[Math.floor(QUERIES / 2)] ?? 0,
    rankMaxMs: times[QUERIES - 1] ?? 0,
    heapMb: (process.memoryUsage().heapUsed - heap0) / 1048576,
    learned,
  };
}

const reference = run('50 shared categories', (i) => `rubrica ${i % 50}`);
const flood = run(`a name per ${PER} headlines`, (i) => `rubrica ${Math.floor(i / PER)}`);
console.log(`${HEADLINES} headlines of ${PARTNERS} outlets`);
console.log(
  'categories sent          | model | learned | ingest µs | refresh ms | answer ms (median / max) | heap MB',
);
for (const r of [reference, flood])
  console.log(
    `${r.label.padEnd(24)} | ${String(r.categories).padStart(5)} | ${String(r.learned).padStart(7)} | ${r.ingestUs.toFixed(0).padStart(9)} | ${r.refreshMs.toFixed(0).padStart(10)} | ${`${r.rankMedianMs.toFixed(1)} / ${r.rankMaxMs.toFixed(1)}`.padStart(24)} | ${r.heapMb.toFixed(0).padStart(7)}`,
  );
console.log(
  `ratios flood / reference: ingest ${(flood.ingestUs / reference.ingestUs).toFixed(1)}×, refresh ${(flood.refreshMs / Math.max(0.1, reference.refreshMs)).toFixed(1)}×, answer ${(flood.rankMedianMs / Math.max(0.01, reference.rankMedianMs)).toFixed(1)}×`,
);
