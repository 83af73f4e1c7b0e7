// How much an index rebuilt from the store (a starting instance, or the periodic resync) serves the boxes the
// instance fed live by pushes serves: N synthetic headlines (bench/synthetic.ts) pushed in batches of 500 per
// outlet, against the same headlines in the store's scan order (partner by partner, by expiry) and shuffled;
// the same queries (a stored article, seeded exploration) on each. `npx tsx bench/rebuild-boxes.ts
// [--headlines N] [--queries N]`.
import type { Headline } from '../src/domain.js';
import { HeadlineIndex, type RankQuery } from '../src/ranking/index.js';
import { headlineId } from '../src/services/headlines.js';
import { numberArg } from './args.js';
import { OUTLETS, seeded, syntheticHeadline } from './synthetic.js';

const size = numberArg('headlines', 20_000);
const queries = numberArg('queries', 1_000);
const random = seeded(1000);
const now = Date.now();
const pushed: Headline[] = [];
for (let i = 0; i < size; i++) {
  const outlet = OUTLETS[Math.floor(i / 500) % OUTLETS.length] ?? 'outlet-0';
  const item = syntheticHeadline(outlet, i, random, now);
  pushed.push({
    ...item,
    id: headlineId(outlet, item.url),
    partnerId: outlet,
    expiresAt: new Date(Date.parse(item.publishedAt) + 72 * 3_600_000).toISOString(),
    updatedAt: new Date(now).toISOString(),
  });
}
const byPartner = (a: Headline, b: Headline) =>
  a.partnerId.localeCompare(b.partnerId) || Date.parse(a.expiresAt) - Date.parse(b.expiresAt);
const shuffle = seeded(7);
const orders: Record<string, Headline[]> = {
  scan: [...pushed].sort(byPartner),
  shuffled: [...pushed]
    .map((h) => ({ h, k: shuffle() }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.h),
};

function live(items: readonly Headline[]): HeadlineIndex {
  const index = new HeadlineIndex({ halfLifeHours: 24 });
  for (const h of items) index.upsert(h);
  return index;
}

function rebuilt(items: readonly Headline[]): HeadlineIndex {
  const index = new HeadlineIndex({ halfLifeHours: 24 });
  index.beginLoad();
  for (const h of items) index.upsert(h);
  index.finishLoad();
  return index;
}

const pick = seeded(99);
const hosts = Array.from({ length: queries }, () => pushed[Math.floor(pick() * pushed.length)]);
function boxes(index: HeadlineIndex): string[] {
  return hosts.map((h, i) => {
    if (h === undefined) return '';
    const q: RankQuery = {
      articleUrl: h.url,
      title: h.title,
      limit: 6,
      maxPerOutlet: 2,
      excludePartners: new Set([h.partnerId]),
      nowMs: now,
      random: seeded(i + 1),
    };
    if (h.category !== undefined) q.section = h.category;
    return index
      .rank(q)
      .map((r) => r.headline.id)
      .join(',');
  });
}

const same = (a: string[], b: string[]) => a.filter((x, i) => x === b[i]).length / a.length;
const overlap = (a: string[], b: string[]) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const x = new Set((a[i] ?? '').split(','));
    const y = (b[i] ?? '').split(',');
    s += y.filter((id) => x.has(id)).length / Math.max(1, y.length);
  }
  return s / a.length;
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const fed = boxes(live(pushed));
for (const [what, build] of [
  ['upserts', live],
  ['bulk load', rebuilt],
] as const) {
  const scan = boxes(build(orders.scan ?? []));
  const shuffled = boxes(build(orders.shuffled ?? []));
  process.stdout.write(
    `${what}: identical boxes vs live-fed: scan order ${pct(same(fed, scan))} (items shared ${pct(overlap(fed, scan))}), shuffled ${pct(same(fed, shuffled))} (${pct(overlap(fed, shuffled))}); scan vs shuffled ${pct(same(scan, shuffled))}\n`,
  );
}
