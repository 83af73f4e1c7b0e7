// Real-data replay of the exchange (../shared/data/real-headlines/dev.json, read at run time, never stored):
// epochs of 60 h of outlets pushing their own headlines under their raw section paths, then the articles of
// the next hours ask for a box in three ways. The topic label only judges; the ranker never sees it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Headline } from '../src/domain.js';
import { analyze, HeadlineIndex, type RankQuery } from '../src/ranking/index.js';
import { headlineId } from '../src/services/headlines.js';
import { canonicalUrl } from '../src/shared/urls.js';
import { seeded } from '../tests/fixtures/eval/harness.js';
import { numberArg } from './args.js';

export interface RealRecord {
  title: string;
  url: string;
  outlet: string;
  section: string;
  sectionRaw: string;
  publishedAt: string;
}

const HOUR = 3_600_000;
const STREAM_HOURS = 60;
const ASK_HOURS = 12;
const K = 6;
const MAX_PER_OUTLET = 2;
/** Hosts asked per topic per epoch, spread over outlets. */
const HOSTS_PER_TOPIC = 3;
/** Most headlines live three days; every fifth one is short-lived, so the expiry rule is exercised. */
const LIFETIME_HOURS = 72;
const SHORT_LIFETIME_HOURS = 14;

export const WAYS = ['title + section', 'title alone', 'URL alone'] as const;
export type Way = (typeof WAYS)[number];
export const BASELINES = ['BM25 + Snowball (title)', 'BM25 (title + category)'] as const;

export interface Tally {
  hosts: number;
  hits: number;
  /** Answers with as many cards as the rules allow (up to K). */
  full: number;
  ownOutlet: number;
  self: number;
  expired: number;
  future: number;
  overOutlet: number;
  /** Cards that tell the same story (identical folded title) as an earlier card of the same box. */
  repeats: number;
}

function tally(): Tally {
  return {
    hosts: 0,
    hits: 0,
    full: 0,
    ownOutlet: 0,
    self: 0,
    expired: 0,
    future: 0,
    overOutlet: 0,
    repeats: 0,
  };
}

export function precision(t: Tally): number {
  return t.hosts === 0 ? 0 : t.hits / (t.hosts * K);
}

export function faults(t: Tally): number {
  return t.ownOutlet + t.self + t.expired + t.future + t.overOutlet;
}

export interface PeriodResult {
  name: string;
  epochs: number;
  ways: Record<Way, Tally>;
  baselines: Record<Way, Record<string, Tally>>;
  /** Hosts left out: fewer than K allowed on-topic headlines were live, so no box could score K of K. */
  skipped: number;
}

/**
 * The dev file beside the repository root (or beside the main checkout, for a git worktree); undefined
 * when there is no shared data.
 */
export function realDataPath(repoRoot: string): string | undefined {
  const roots = [repoRoot];
  try {
    const common = execFileSync('git', ['rev-parse', '--path-format=absolute', '--git-common-dir'], {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    roots.push(path.dirname(common));
  } catch {
    // Not a git checkout: the repository root alone.
  }
  for (const root of roots) {
    const file = path.resolve(root, '../shared/data/real-headlines/dev.json');
    if (existsSync(file)) return file;
  }
  return undefined;
}

export function loadReal(file: string): RealRecord[] {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as RealRecord[];
  const seen = new Set<string>();
  const out: RealRecord[] = [];
  for (const r of raw) {
    if (seen.has(r.url) || !Number.isFinite(Date.parse(r.publishedAt))) continue;
    seen.add(r.url);
    out.push(r);
  }
  return out.sort((a, b) => Date.parse(a.publishedAt) - Date.parse(b.publishedAt));
}

/** What a partner pushes as its category: the URL folders of the article, "stiri / externe". */
export function pushedCategory(sectionRaw: string): string {
  return sectionRaw.split('/').filter(Boolean).join(' / ').slice(0, 60);
}

interface Item {
  rec: RealRecord;
  headline: Headline;
  pubMs: number;
  expMs: number;
  topic: string;
  titleKey: string;
  titleTerms: string[];
  catTerms: string[];
}

function toItem(rec: RealRecord, n: number): Item | undefined {
  const url = canonicalUrl(rec.url);
  if (url === undefined) return undefined;
  const pubMs = Date.parse(rec.publishedAt);
  const expMs = pubMs + (n % 5 === 4 ? SHORT_LIFETIME_HOURS : LIFETIME_HOURS) * HOUR;
  const headline: Headline = {
    id: headlineId(rec.outlet, url),
    partnerId: rec.outlet,
    url,
    title: rec.title,
    tags: [],
    publishedAt: new Date(pubMs).toISOString(),
    expiresAt: new Date(expMs).toISOString(),
    updatedAt: new Date(pubMs).toISOString(),
  };
  const category = pushedCategory(rec.sectionRaw);
  if (category !== '') headline.category = category;
  return {
    rec,
    headline,
    pubMs,
    expMs,
    topic: rec.section,
    titleKey: analyze(rec.title).join(' '),
    titleTerms: analyze(rec.title),
    catTerms: analyze(category),
  };
}

/** Plain BM25 over the live items of one epoch, grown as items arrive (the baselines). */
class Bm25 {
  private readonly docs: Array<{ item: Item; terms: string[] }> = [];
  private readonly df = new Map<string, number>();
  private lenSum = 0;

  constructor(private readonly fields: (item: Item) => string[]) {}

  add(item: Item): void {
    const terms = this.fields(item);
    this.docs.push({ item, terms });
    this.lenSum += terms.length;
    for (const t of new Set(terms)) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  rank(query: string[], allowed: (item: Item) => boolean): Item[] {
    const n = this.docs.length;
    const avg = this.lenSum / Math.max(1, n);
    const q = new Set(query);
    const scored: Array<{ item: Item; s: number }> = [];
    for (const d of this.docs) {
      if (!allowed(d.item)) continue;
      let s = 0;
      for (const t of q) {
        let tf = 0;
        for (const x of d.terms) if (x === t) tf++;
        if (tf === 0) continue;
        const dfi = this.df.get(t) ?? 0;
        s +=
          (Math.log(1 + (n - dfi + 0.5) / (dfi + 0.5)) * tf * 2.2) /
          (tf + 1.2 * (0.25 + (0.75 * d.terms.length) / avg));
      }
      scored.push({ item: d.item, s: s + d.item.pubMs / 1e15 });
    }
    scored.sort((a, b) => b.s - a.s);
    const out: Item[] = [];
    const perOutlet = new Map<string, number>();
    for (const { item } of scored) {
      if (out.length >= K) break;
      const o = item.rec.outlet;
      if ((perOutlet.get(o) ?? 0) >= MAX_PER_OUTLET) continue;
      perOutlet.set(o, (perOutlet.get(o) ?? 0) + 1);
      out.push(item);
    }
    return out;
  }
}

/** Hosts of one ask window: up to HOSTS_PER_TOPIC per topic, outlets taken in turn. */
function pickHosts(window: readonly Item[], random: () => number): Set<Item> {
  const byTopic = new Map<string, Map<string, Item[]>>();
  for (const it of window) {
    let outlets = byTopic.get(it.topic);
    if (outlets === undefined) {
      outlets = new Map();
      byTopic.set(it.topic, outlets);
    }
    const list = outlets.get(it.rec.outlet) ?? [];
    list.push(it);
    outlets.set(it.rec.outlet, list);
  }
  const hosts = new Set<Item>();
  for (const outlets of byTopic.values()) {
    const lists = [...outlets.values()].map((l) => [...l].sort(() => random() - 0.5));
    let taken = 0;
    for (let round = 0; taken < HOSTS_PER_TOPIC && lists.some((l) => l.length > round); round++) {
      for (const l of lists) {
        const it = l[round];
        if (it === undefined || taken >= HOSTS_PER_TOPIC) continue;
        hosts.add(it);
        taken++;
      }
    }
  }
  return hosts;
}

function judge(t: Tally, host: Item, shown: readonly Item[], nowMs: number, possible: number): void {
  t.hosts++;
  if (shown.length >= possible) t.full++;
  const perOutlet = new Map<string, number>();
  const titles = new Set<string>();
  for (const it of shown.slice(0, K)) {
    if (it.topic === host.topic) t.hits++;
    if (it.rec.outlet === host.rec.outlet) t.ownOutlet++;
    if (it.headline.url === host.headline.url) t.self++;
    if (it.expMs <= nowMs) t.expired++;
    if (it.pubMs > nowMs) t.future++;
    perOutlet.set(it.rec.outlet, (perOutlet.get(it.rec.outlet) ?? 0) + 1);
    if (titles.has(it.titleKey)) t.repeats++;
    titles.add(it.titleKey);
  }
  if ([...perOutlet.values()].some((n) => n > MAX_PER_OUTLET)) t.overOutlet++;
}

/** Allowed cards under the rules, and how many of them a perfect box would show (total and on topic). */
function capacity(live: readonly Item[], host: Item, nowMs: number): { all: number; onTopic: number } {
  const all = new Map<string, number>();
  const on = new Map<string, number>();
  for (const it of live) {
    if (it.rec.outlet === host.rec.outlet || it.expMs <= nowMs || it.headline.url === host.headline.url)
      continue;
    all.set(it.rec.outlet, (all.get(it.rec.outlet) ?? 0) + 1);
    if (it.topic === host.topic) on.set(it.rec.outlet, (on.get(it.rec.outlet) ?? 0) + 1);
  }
  const sum = (m: Map<string, number>) =>
    Math.min(
      K,
      [...m.values()].reduce((s, n) => s + Math.min(MAX_PER_OUTLET, n), 0),
    );
  return { all: sum(all), onTopic: sum(on) };
}

function query(nowMs: number, host: Item, ask: Partial<RankQuery>): RankQuery {
  return {
    ...ask,
    limit: K,
    maxPerOutlet: MAX_PER_OUTLET,
    excludePartners: new Set([host.rec.outlet]),
    nowMs,
    random: seeded(7),
  };
}

/** One judged answer, for a closer look (`replay`'s observer). */
export interface Observed {
  way: Way;
  host: RealRecord;
  shown: RealRecord[];
}

/** Replays one period (records in time order) and returns its tallies; `observe` sees every answer. */
export function replay(
  name: string,
  records: readonly RealRecord[],
  observe?: (o: Observed) => void,
): PeriodResult {
  const items: Item[] = [];
  for (const r of records) {
    const it = toItem(r, items.length);
    if (it !== undefined) items.push(it);
  }
  const ways = { 'title + section': tally(), 'title alone': tally(), 'URL alone': tally() } as Record<
    Way,
    Tally
  >;
  const baselines = {} as Record<Way, Record<string, Tally>>;
  for (const w of WAYS) baselines[w] = Object.fromEntries(BASELINES.map((b) => [b, tally()]));
  let skipped = 0;
  // --host-seed N draws other hosts (the spread of a figure across draws; 11 by default).
  const random = seeded(numberArg('host-seed', 11));
  let epochs = 0;
  let i = 0;
  while (i < items.length) {
    const start = items[i]?.pubMs ?? 0;
    const askFrom = start + STREAM_HOURS * HOUR;
    const askTo = askFrom + ASK_HOURS * HOUR;
    let j = i;
    while (j < items.length && (items[j]?.pubMs ?? 0) < askFrom) j++;
    let k = j;
    while (k < items.length && (items[k]?.pubMs ?? 0) < askTo) k++;
    if (k === j) {
      i = k;
      continue;
    }
    epochs++;
    const index = new HeadlineIndex({ halfLifeHours: 24 });
    const titleBm = new Bm25((it) => it.titleTerms);
    const titleCatBm = new Bm25((it) => [...it.titleTerms, ...it.catTerms]);
    const live: Item[] = [];
    const push = (it: Item) => {
      index.upsert(it.headline);
      titleBm.add(it);
      titleCatBm.add(it);
      live.push(it);
    };
    for (let n = i; n < j; n++) {
      const it = items[n];
      if (it !== undefined) push(it);
    }
    const window = items.slice(j, k);
    const hosts = pickHosts(window, random);
    const byId = new Map<string, Item>();
    for (const it of items.slice(i, k)) byId.set(it.headline.id, it);
    const shownOf = (ids: readonly string[]) => ids.flatMap((id) => byId.get(id) ?? []);
    for (const it of window) {
      if (!hosts.has(it)) {
        push(it);
        continue;
      }
      // The page asks a few minutes after publication; its own headline may or may not be pushed yet.
      const nowMs = it.pubMs + 5 * 60_000;
      const cap = capacity(live, it, nowMs);
      if (cap.onTopic < K) {
        skipped++;
        push(it);
        continue;
      }
      const section = pushedCategory(it.rec.sectionRaw);
      const allowed = (x: Item) =>
        x.rec.outlet !== it.rec.outlet && x.expMs > nowMs && x.headline.url !== it.headline.url;
      const asks: Array<[Way, Partial<RankQuery>]> = [
        ['title + section', { title: it.rec.title, section }],
        ['title alone', { title: it.rec.title }],
      ];
      for (const [way, ask] of asks) {
        const shown = shownOf(index.rank(query(nowMs, it, ask)).map((r) => r.headline.id));
        judge(ways[way], it, shown, nowMs, cap.all);
        observe?.({ way, host: it.rec, shown: shown.map((x) => x.rec) });
        const b = baselines[way];
        const titleOnly = b[BASELINES[0]];
        const withCat = b[BASELINES[1]];
        if (titleOnly !== undefined)
          judge(titleOnly, it, titleBm.rank(it.titleTerms, allowed), nowMs, cap.all);
        const q = way === 'title + section' ? [...it.titleTerms, ...analyze(section)] : it.titleTerms;
        if (withCat !== undefined) judge(withCat, it, titleCatBm.rank(q, allowed), nowMs, cap.all);
      }
      push(it);
      const byUrl = shownOf(
        index.rank(query(nowMs, it, { articleUrl: it.headline.url })).map((r) => r.headline.id),
      );
      judge(ways['URL alone'], it, byUrl, nowMs, cap.all);
      observe?.({ way: 'URL alone', host: it.rec, shown: byUrl.map((x) => x.rec) });
    }
    i = k;
  }
  return { name, epochs, ways, baselines, skipped };
}

/** Periods of the bench: tuning months, held-out months, and the whole file. */
export function periods(records: readonly RealRecord[]): Array<[string, RealRecord[]]> {
  const month = (r: RealRecord) => r.publishedAt.slice(0, 7);
  return [
    ['March–April (tuning)', records.filter((r) => month(r) <= '2026-04')],
    ['May–June (held out)', records.filter((r) => month(r) >= '2026-05')],
    ['whole file', [...records]],
  ];
}

export function printReplay(results: readonly PeriodResult[]): void {
  for (const r of results) {
    console.log(`\nreal headlines, ${r.name}: ${r.epochs} epochs, ${r.ways['URL alone'].hosts} hosts`);
    console.log(
      [
        'asked with'.padEnd(18),
        'service',
        ...BASELINES.map((b) => b.padStart(24)),
        'faults',
        'full box',
        'repeats',
      ].join(' | '),
    );
    for (const w of WAYS) {
      const t = r.ways[w];
      const cells = [
        w.padEnd(18),
        precision(t).toFixed(3).padStart(7),
        ...BASELINES.map((b) => {
          const bt = r.baselines[w][b];
          return (w === 'URL alone' || bt === undefined ? '–' : precision(bt).toFixed(3)).padStart(24);
        }),
        String(faults(t)).padStart(6),
        `${((100 * t.full) / Math.max(1, t.hosts)).toFixed(1)}%`.padStart(8),
        String(t.repeats).padStart(7),
      ];
      console.log(cells.join(' | '));
    }
    console.log(`(${r.skipped} hosts left out: fewer than ${K} allowed on-topic headlines were live)`);
  }
}

/** Where a period's misses fall: per way, boxes by on-topic cards, and the host sections missing most. */
export class MissReport {
  private readonly boxes = new Map<Way, number[]>();
  private readonly bySection = new Map<string, { hosts: number; misses: number }>();

  constructor(private readonly topSections = 12) {}

  /** The observer to pass to `replay`. */
  readonly observe = (o: Observed): void => {
    const hits = o.shown.slice(0, K).filter((x) => x.section === o.host.section).length;
    const boxes = this.boxes.get(o.way) ?? new Array<number>(K + 1).fill(0);
    boxes[hits] = (boxes[hits] ?? 0) + 1;
    this.boxes.set(o.way, boxes);
    const key = `${o.way} | ${o.host.section} | ${o.host.outlet} ${o.host.sectionRaw}`;
    const s = this.bySection.get(key) ?? { hosts: 0, misses: 0 };
    s.hosts++;
    s.misses += K - hits;
    this.bySection.set(key, s);
  };

  print(): void {
    for (const [way, boxes] of this.boxes)
      console.log(`${way.padEnd(18)} boxes with 0..${K} on-topic cards: ${boxes.join(' ')}`);
    const worst = [...this.bySection].sort((a, b) => b[1].misses - a[1].misses).slice(0, this.topSections);
    for (const [key, s] of worst)
      console.log(`  ${String(s.misses).padStart(4)} misses, ${String(s.hosts).padStart(3)} hosts: ${key}`);
  }
}
