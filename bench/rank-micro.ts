// rank() cost and memory at 20k and 100k synthetic live headlines (vocabulary from the Romanian eval set).
import { performance } from 'node:perf_hooks';
import type { Headline } from '../src/domain.js';
import { HeadlineIndex } from '../src/ranking/index.js';
import { loadEvalSet, seeded } from '../tests/fixtures/eval/harness.js';

const set = loadEvalSet('./set-a.json');
const words = [...new Set(set.headlines.flatMap((h) => `${h.title} ${h.summary ?? ''}`.split(/\s+/)))].filter(
  (w) => w.length > 2,
);
const categories = [...new Set(set.headlines.flatMap((h) => h.category ?? []))];
const random = seeded(11);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() ** 1.6 * xs.length)] as T;
const NOW = Date.parse('2026-11-29T12:00:00Z');

function synthetic(i: number): Headline {
  // Each headline mixes a topic "cluster" of words with rare synthetic ones, like a real stream.
  const base = Math.floor(random() * words.length);
  const title = Array.from({ length: 8 + Math.floor(random() * 6) }, (_, j) =>
    j % 3 === 2
      ? `nume${Math.floor(random() * 50_000)}`
      : (words[(base + Math.floor(random() * 40)) % words.length] ?? ''),
  ).join(' ');
  const published = NOW - random() * 70 * 3_600_000;
  const h: Headline = {
    id: `s-${i}`,
    partnerId: `p${i % 40}`,
    url: `https://p${i % 40}.ro/a/${i}`,
    title,
    summary: Array.from({ length: 15 }, () => pick(words)).join(' '),
    tags: [pick(words), pick(words)],
    publishedAt: new Date(published).toISOString(),
    expiresAt: new Date(published + 72 * 3_600_000).toISOString(),
    updatedAt: new Date(published).toISOString(),
  };
  if (i % 5 !== 0) h.category = pick(categories);
  return h;
}

function run(size: number): void {
  if (global.gc) global.gc();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new HeadlineIndex({ halfLifeHours: 24, categoryHalfLifeHours: { Sport: 12 } });
  const t0 = performance.now();
  for (let i = 0; i < size; i++) index.upsert(synthetic(i));
  const upsertMs = performance.now() - t0;
  const queries = set.hosts.map((h) => ({
    title: h.title ?? set.headlines[0]?.title ?? '',
    section: h.section,
  }));
  const engagement = (id: string) => (id.endsWith('7') ? { impressions: 500, clicks: 15 } : undefined);
  // Warm up (first call also learns the category similarity), then time.
  for (const q of queries) index.rank({ title: q.title, limit: 6, maxPerOutlet: 2, nowMs: NOW });
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    for (const q of queries) {
      const s = performance.now();
      index.rank({
        title: q.title,
        ...(q.section === undefined ? {} : { section: q.section }),
        limit: 6,
        maxPerOutlet: 2,
        excludePartners: new Set(['p1']),
        nowMs: NOW,
        engagement,
        random,
      });
      times.push(performance.now() - s);
    }
  }
  times.sort((a, b) => a - b);
  const q = (p: number) => (times[Math.floor(p * (times.length - 1))] ?? 0).toFixed(3);
  if (global.gc) global.gc();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  console.log(
    `${String(size).padStart(7)} headlines | upsert ${((upsertMs / size) * 1000).toFixed(1)} µs each | rank p50 ${q(0.5)} ms, p90 ${q(0.9)} ms, p99 ${q(0.99)} ms | index heap ≈ ${heapMb.toFixed(0)} MB`,
  );
}

for (const size of [20_000, 100_000]) run(size);
