// In-memory index of live headlines and the ranker of the "Citește și" box: BM25F over posting lists,
// a learned term→category model with pseudo-relevance feedback, freshness decay, Thompson-sampled CTR,
// hard rules, diversity and a freshest-first fallback.
import type { Headline } from '../domain.js';
import {
  BM25_K1,
  ctrFactor,
  FIELD_B,
  FIELD_WEIGHT,
  freshness,
  idf,
  isNearDuplicate,
  packTf,
  pooledCtr,
  unpackTf,
} from './scoring.js';
import { analyze, foldKey } from './text.js';
import { TimeList } from './time-list.js';
import { type CategoryDist, CategoryModel, type TermWeights, topicAffinity } from './topics.js';
import type { Engagement, RankedItem, RankingOptions, RankQuery } from './types.js';

interface Doc {
  slot: number;
  headline: Headline;
  urlKey: string;
  catKey: string;
  catId: number | undefined;
  pubMs: number;
  expMs: number;
  halfLifeHours: number;
  /** Field lengths in terms: title, tags, summary, category. */
  lens: readonly [number, number, number, number];
  /** Unique term ids of every field (their postings hold this slot). */
  terms: Int32Array;
  /** Sorted unique title term ids, for near-duplicate detection. */
  title: Int32Array;
  /** Title and tag term ids, the source of pseudo-relevance feedback terms. */
  keyTerms: Int32Array;
  /** Weights of `terms` for the category model. */
  weights: Uint8Array;
  dist: CategoryDist | undefined;
  distEpoch: number;
}

interface Postings {
  slots: number[];
  tfs: number[];
  df: number;
}

interface Candidate {
  doc: Doc;
  bm25: number;
  topic: number;
  relevance: number;
  score: number;
}

/** Ranking constants; the reasons are in the comments next to their use. */
const MAX_QUERY_TERMS = 14;
const LEXICAL_CANDIDATES = 150;
const MAX_POSTINGS_SCAN = 1500;
/** Terms in more than this share of the headlines only rank, they do not generate candidates. */
const COMMON_DF_SHARE = 0.05;
const TOPIC_CATEGORIES = 4;
const TOPIC_PER_CATEGORY = 25;
const REFINE = 60;
const PRF_DOCS = 5;
const PRF_TERMS = 6;
const TOPIC_FEEDBACK = 0.2;
const PRF_WEIGHT = 0.35;
const TOPIC_SHARE = 0.7;
const RELEVANT_AT = 0.3;
/** Below RELEVANT_AT but still on topic: preferred over merely fresh items when filling. */
const WEAK_AT = 0.08;
const FALLBACK_SCAN = 20_000;
const HOST_DUPLICATE = { cosine: 0.7, common: 4 };

const FIELD_ORDER = ['title', 'tags', 'summary', 'category'] as const;

/** Comparison key of a canonical URL: lower-case scheme and host, no fragment, no trailing slash. */
export function urlKey(url: string): string {
  try {
    const u = new URL(url.trim());
    u.hash = '';
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
    return `${u.protocol}//${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return url.trim();
  }
}

function countTerms(ids: readonly number[]): Map<number, number> {
  const m = new Map<number, number>();
  for (const id of ids) m.set(id, (m.get(id) ?? 0) + 1);
  return m;
}

function sortedUnique(ids: Iterable<number>): Int32Array {
  return Int32Array.from(new Set(ids)).sort();
}

export class HeadlineIndex {
  private readonly defaultHalfLife: number;
  private readonly halfLives = new Map<string, number>();
  private readonly termIds = new Map<string, number>();
  private postings: Postings[] = [];
  private docs: Array<Doc | undefined> = [];
  private freeSlots: number[] = [];
  private deadSlots: number[] = [];
  private readonly byId = new Map<string, number>();
  private readonly byUrl = new Map<string, Set<number>>();
  private readonly byTime = new TimeList();
  private readonly byCategory = new Map<string, TimeList>();
  private readonly model = new CategoryModel((key, max) => this.sampleCategory(key, max));
  private readonly lenSums = [0, 0, 0, 0];
  private sortedTerms: string[] = [];
  private live = 0;
  private acc = new Float64Array(1024);
  private stamp = new Uint32Array(1024);
  private queryNo = 0;

  constructor(options: RankingOptions) {
    this.defaultHalfLife = options.halfLifeHours;
    for (const [k, v] of Object.entries(options.categoryHalfLifeHours ?? {}))
      this.halfLives.set(foldKey(k), v);
  }

  get size(): number {
    return this.live;
  }

  get(id: string): Headline | undefined {
    const slot = this.byId.get(id);
    return slot === undefined ? undefined : this.docs[slot]?.headline;
  }

  findByUrl(url: string): Headline[] {
    const out: Headline[] = [];
    for (const slot of this.byUrl.get(urlKey(url)) ?? []) {
      const d = this.docs[slot];
      if (d !== undefined) out.push(d.headline);
    }
    return out;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.postings.length;
      this.termIds.set(term, id);
      this.postings.push({ slots: [], tfs: [], df: 0 });
    }
    return id;
  }

  upsert(h: Headline): void {
    this.remove(h.id);
    const fields = [
      analyze(h.title),
      h.tags.flatMap((t) => analyze(t)),
      analyze(h.summary ?? ''),
      analyze(h.category ?? ''),
    ].map((terms) => terms.map((t) => this.termId(t)));
    const [title = [], tags = [], summary = [], category = []] = fields;
    const counts = fields.map(countTerms);
    const slot = this.freeSlots.pop() ?? this.docs.length;
    const catKey = h.category === undefined ? '' : foldKey(h.category);
    const all = new Set<number>([...title, ...tags, ...summary, ...category]);
    const terms = Int32Array.from(all);
    const weights = new Uint8Array(terms.length);
    for (let k = 0; k < terms.length; k++) {
      const id = terms[k] ?? 0;
      const tf = (f: number) => counts[f]?.get(id) ?? 0;
      const p = this.postings[id];
      if (p === undefined) continue;
      p.slots.push(slot);
      p.tfs.push(packTf(tf(0), tf(1), tf(2), tf(3)));
      p.df++;
      // Title evidence counts double for the category model; each field once (headlines are bursty).
      const weight = (tf(0) > 0 ? 2 : 0) + (tf(1) > 0 ? 1 : 0) + (tf(2) > 0 ? 1 : 0) + (tf(3) > 0 ? 1 : 0);
      weights[k] = weight;
    }
    const pubMs = Date.parse(h.publishedAt);
    const doc: Doc = {
      slot,
      headline: h,
      urlKey: urlKey(h.url),
      catKey,
      catId: undefined,
      pubMs: Number.isFinite(pubMs) ? pubMs : 0,
      expMs: Date.parse(h.expiresAt),
      halfLifeHours: this.halfLives.get(catKey) ?? this.defaultHalfLife,
      lens: [title.length, tags.length, summary.length, category.length],
      terms,
      title: sortedUnique(title),
      keyTerms: sortedUnique([...title, ...tags]),
      weights,
      dist: undefined,
      distEpoch: -1,
    };
    if (Number.isNaN(doc.expMs)) doc.expMs = Number.POSITIVE_INFINITY;
    this.docs[slot] = doc;
    this.live++;
    for (let f = 0; f < 4; f++) this.lenSums[f] = (this.lenSums[f] ?? 0) + (doc.lens[f] ?? 0);
    this.byId.set(h.id, slot);
    let urls = this.byUrl.get(doc.urlKey);
    if (urls === undefined) {
      urls = new Set();
      this.byUrl.set(doc.urlKey, urls);
    }
    urls.add(slot);
    this.byTime.insert(slot, doc.pubMs);
    if (catKey !== '') {
      this.model.add(catKey, { ids: terms, weights });
      doc.catId = this.model.categoryId(catKey);
      let list = this.byCategory.get(catKey);
      if (list === undefined) {
        list = new TimeList();
        this.byCategory.set(catKey, list);
      }
      list.insert(slot, doc.pubMs);
    }
  }

  remove(id: string): boolean {
    const slot = this.byId.get(id);
    if (slot === undefined) return false;
    const doc = this.docs[slot];
    this.byId.delete(id);
    if (doc === undefined) return false;
    this.docs[slot] = undefined;
    this.live--;
    for (let f = 0; f < 4; f++) this.lenSums[f] = (this.lenSums[f] ?? 0) - (doc.lens[f] ?? 0);
    for (const t of doc.terms) {
      const p = this.postings[t];
      if (p !== undefined) p.df--;
    }
    const urls = this.byUrl.get(doc.urlKey);
    urls?.delete(slot);
    if (urls?.size === 0) this.byUrl.delete(doc.urlKey);
    if (doc.catKey !== '') this.model.remove(doc.catKey, { ids: doc.terms, weights: doc.weights });
    // Postings and time lists keep the dead slot until compaction; only then may the slot be reused.
    this.deadSlots.push(slot);
    if (this.deadSlots.length > Math.max(1024, this.live / 4)) this.compact();
    return true;
  }

  private compact(): void {
    const alive = (s: number) => this.docs[s] !== undefined;
    for (const p of this.postings) {
      if (p.df === p.slots.length) continue;
      const slots: number[] = [];
      const tfs: number[] = [];
      for (let i = 0; i < p.slots.length; i++) {
        const s = p.slots[i] ?? 0;
        if (!alive(s)) continue;
        slots.push(s);
        tfs.push(p.tfs[i] ?? 0);
      }
      p.slots = slots;
      p.tfs = tfs;
    }
    this.byTime.compact(alive);
    for (const [key, list] of this.byCategory) {
      list.compact(alive);
      if (list.length === 0) this.byCategory.delete(key);
    }
    this.freeSlots.push(...this.deadSlots);
    this.deadSlots = [];
  }

  pruneExpired(nowMs: number): string[] {
    const ids: string[] = [];
    for (const d of this.docs) if (d !== undefined && d.expMs <= nowMs) ids.push(d.headline.id);
    for (const id of ids) this.remove(id);
    return ids;
  }

  clear(): void {
    this.termIds.clear();
    this.sortedTerms = [];
    this.postings = [];
    this.docs = [];
    this.freeSlots = [];
    this.deadSlots = [];
    this.byId.clear();
    this.byUrl.clear();
    this.byTime.clear();
    this.byCategory.clear();
    this.model.clear();
    this.lenSums.fill(0);
    this.live = 0;
  }

  /** Live stems sharing the longest prefix (≥ 5 letters, ≥ 70 % of the shorter) with an unknown stem. */
  private prefixNeighbours(stem: string): number[] {
    if (stem.length < 5) return [];
    if (this.sortedTerms.length * 1.05 < this.termIds.size || this.sortedTerms.length > this.termIds.size) {
      this.sortedTerms = [...this.termIds.keys()].sort();
    }
    const terms = this.sortedTerms;
    const prefix = stem.slice(0, 5);
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((terms[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    let best = 0;
    let found: number[] = [];
    for (let i = lo; i < terms.length && i < lo + 200; i++) {
      const t = terms[i] ?? '';
      if (!t.startsWith(prefix)) break;
      const id = this.termIds.get(t);
      if (id === undefined || (this.postings[id]?.df ?? 0) === 0) continue;
      let common = 5;
      while (common < t.length && common < stem.length && t[common] === stem[common]) common++;
      if (common < 0.7 * Math.min(t.length, stem.length)) continue;
      if (common > best) {
        best = common;
        found = [id];
      } else if (common === best && found.length < 3) found.push(id);
    }
    return found;
  }

  private *sampleCategory(key: string, max: number): Generator<TermWeights> {
    let n = 0;
    for (const slot of this.byCategory.get(key)?.newest() ?? []) {
      if (n >= max) return;
      const d = this.docs[slot];
      if (d === undefined) continue;
      n++;
      yield { ids: d.terms, weights: d.weights };
    }
  }

  /** Category distribution of a document: its label (half the mass) plus what its words say. */
  private docDist(d: Doc): CategoryDist {
    if (d.dist !== undefined && d.distEpoch === this.model.epoch) return d.dist;
    const dist = this.model.predict({ ids: d.terms, weights: d.weights }, d.catId, 0.5);
    d.dist = dist;
    d.distEpoch = this.model.epoch;
    return dist;
  }

  /** Adds BM25F contributions of one term to the accumulators; returns the slots touched first now. */
  private scoreTerm(term: number, weight: number, touched: number[]): void {
    const p = this.postings[term];
    if (p === undefined || p.df === 0) return;
    if (p.df > COMMON_DF_SHARE * this.live && this.live > 2000) return;
    const w = weight * idf(p.df, this.live);
    const avg = this.lenSums.map((s) => Math.max(1e-9, s / Math.max(1, this.live)));
    const q = this.queryNo;
    // Newest postings first (they were appended in arrival order); very long lists are cut.
    const end = Math.max(0, p.slots.length - MAX_POSTINGS_SCAN);
    for (let i = p.slots.length - 1; i >= end; i--) {
      const slot = p.slots[i] ?? 0;
      const d = this.docs[slot];
      if (d === undefined) continue;
      const packed = p.tfs[i] ?? 0;
      let tfw = 0;
      for (let f = 0; f < 4; f++) {
        const tf = unpackTf(packed, f);
        if (tf === 0) continue;
        const field = FIELD_ORDER[f] ?? 'summary';
        const b = FIELD_B[field];
        tfw += (FIELD_WEIGHT[field] * tf) / (1 - b + (b * (d.lens[f] ?? 0)) / (avg[f] ?? 1));
      }
      const s = (w * tfw) / (BM25_K1 + tfw);
      if (this.stamp[slot] !== q) {
        this.stamp[slot] = q;
        this.acc[slot] = s;
        touched.push(slot);
      } else this.acc[slot] = (this.acc[slot] ?? 0) + s;
    }
  }

  private nextQuery(): void {
    if (this.acc.length < this.docs.length) {
      const n = Math.max(this.docs.length, this.acc.length * 2);
      this.acc = new Float64Array(n);
      this.stamp = new Uint32Array(n);
      this.queryNo = 0;
    }
    this.queryNo = (this.queryNo + 1) >>> 0;
    if (this.queryNo === 0) {
      this.stamp.fill(0);
      this.queryNo = 1;
    }
  }

  rank(q: RankQuery): RankedItem[] {
    const limit = Math.max(0, Math.min(20, Math.floor(q.limit)));
    if (limit === 0 || this.live === 0) return [];
    const maxPerOutlet = Math.max(1, Math.floor(q.maxPerOutlet));
    const random = q.random ?? Math.random;

    // The host article: its stored record when we know its URL, else what the page told us.
    const articleKey = q.articleUrl === undefined ? undefined : urlKey(q.articleUrl);
    const hostSlots = articleKey === undefined ? undefined : this.byUrl.get(articleKey);
    let host: Doc | undefined;
    for (const s of hostSlots ?? []) host ??= this.docs[s];

    const excludedCats = new Set((q.excludeCategories ?? []).map(foldKey));
    const allowed = (d: Doc): boolean =>
      d.expMs > q.nowMs &&
      d.urlKey !== articleKey &&
      !(q.excludePartners?.has(d.headline.partnerId) ?? false) &&
      (q.includePartners === undefined || q.includePartners.has(d.headline.partnerId)) &&
      !(q.excludeIds?.has(d.headline.id) ?? false) &&
      !(d.catKey !== '' && excludedCats.has(d.catKey));

    // Query terms: BM25 weights and category-model weights per term id.
    const bmWeights = new Map<number, number>();
    const nbWeights = new Map<number, number>();
    const addText = (text: string | undefined, bm: number, nb: number) => {
      if (text === undefined || text === '') return;
      for (const t of analyze(text)) {
        const id = this.termIds.get(t);
        // A word the stream never used: its closest known stems by shared prefix, at half weight.
        const ids = id === undefined ? this.prefixNeighbours(t) : [id];
        const f = id === undefined ? 0.5 : 1;
        for (const i of ids) {
          bmWeights.set(i, Math.max(bmWeights.get(i) ?? 0, bm * f));
          nbWeights.set(i, Math.max(nbWeights.get(i) ?? 0, nb * f));
        }
      }
    };
    if (host !== undefined) {
      const h = host.headline;
      addText(h.title, 1, 2);
      for (const t of h.tags) addText(t, 0.7, 1);
      addText(h.summary, 0.4, 1);
      addText(h.category, 0.5, 1);
    }
    addText(q.title, 1, 2);
    for (const k of q.keywords ?? []) addText(k, 1, 1);
    addText(q.section, 0.5, 1);

    const hostTitle =
      host?.title ?? sortedUnique(analyze(q.title ?? '').flatMap((t) => this.termIds.get(t) ?? []));
    const candidates = new Map<number, Candidate>();

    if (bmWeights.size > 0) this.collectRelevant(q, host, allowed, bmWeights, nbWeights, candidates);

    // Scores: relevance × freshness × click-through factor (bounded, see ctrFactor).
    const stats: Engagement[] = [];
    const engagement = new Map<number, Engagement | undefined>();
    for (const c of candidates.values()) {
      const e = q.engagement?.(c.doc.headline.id);
      engagement.set(c.doc.slot, e);
      if (e !== undefined) stats.push(e);
    }
    const ctr0 = pooledCtr(stats);
    const ranked: Candidate[] = [];
    const weak: Candidate[] = [];
    for (const c of candidates.values()) {
      if (c.relevance < WEAK_AT) continue;
      const fresh = freshness(q.nowMs - c.doc.pubMs, c.doc.halfLifeHours);
      const ctr = q.engagement === undefined ? 1 : ctrFactor(engagement.get(c.doc.slot), ctr0, random);
      c.score = c.relevance * fresh * ctr;
      (c.relevance >= RELEVANT_AT ? ranked : weak).push(c);
    }
    ranked.sort((a, b) => b.score - a.score);
    weak.sort((a, b) => b.score - a.score);

    const out: RankedItem[] = [];
    const perOutlet = new Map<string, number>();
    const chosenTitles: Int32Array[] = [];
    const chosen = new Set<number>();
    const take = (d: Doc): boolean => {
      const outlet = d.headline.partnerId;
      if ((perOutlet.get(outlet) ?? 0) >= maxPerOutlet) return false;
      // The article's own story told by another outlet (a stricter test: a short query title is no story).
      if (isNearDuplicate(hostTitle, d.title, HOST_DUPLICATE)) return false;
      // Same story as an item already chosen: keep the first (best) one only.
      for (const t of chosenTitles) if (isNearDuplicate(t, d.title)) return false;
      perOutlet.set(outlet, (perOutlet.get(outlet) ?? 0) + 1);
      chosenTitles.push(d.title);
      chosen.add(d.slot);
      return true;
    };
    for (const c of ranked) {
      if (out.length >= limit) break;
      if (!take(c.doc)) continue;
      out.push({ headline: c.doc.headline, score: c.score, relevance: c.relevance, reason: 'relevant' });
    }
    // Fallback, first what is weakly on topic, then the freshest allowed headlines, under the same rules,
    // so a widget with live headlines is never empty.
    for (const c of weak) {
      if (out.length >= limit) break;
      if (!take(c.doc)) continue;
      out.push({ headline: c.doc.headline, score: c.score, relevance: c.relevance, reason: 'fallback' });
    }
    if (out.length < limit) {
      let scanned = 0;
      for (const slot of this.byTime.newest()) {
        if (out.length >= limit || scanned++ > FALLBACK_SCAN) break;
        const d = this.docs[slot];
        if (d === undefined || chosen.has(slot) || !allowed(d) || !take(d)) continue;
        const relevance = candidates.get(slot)?.relevance ?? 0;
        out.push({
          headline: d.headline,
          score: relevance * freshness(q.nowMs - d.pubMs, d.halfLifeHours),
          relevance,
          reason: 'fallback',
        });
      }
    }
    return out;
  }

  /** Lexical candidates (BM25F, then pseudo-relevance feedback) and topical ones (learned categories). */
  private collectRelevant(
    q: RankQuery,
    host: Doc | undefined,
    allowed: (d: Doc) => boolean,
    bmWeights: Map<number, number>,
    nbWeights: Map<number, number>,
    candidates: Map<number, Candidate>,
  ): void {
    const n = this.live;
    // Rarest, heaviest terms first; a handful carry nearly all the evidence.
    const terms = [...bmWeights]
      .map(([id, w]) => ({ id, w, s: w * idf(this.postings[id]?.df ?? n, n) }))
      .sort((a, b) => b.s - a.s)
      .slice(0, MAX_QUERY_TERMS);
    const selfMax = terms.reduce((sum, t) => sum + t.s, 0);
    this.nextQuery();
    const touched: number[] = [];
    for (const t of terms) this.scoreTerm(t.id, t.w, touched);
    const lexical = this.topSlots(touched, LEXICAL_CANDIDATES, allowed);

    // What category the article is about, learned from the stream; the section is a label when known.
    const sectionKey = q.section === undefined ? '' : foldKey(q.section);
    const label = host?.catId ?? (sectionKey === '' ? undefined : this.model.categoryId(sectionKey));
    const predicted = this.model.predict(
      { ids: [...nbWeights.keys()], weights: [...nbWeights.values()] },
      label,
      host?.catId !== undefined ? 0.5 : 0.3,
    );
    // Topic feedback: the categories of the best lexical hits (weighted by their BM25 share) join the
    // article's predicted distribution, so a few matching words carry their neighbours' topic along.
    const qDist = this.topicFeedback(predicted, lexical);
    const projected = this.model.project(qDist);
    const hasTopic = qDist.ids.length > 0;

    const lexNorm = (bm: number) => Math.min(1, bm / Math.max(1e-9, 0.5 * selfMax));
    const relevance = (bm: number, topic: number) =>
      hasTopic ? TOPIC_SHARE * topic + (1 - TOPIC_SHARE) * lexNorm(bm) : lexNorm(bm);
    const consider = (slot: number) => {
      if (candidates.has(slot)) return;
      const d = this.docs[slot];
      if (d === undefined || d === host) return;
      const bm = this.stamp[slot] === this.queryNo ? (this.acc[slot] ?? 0) : 0;
      const topic = hasTopic ? this.quickTopic(d, projected) : 0;
      candidates.set(slot, { doc: d, bm25: bm, topic, relevance: relevance(bm, topic), score: 0 });
    };
    for (const slot of lexical) consider(slot);

    // Topical candidates: the freshest allowed items of the categories closest to the article.
    if (hasTopic) {
      const cats: Array<{ key: string; v: number }> = [];
      for (const [key] of this.byCategory) {
        const id = this.model.categoryId(key);
        const v = id === undefined ? 0 : (projected[id] ?? 0);
        if (v > 0.2) cats.push({ key, v });
      }
      cats.sort((a, b) => b.v - a.v);
      for (const { key } of cats.slice(0, TOPIC_CATEGORIES)) {
        let taken = 0;
        for (const slot of this.byCategory.get(key)?.newest() ?? []) {
          if (taken >= TOPIC_PER_CATEGORY) break;
          const d = this.docs[slot];
          if (d === undefined || !allowed(d)) continue;
          consider(slot);
          taken++;
        }
      }
    }

    // Pseudo-relevance feedback: title/tag terms shared by the best first-round hits join the query.
    const top = [...candidates.values()]
      .filter((c) => c.bm25 > 0)
      .sort((a, b) => b.relevance - a.relevance)
      .slice(0, PRF_DOCS);
    const expansion = new Map<number, number>();
    for (const c of top) {
      for (const t of c.doc.keyTerms) {
        if (bmWeights.has(t)) continue;
        const df = this.postings[t]?.df ?? 0;
        if (df < 2) continue;
        expansion.set(t, (expansion.get(t) ?? 0) + c.relevance * idf(df, n));
      }
    }
    const extra = [...expansion]
      .filter(([, s]) => s > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, PRF_TERMS);
    const best = extra[0]?.[1] ?? 0;
    if (best > 0 && top.length >= 2) {
      const newly: number[] = [];
      for (const [id, s] of extra) this.scoreTerm(id, PRF_WEIGHT * (s / best), newly);
      for (const slot of this.topSlots(newly, LEXICAL_CANDIDATES / 3, allowed)) consider(slot);
      for (const c of candidates.values()) {
        const slot = c.doc.slot;
        c.bm25 = this.stamp[slot] === this.queryNo ? (this.acc[slot] ?? 0) : 0;
        c.relevance = relevance(c.bm25, c.topic);
      }
    }

    // The exact topic (naive Bayes over the headline's words) for the best candidates only: it costs
    // more than everything else, and a label-based estimate already orders the rest.
    if (hasTopic) {
      const best = [...candidates.values()].sort((a, b) => b.relevance - a.relevance).slice(0, REFINE);
      for (const c of best) {
        c.topic = topicAffinity(this.docDist(c.doc), projected);
        c.relevance = relevance(c.bm25, c.topic);
      }
    }
  }

  /** Topic affinity from the cached distribution, else estimated from the label (unlabelled: neutral). */
  private quickTopic(d: Doc, projected: Float64Array): number {
    if (d.dist !== undefined && d.distEpoch === this.model.epoch) return topicAffinity(d.dist, projected);
    return d.catId === undefined ? 0.5 : (projected[d.catId] ?? 0);
  }

  private topicFeedback(predicted: CategoryDist, lexical: readonly number[]): CategoryDist {
    const share = TOPIC_FEEDBACK;
    if (share <= 0 || lexical.length === 0) return predicted;
    const hits = [...lexical].sort((a, b) => (this.acc[b] ?? 0) - (this.acc[a] ?? 0)).slice(0, PRF_DOCS);
    const total = hits.reduce((s, slot) => s + (this.acc[slot] ?? 0), 0);
    if (total <= 0) return predicted;
    const mix = new Map<number, number>();
    const own = predicted.ids.length > 0 ? 1 - share : 0;
    for (let i = 0; i < predicted.ids.length; i++) {
      const id = predicted.ids[i] ?? 0;
      mix.set(id, (mix.get(id) ?? 0) + own * (predicted.p[i] ?? 0));
    }
    const fb = predicted.ids.length > 0 ? share : 1;
    for (const slot of hits) {
      const d = this.docs[slot];
      if (d === undefined) continue;
      const w = (fb * (this.acc[slot] ?? 0)) / total;
      const dist = this.docDist(d);
      for (let i = 0; i < dist.ids.length; i++) {
        const id = dist.ids[i] ?? 0;
        mix.set(id, (mix.get(id) ?? 0) + w * (dist.p[i] ?? 0));
      }
    }
    return { ids: [...mix.keys()], p: [...mix.values()] };
  }

  /** The k allowed slots with the highest accumulated score (a bounded min-heap, not a sort of all). */
  private topSlots(slots: readonly number[], k: number, allowed: (d: Doc) => boolean): number[] {
    const heap: number[] = [];
    const score = (s: number) => this.acc[s] ?? 0;
    const swap = (i: number, j: number) => {
      const t = heap[i] ?? 0;
      heap[i] = heap[j] ?? 0;
      heap[j] = t;
    };
    const down = (i0: number) => {
      let i = i0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && score(heap[l] ?? 0) < score(heap[m] ?? 0)) m = l;
        if (r < heap.length && score(heap[r] ?? 0) < score(heap[m] ?? 0)) m = r;
        if (m === i) return;
        swap(i, m);
        i = m;
      }
    };
    for (const slot of slots) {
      const d = this.docs[slot];
      if (d === undefined || !allowed(d)) continue;
      if (heap.length < k) {
        heap.push(slot);
        let i = heap.length - 1;
        while (i > 0) {
          const p = (i - 1) >> 1;
          if (score(heap[p] ?? 0) <= score(heap[i] ?? 0)) break;
          swap(i, p);
          i = p;
        }
      } else if (score(slot) > score(heap[0] ?? 0)) {
        heap[0] = slot;
        down(0);
      }
    }
    return heap;
  }
}
