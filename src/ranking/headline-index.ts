// In-memory index of live headlines and the ranker of the "Citește și" box: BM25F over posting lists,
// a learned term→category model with pseudo-relevance feedback, freshness decay, Thompson-sampled CTR,
// hard rules, diversity and a freshest-first fallback.
//
// Data layout (everything a query touches is a typed array; work is done once, at ingestion):
// - Word forms: the process's TermDictionary (text.ts) maps each form to a term number straight from the
//   characters (no string per token; shared by every index, so a rebuild stems nothing it has seen);
//   `localOf` maps term numbers to this index's term ids through a typed array.
// - Terms: stemmed, diacritics-free words interned to integer ids (`termIds`); per id the posting list
//   (postings.ts: (slot, saturated BM25F impact) pairs in arrival order, so walking it backwards is
//   newest first) and how often the word was written capitalised inside a sentence or in lower case.
// - Headlines are not kept as objects: per slot only the served fields (id, url, title, image, category
//   name shared per spelling; partner by id; the three times as numbers, text kept only when it is not
//   what toISOString() gives back). `get()` builds a Headline of those fields: summary and tags are not
//   served and live on only as terms in the arena (which is what a stored host article's query uses).
// - Documents live in slots, struct-of-arrays: publication/expiry time, half-life, partner id, category
//   id, field lengths, the cached category distribution (top DIST_K entries and the model version it was
//   computed at) and a range of the term arena. A removed slot is reused after the next compaction,
//   which also drops its dead posting pairs and rewrites the arena.
// - Term arena: per document its unique term ids, ascending, with a field mask (title, tags, summary,
//   category) and the term's weight for the category model (title 2, tags 1, category 1; summaries only
//   rank, so the model's per-document work is a dozen terms).
// - Recency lists (time-list.ts) of every slot and of each category's slots for freshest-first fallbacks.
// - A query borrows scratch arrays keyed by slot (score accumulators with a query-number stamp,
//   candidate positions) and by term id, so the hot path allocates almost nothing.
import { LRUCache } from 'lru-cache';
import type { Headline } from '../domain.js';
import { MAX_SLOTS, Postings } from './postings.js';
import {
  BM25_K1,
  ctrFactor,
  FIELD_B,
  FIELD_WEIGHT,
  FIELDS,
  freshness,
  idf,
  isNearDuplicate,
  pooledCtr,
} from './scoring.js';
import { terms as dictionary, foldKey, Shape } from './text.js';
import { TimeList } from './time-list.js';
import { type CategoryDist, CategoryModel, type Features } from './topics.js';
import type { Engagement, RankedItem, RankingOptions, RankQuery } from './types.js';

/** Ranking constants; the reasons are in the comments next to their use. */
const MAX_QUERY_TERMS = 14;
const LEXICAL_CANDIDATES = 100;
/** Postings walked per query term (newest first) and per query in all. */
const MAX_POSTINGS_SCAN = 500;
const POSTINGS_BUDGET = 1500;
/** Terms in more than this share of the headlines only rank, they do not generate candidates. */
const COMMON_DF_SHARE = 0.05;
const TOPIC_CATEGORIES = 4;
const TOPIC_PER_CATEGORY = 20;
const REFINE = 40;
const PRF_DOCS = 5;
const PRF_TERMS = 6;
const TOPIC_FEEDBACK = 0.2;
const PRF_WEIGHT = 0.35;
const TOPIC_SHARE = 0.7;
const RELEVANT_AT = 0.3;
/** Below RELEVANT_AT but still on topic: preferred over merely fresh items when filling. */
const WEAK_AT = 0.08;
/** Candidates that get a click-through sample and a place in the final order. */
const SCORED_POOL = 40;
const FALLBACK_SCAN = 20_000;
const HOST_DUPLICATE = { cosine: 0.7, common: 4 };
const DUPLICATE = { cosine: 0.5, common: 3 };
/** Same story told in other words: this many shared rare names, close in time and category. */
const STORY_NAMES = 2;
const STORY_WINDOW_MS = 48 * 3_600_000;
const STORY_CATEGORY_SIMILARITY = 0.5;
const STORY_NAME_DF_MIN = 5;
const STORY_NAME_DF_SHARE = 0.01;
/** Entries kept of a document's category distribution. */
const DIST_K = 8;
/** Below this many documents the model's tables are refreshed by queries, above it by ingestion. */
const INGEST_REFRESH_FROM = 2048;
const INGEST_REFRESH_SHARE = 0.25;

/** Field bits of a term in a document; `TITLE | TAGS` are the key terms used for feedback. */
const TITLE = 1;
const TAGS = 2;
const SUMMARY = 4;
const CATEGORY = 8;
const FIELD_BITS = [TITLE, TAGS, SUMMARY, CATEGORY] as const;
/** Average field lengths assumed before the stream has shown its own (in terms). */
const PRIOR_LENGTH = [9, 2, 14, 1.5] as const;
const PRIOR_DOCS = 50;
/** Category-model weight of a term by its field mask: title 2, tags 1, category 1, summary 0. */
const MODEL_WEIGHT = Uint8Array.from(
  { length: 16 },
  (_, mask) => (mask & 1 ? 2 : 0) + (mask & 2 ? 1 : 0) + (mask & 8 ? 1 : 0),
);

const CANONICAL_URL =
  /^https?:\/\/[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:\/[A-Za-z0-9_~!$&'()*+,;=:@%-]+(?:\.[A-Za-z0-9_~!$&'()*+,;=:@%-]+)*)+$/;

/** Comparison key of a canonical URL: lower-case scheme and host, no fragment, no trailing slash. */
export function urlKey(url: string): string {
  // Already canonical (lower-case host, plain path, no query, fragment, port or trailing slash): as is.
  if (CANONICAL_URL.test(url)) return url;
  try {
    const u = new URL(url.trim());
    u.hash = '';
    const path = u.pathname.length > 1 ? u.pathname.replace(/\/+$/, '') : u.pathname;
    return `${u.protocol}//${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return url.trim();
  }
}

/** The words of a URL's path: "/sport/fcsb-castiga-derby-123.html" → "sport fcsb castiga derby 123". */
export function slugText(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return '';
  }
  try {
    path = decodeURIComponent(path);
  } catch {
    // Kept as sent.
  }
  return path.replace(/\.(?:s?html?|php|aspx?|amp)$/i, '').replace(/[-_/.+]+/g, ' ');
}

/** Whether `text` is what toISOString() makes of `ms` (by its shape; days past the 28th compared in full). */
function isoOf(ms: number, text: string): boolean {
  if (text.length !== 24 || !Number.isFinite(ms)) return false;
  for (let i = 0; i < 24; i++) {
    const c = text.charCodeAt(i);
    const want = ISO_SHAPE.charCodeAt(i);
    if (want === 48 ? c < 48 || c > 57 : c !== want) return false;
  }
  const day = 10 * (text.charCodeAt(8) - 48) + text.charCodeAt(9) - 48;
  const hour = 10 * (text.charCodeAt(11) - 48) + text.charCodeAt(12) - 48;
  return (day <= 28 && hour < 24) || new Date(ms).toISOString() === text;
}

const ISO_SHAPE = '0000-00-00T00:00:00.000Z';

function grow<T extends Float64Array | Float32Array | Int32Array | Uint32Array | Uint16Array | Uint8Array>(
  a: T,
  n: number,
  make: (n: number) => T,
): T {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Query term weights: BM25 weight and category-model weight per term id. */
interface QueryTerms {
  ids: number[];
  bm: number[];
  nb: number[];
}

export class HeadlineIndex {
  private readonly defaultHalfLife: number;
  private readonly halfLives = new Map<string, number>();

  // Terms.
  private readonly termIds = new Map<string, number>();
  private termNames: string[] = [];
  private readonly postings = new Postings();
  private capitalised = new Int32Array(1024);
  private lowercase = new Int32Array(1024);
  private sortedTerms: string[] = [];

  // Documents (struct of arrays by slot).
  private capacity = 0;
  // The served fields of each headline (summary and tags live on as terms in the arena): strings per
  // slot, times in the typed arrays; a Headline object is made when one is asked for.
  private ids: Array<string | undefined> = [];
  private titles: string[] = [];
  private urls: string[] = [];
  private urlKeys: string[] = [];
  private images: Array<string | undefined> = [];
  private categories: Array<string | undefined> = [];
  private readonly categoryNames = new Map<string, string>();
  private partnerNames: string[] = [];
  private upd = new Float64Array(0);
  /** Times whose text is not what toISOString() gives back (kept as sent): slot → [published, expires, updated]. */
  private readonly oddTimes = new Map<number, [string, string, string]>();
  private alive = new Uint8Array(0);
  private pub = new Float64Array(0);
  private exp = new Float64Array(0);
  private halfLife = new Float32Array(0);
  private partner = new Int32Array(0);
  private cat = new Int32Array(0);
  private lens = new Uint16Array(0);
  private termStart = new Int32Array(0);
  private termCount = new Uint16Array(0);
  private distIds = new Int32Array(0);
  private distP = new Float32Array(0);
  private distLen = new Uint8Array(0);
  private distVer = new Int32Array(0);
  private slotsInUse = 0;
  private freeSlots: number[] = [];
  private deadSlots: number[] = [];
  private live = 0;
  private catchUp = 0;

  // Term arena.
  private arenaTerms = new Int32Array(1 << 16);
  private arenaMask = new Uint8Array(1 << 16);
  private arenaWeight = new Uint8Array(1 << 16);
  private arenaUsed = 0;

  // Lookups.
  private readonly byId = new Map<string, number>();
  private readonly byUrl = new Map<string, number | number[]>();
  private readonly partnerIds = new Map<string, number>();
  private readonly byTime = new TimeList();
  private byCategory: Array<TimeList | undefined> = [];
  private readonly model = new CategoryModel((key, max, visit) => this.sampleCategory(key, max, visit));
  private readonly lenSums = [0, 0, 0, 0];

  // Query scratch.
  private acc = new Float64Array(0);
  private stamp = new Uint32Array(0);
  private queryNo = 0;
  private touched = new Int32Array(4096);
  private touchedLen = 0;
  private candMark = new Uint32Array(0);
  private candPos = new Int32Array(0);
  private readonly cands: Candidates = new Candidates();
  /** Query texts → term numbers of the process's dictionary (pages repeat their titles and keywords). */
  private readonly analyzed = new LRUCache<string, { generation: number; terms: Int32Array }>({
    max: 20_000,
  });

  // Ingestion scratch: per term id the field frequencies of the document being added.
  private tfStamp = new Uint32Array(1024);
  private tf = new Uint16Array(4096);
  private docNo = 0;
  private docTerms = new Int32Array(256);
  private docTermCount = 0;
  private readonly docLens = [0, 0, 0, 0];
  private field = 0;
  /** Per term number of the process's dictionary: this index's term id + 1 (0: not known yet). */
  private localOf = new Int32Array(1024);
  private dictGeneration = dictionary.generation;

  constructor(options: RankingOptions) {
    this.defaultHalfLife = options.halfLifeHours;
    for (const [k, v] of Object.entries(options.categoryHalfLifeHours ?? {}))
      this.halfLives.set(foldKey(k), v);
  }

  get size(): number {
    return this.live;
  }

  /** The served fields of a live headline (see `headlineAt`: no summary, empty tags). */
  get(id: string): Headline | undefined {
    const slot = this.byId.get(id);
    return slot === undefined ? undefined : this.headlineAt(slot);
  }

  /**
   * The served fields of the headline in a slot: id, partnerId, url, title, imageUrl, category and the
   * three times. Summary and tags are not kept (the index has their terms): `tags` is empty.
   */
  private headlineAt(slot: number): Headline | undefined {
    const id = this.ids[slot];
    if (id === undefined || this.alive[slot] !== 1) return undefined;
    const odd = this.oddTimes.get(slot);
    const h: Headline = {
      id,
      partnerId: this.partnerNames[this.partner[slot] ?? 0] ?? '',
      url: this.urls[slot] ?? '',
      title: this.titles[slot] ?? '',
      tags: [],
      publishedAt: odd?.[0] ?? new Date(this.pub[slot] ?? 0).toISOString(),
      expiresAt: odd?.[1] ?? new Date(this.exp[slot] ?? 0).toISOString(),
      updatedAt: odd?.[2] ?? new Date(this.upd[slot] ?? 0).toISOString(),
    };
    const image = this.images[slot];
    if (image !== undefined) h.imageUrl = image;
    const category = this.categories[slot];
    if (category !== undefined) h.category = category;
    return h;
  }

  findByUrl(url: string): Headline[] {
    const out: Headline[] = [];
    const slots = this.byUrl.get(urlKey(url));
    if (slots === undefined) return out;
    for (const slot of typeof slots === 'number' ? [slots] : slots) {
      const h = this.headlineAt(slot);
      if (h !== undefined) out.push(h);
    }
    return out;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      const n = id + 1;
      this.postings.ensure(n);
      this.capitalised = grow(this.capitalised, n, (k) => new Int32Array(k));
      this.lowercase = grow(this.lowercase, n, (k) => new Int32Array(k));
      this.tfStamp = grow(this.tfStamp, n, (k) => new Uint32Array(k));
      this.tf = grow(this.tf, 4 * n, (k) => new Uint16Array(k));
    }
    return id;
  }

  private ensureSlots(n: number): void {
    if (n <= this.capacity) return;
    if (n > MAX_SLOTS) throw new RangeError('HeadlineIndex: too many headlines');
    const c = Math.max(n, this.capacity * 2, 1024);
    this.alive = grow(this.alive, c, (k) => new Uint8Array(k));
    this.pub = grow(this.pub, c, (k) => new Float64Array(k));
    this.exp = grow(this.exp, c, (k) => new Float64Array(k));
    this.upd = grow(this.upd, c, (k) => new Float64Array(k));
    this.halfLife = grow(this.halfLife, c, (k) => new Float32Array(k));
    this.partner = grow(this.partner, c, (k) => new Int32Array(k));
    this.cat = grow(this.cat, c, (k) => new Int32Array(k));
    this.lens = grow(this.lens, 4 * c, (k) => new Uint16Array(k));
    this.termStart = grow(this.termStart, c, (k) => new Int32Array(k));
    this.termCount = grow(this.termCount, c, (k) => new Uint16Array(k));
    this.distIds = grow(this.distIds, DIST_K * c, (k) => new Int32Array(k));
    this.distP = grow(this.distP, DIST_K * c, (k) => new Float32Array(k));
    this.distLen = grow(this.distLen, c, (k) => new Uint8Array(k));
    this.distVer = grow(this.distVer, c, (k) => new Int32Array(k));
    this.acc = grow(this.acc, c, (k) => new Float64Array(k));
    this.stamp = grow(this.stamp, c, (k) => new Uint32Array(k));
    this.candMark = grow(this.candMark, c, (k) => new Uint32Array(k));
    this.candPos = grow(this.candPos, c, (k) => new Int32Array(k));
    this.capacity = c;
  }

  /** Counts one occurrence of a term in field `f` of the document being added. */
  private count(id: number, f: number): void {
    if (this.tfStamp[id] !== this.docNo) {
      this.tfStamp[id] = this.docNo;
      this.tf.fill(0, 4 * id, 4 * id + 4);
      if (this.docTermCount === this.docTerms.length)
        this.docTerms = grow(this.docTerms, this.docTermCount + 1, (k) => new Int32Array(k));
      this.docTerms[this.docTermCount++] = id;
    }
    this.tf[4 * id + f] = (this.tf[4 * id + f] ?? 0) + 1;
  }

  /** This index's term id of a term number of the process's dictionary. */
  private localId(n: number): number {
    if (this.dictGeneration !== dictionary.generation) {
      this.dictGeneration = dictionary.generation;
      this.localOf.fill(0);
    }
    const local = n < this.localOf.length ? (this.localOf[n] ?? 0) : 0;
    if (local > 0) return local - 1;
    const id = this.termId(dictionary.names[n] ?? '');
    this.localOf = grow(this.localOf, n + 1, (k) => new Int32Array(k));
    this.localOf[n] = id + 1;
    return id;
  }

  private readonly visitTerm = (n: number, shape: Shape): void => {
    const id = this.localId(n);
    const f = this.field;
    this.count(id, f);
    this.docLens[f] = (this.docLens[f] ?? 0) + 1;
    if (f === 0 || f === 2) {
      if (shape === Shape.Capital) this.capitalised[id] = (this.capitalised[id] ?? 0) + 1;
      else if (shape === Shape.Lower) this.lowercase[id] = (this.lowercase[id] ?? 0) + 1;
    }
  };

  private scan(text: string, field: number): void {
    this.field = field;
    dictionary.scan(text, this.visitTerm);
  }

  upsert(h: Headline): void {
    this.remove(h.id);
    this.docNo = (this.docNo + 1) >>> 0 || 1;
    this.docTermCount = 0;
    const lens = this.docLens;
    lens.fill(0);
    this.scan(h.title, 0);
    for (const tag of h.tags) this.scan(tag, 1);
    if (h.summary !== undefined) this.scan(h.summary, 2);
    if (h.category !== undefined) this.scan(h.category, 3);

    const slot = this.freeSlots.pop() ?? this.slotsInUse++;
    this.ensureSlots(slot + 1);
    for (let f = 0; f < 4; f++) {
      this.lens[4 * slot + f] = Math.min(65535, lens[f] ?? 0);
      this.lenSums[f] = (this.lenSums[f] ?? 0) + (lens[f] ?? 0);
    }
    this.live++;

    // Unique terms, ascending, into the arena and the postings.
    const terms = this.docTerms.subarray(0, this.docTermCount).sort();
    const start = this.reserveArena(terms.length);
    const norm = this.fieldNorms(slot);
    for (let k = 0; k < terms.length; k++) {
      const id = terms[k] ?? 0;
      let mask = 0;
      let tfw = 0;
      for (let f = 0; f < 4; f++) {
        const n = this.tf[4 * id + f] ?? 0;
        if (n === 0) continue;
        mask |= FIELD_BITS[f] ?? 0;
        tfw += Math.min(15, n) * (norm[f] ?? 0);
      }
      this.arenaTerms[start + k] = id;
      this.arenaMask[start + k] = mask;
      // Title evidence counts double for the category model; each field once (headlines are bursty).
      // Summaries (long, loose, often boilerplate) only rank: the model learns from title, tags and
      // category, which also keeps its per-document work to a dozen terms.
      this.arenaWeight[start + k] = MODEL_WEIGHT[mask] ?? 0;
      this.postings.add(id, slot, tfw / (BM25_K1 + tfw));
    }
    this.termStart[slot] = start;
    this.termCount[slot] = terms.length;

    const pubMs = Date.parse(h.publishedAt);
    const expMs = Date.parse(h.expiresAt);
    const catKey = h.category === undefined ? '' : foldKey(h.category);
    this.ids[slot] = h.id;
    this.titles[slot] = h.title;
    this.urls[slot] = h.url;
    this.images[slot] = h.imageUrl;
    let category = h.category;
    if (category !== undefined) {
      const shared = this.categoryNames.get(category);
      if (shared === undefined) this.categoryNames.set(category, category);
      else category = shared;
    }
    this.categories[slot] = category;
    this.alive[slot] = 1;
    this.pub[slot] = Number.isFinite(pubMs) ? pubMs : 0;
    this.exp[slot] = Number.isNaN(expMs) ? Number.POSITIVE_INFINITY : expMs;
    const updMs = Date.parse(h.updatedAt);
    this.upd[slot] = updMs;
    if (!isoOf(pubMs, h.publishedAt) || !isoOf(expMs, h.expiresAt) || !isoOf(updMs, h.updatedAt))
      this.oddTimes.set(slot, [h.publishedAt, h.expiresAt, h.updatedAt]);
    this.halfLife[slot] = this.halfLives.get(catKey) ?? this.defaultHalfLife;
    let partner = this.partnerIds.get(h.partnerId);
    if (partner === undefined) {
      partner = this.partnerIds.size;
      this.partnerIds.set(h.partnerId, partner);
      this.partnerNames.push(h.partnerId);
    }
    this.partner[slot] = partner;
    const key = urlKey(h.url);
    this.urlKeys[slot] = key === h.url ? h.url : key;
    this.byId.set(h.id, slot);
    const urls = this.byUrl.get(key);
    if (urls === undefined) this.byUrl.set(key, slot);
    else if (typeof urls === 'number') this.byUrl.set(key, [urls, slot]);
    else urls.push(slot);
    this.byTime.insert(slot, this.pub[slot] ?? 0);
    this.distVer[slot] = -1;
    this.cat[slot] = -1;
    if (catKey !== '') {
      const c = this.model.ensure(catKey);
      this.cat[slot] = c;
      this.model.add(c, this.features(slot));
      let list = this.byCategory[c];
      if (list === undefined) {
        list = new TimeList();
        this.byCategory[c] = list;
      }
      list.insert(slot, this.pub[slot] ?? 0);
    }
    this.maintain(slot);
  }

  /** BM25F length normalisation of each field of a slot, with the stream's average field lengths. */
  private fieldNorms(slot: number): number[] {
    const out = [0, 0, 0, 0];
    for (let f = 0; f < 4; f++) {
      const field = FIELDS[f] ?? 'summary';
      const avg = ((this.lenSums[f] ?? 0) + (PRIOR_LENGTH[f] ?? 1) * PRIOR_DOCS) / (this.live + PRIOR_DOCS);
      const b = FIELD_B[field];
      out[f] = FIELD_WEIGHT[field] / (1 - b + (b * (this.lens[4 * slot + f] ?? 0)) / Math.max(1e-9, avg));
    }
    return out;
  }

  /**
   * Keeps the model's tables current (refreshed by ingestion once the stream is large, when a quarter of
   * it changed) and caches the new headline's category distribution; stale cached ones are refreshed
   * one per upsert, and when a query needs them.
   */
  private maintain(slot: number): void {
    if (this.live >= INGEST_REFRESH_FROM && this.model.changedShare > INGEST_REFRESH_SHARE)
      this.model.refresh(true);
    if (this.model.distVersion === 0) return;
    this.docDist(slot);
    // One stale distribution refreshed per upsert: they catch up long before the stream grows fourfold.
    if (this.catchUp >= this.slotsInUse) this.catchUp = 0;
    const s = this.catchUp++;
    if (this.alive[s] === 1) this.docDist(s);
  }

  private reserveArena(n: number): number {
    if (this.arenaUsed + n > this.arenaTerms.length) {
      // Live documents take what the dead ones leave; the arena doubles only when that is not enough.
      this.compactArena(n);
    }
    const start = this.arenaUsed;
    this.arenaUsed += n;
    return start;
  }

  private compactArena(extra: number): void {
    let liveTerms = 0;
    for (let s = 0; s < this.slotsInUse; s++) if (this.alive[s] === 1) liveTerms += this.termCount[s] ?? 0;
    const size = Math.max(this.arenaTerms.length, 2 * (liveTerms + extra));
    const terms = new Int32Array(size);
    const mask = new Uint8Array(size);
    const weight = new Uint8Array(size);
    let w = 0;
    for (let s = 0; s < this.slotsInUse; s++) {
      if (this.alive[s] !== 1) continue;
      const from = this.termStart[s] ?? 0;
      const n = this.termCount[s] ?? 0;
      terms.set(this.arenaTerms.subarray(from, from + n), w);
      mask.set(this.arenaMask.subarray(from, from + n), w);
      weight.set(this.arenaWeight.subarray(from, from + n), w);
      this.termStart[s] = w;
      w += n;
    }
    this.arenaTerms = terms;
    this.arenaMask = mask;
    this.arenaWeight = weight;
    this.arenaUsed = w;
  }

  private features(slot: number): Features {
    const start = this.termStart[slot] ?? 0;
    return {
      ids: this.arenaTerms,
      weights: this.arenaWeight,
      start,
      end: start + (this.termCount[slot] ?? 0),
    };
  }

  remove(id: string): boolean {
    const slot = this.byId.get(id);
    if (slot === undefined) return false;
    this.byId.delete(id);
    if (this.alive[slot] !== 1) return false;
    this.alive[slot] = 0;
    this.ids[slot] = undefined;
    this.titles[slot] = '';
    this.urls[slot] = '';
    this.images[slot] = undefined;
    this.categories[slot] = undefined;
    this.oddTimes.delete(slot);
    this.live--;
    for (let f = 0; f < 4; f++) this.lenSums[f] = (this.lenSums[f] ?? 0) - (this.lens[4 * slot + f] ?? 0);
    const start = this.termStart[slot] ?? 0;
    const end = start + (this.termCount[slot] ?? 0);
    for (let i = start; i < end; i++) this.postings.drop(this.arenaTerms[i] ?? 0);
    const key = this.urlKeys[slot] ?? '';
    const urls = this.byUrl.get(key);
    if (urls === slot) this.byUrl.delete(key);
    else if (Array.isArray(urls)) {
      const rest = urls.filter((s) => s !== slot);
      if (rest.length === 1) this.byUrl.set(key, rest[0] ?? 0);
      else this.byUrl.set(key, rest);
    }
    const c = this.cat[slot] ?? -1;
    if (c >= 0) this.model.remove(c, this.features(slot));
    // Postings and time lists keep the dead slot until compaction; only then may the slot be reused.
    this.deadSlots.push(slot);
    if (this.deadSlots.length > Math.max(1024, this.live / 4)) this.compact();
    return true;
  }

  private compact(): void {
    const alive = (s: number) => this.alive[s] === 1;
    this.postings.compact(alive);
    this.byTime.compact(alive);
    for (let c = 0; c < this.byCategory.length; c++) {
      const list = this.byCategory[c];
      if (list === undefined) continue;
      list.compact(alive);
      if (list.length === 0) this.byCategory[c] = undefined;
    }
    for (const s of this.deadSlots) this.urlKeys[s] = '';
    this.freeSlots.push(...this.deadSlots);
    this.deadSlots = [];
  }

  pruneExpired(nowMs: number): string[] {
    const ids: string[] = [];
    for (let s = 0; s < this.slotsInUse; s++) {
      if (this.alive[s] !== 1 || (this.exp[s] ?? 0) > nowMs) continue;
      const id = this.ids[s];
      if (id !== undefined) ids.push(id);
    }
    for (const id of ids) this.remove(id);
    return ids;
  }

  clear(): void {
    this.termIds.clear();
    this.localOf.fill(0);
    this.termNames = [];
    this.sortedTerms = [];
    this.postings.clear();
    this.capitalised.fill(0);
    this.lowercase.fill(0);
    this.ids = [];
    this.titles = [];
    this.urls = [];
    this.images = [];
    this.categories = [];
    this.oddTimes.clear();
    this.urlKeys = [];
    this.alive.fill(0);
    this.slotsInUse = 0;
    this.freeSlots = [];
    this.deadSlots = [];
    this.arenaUsed = 0;
    this.byId.clear();
    this.byUrl.clear();
    this.byTime.clear();
    this.byCategory = [];
    this.model.clear();
    this.lenSums.fill(0);
    this.live = 0;
    this.catchUp = 0;
  }

  /** Live stems sharing the longest prefix (≥ 5 letters, ≥ 70 % of the shorter) with an unknown stem. */
  private prefixNeighbours(stem: string): number[] {
    if (stem.length < 5) return [];
    if (this.sortedTerms.length * 1.05 < this.termIds.size || this.sortedTerms.length > this.termIds.size) {
      this.sortedTerms = [...this.termNames].sort();
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
      if (id === undefined || this.postings.df(id) === 0) continue;
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

  private sampleCategory(key: string, max: number, visit: (f: Features) => void): void {
    const c = this.model.categoryId(key);
    const list = c === undefined ? undefined : this.byCategory[c];
    let n = 0;
    list?.forEachNewest((slot) => {
      if (n >= max) return false;
      if (this.alive[slot] !== 1) return true;
      n++;
      visit(this.features(slot));
      return true;
    });
  }

  /** Category distribution of a document (its label's mass plus what its words say), cached per slot. */
  private docDist(slot: number): number {
    if (this.distVer[slot] === this.model.distVersion) return this.distLen[slot] ?? 0;
    const c = this.cat[slot] ?? -1;
    const base = DIST_K * slot;
    let n = 0;
    let minAt = 0;
    this.model.predictEach(this.features(slot), c < 0 ? undefined : c, 0.5, (id, p) => {
      if (n < DIST_K) {
        this.distIds[base + n] = id;
        this.distP[base + n] = p;
        n++;
      } else {
        // Full: replace the smallest entry when this one is larger.
        minAt = 0;
        for (let i = 1; i < DIST_K; i++)
          if ((this.distP[base + i] ?? 0) < (this.distP[base + minAt] ?? 0)) minAt = i;
        if (p > (this.distP[base + minAt] ?? 0)) {
          this.distIds[base + minAt] = id;
          this.distP[base + minAt] = p;
        }
      }
    });
    this.distLen[slot] = n;
    this.distVer[slot] = this.model.distVersion;
    return n;
  }

  /** Dot product of a slot's category distribution with a projected query vector. */
  private affinity(slot: number, projected: Float64Array): number {
    const n = this.docDist(slot);
    const base = DIST_K * slot;
    let s = 0;
    for (let i = 0; i < n; i++)
      s += (this.distP[base + i] ?? 0) * (projected[this.distIds[base + i] ?? 0] ?? 0);
    return s;
  }

  /** Topic affinity from the cached distribution, else estimated from the label (unlabelled: neutral). */
  private quickTopic(slot: number, projected: Float64Array): number {
    if (this.distVer[slot] === this.model.distVersion) return this.affinity(slot, projected);
    const c = this.cat[slot] ?? -1;
    return c < 0 ? 0.5 : (projected[c] ?? 0);
  }

  /** Adds the BM25F contributions of one term to the accumulators, newest postings first. */
  private scoreTerm(term: number, weight: number, budget: number): number {
    const df = this.postings.df(term);
    if (df === 0) return 0;
    if (df > COMMON_DF_SHARE * this.live && this.live > 2000) return 0;
    const list = this.postings.list(term);
    if (list === undefined) return 0;
    const w = weight * idf(df, this.live);
    const q = this.queryNo;
    const n = this.postings.length(term);
    const end = Math.max(0, n - Math.min(MAX_POSTINGS_SCAN, budget));
    const acc = this.acc;
    const stamp = this.stamp;
    const alive = this.alive;
    for (let i = n - 1; i >= end; i--) {
      const slot = list[2 * i] ?? 0;
      if (alive[slot] !== 1) continue;
      const s = w * (list[2 * i + 1] ?? 0);
      if (stamp[slot] !== q) {
        stamp[slot] = q;
        acc[slot] = s;
        if (this.touchedLen === this.touched.length)
          this.touched = grow(this.touched, this.touchedLen + 1, (k) => new Int32Array(k));
        this.touched[this.touchedLen++] = slot;
      } else acc[slot] = (acc[slot] ?? 0) + s;
    }
    return n - end;
  }

  private nextQuery(): void {
    this.queryNo = (this.queryNo + 1) >>> 0;
    if (this.queryNo === 0) {
      this.stamp.fill(0);
      this.candMark.fill(0);
      this.queryNo = 1;
    }
    this.touchedLen = 0;
    this.cands.reset();
  }

  /** Dictionary term numbers of a query text (stop words left out, repeats kept), cached. */
  private stems(text: string): Int32Array {
    const hit = this.analyzed.get(text);
    if (hit !== undefined && hit.generation === dictionary.generation) return hit.terms;
    const found: number[] = [];
    const collect = (n: number) => {
      found.push(n);
    };
    let generation = dictionary.generation;
    dictionary.scan(text, collect);
    if (generation !== dictionary.generation) {
      // The dictionary started over during the scan: the numbers before that are stale.
      found.length = 0;
      generation = dictionary.generation;
      dictionary.scan(text, collect);
    }
    const terms = Int32Array.from(found);
    this.analyzed.set(text, { generation, terms });
    return terms;
  }

  /** This index's id of a dictionary term number; -1 when no headline of the index has the term. */
  private knownId(n: number): number {
    if (this.dictGeneration !== dictionary.generation) {
      this.dictGeneration = dictionary.generation;
      this.localOf.fill(0);
    }
    const local = n < this.localOf.length ? (this.localOf[n] ?? 0) : 0;
    if (local > 0) return local - 1;
    const id = this.termIds.get(dictionary.names[n] ?? '');
    if (id === undefined) return -1;
    this.localOf = grow(this.localOf, n + 1, (k) => new Int32Array(k));
    this.localOf[n] = id + 1;
    return id;
  }

  private queryTerms(q: RankQuery, host: number): QueryTerms {
    const out: QueryTerms = { ids: [], bm: [], nb: [] };
    const at = new Map<number, number>();
    const put = (id: number, bm: number, nb: number) => {
      const i = at.get(id);
      if (i === undefined) {
        at.set(id, out.ids.length);
        out.ids.push(id);
        out.bm.push(bm);
        out.nb.push(nb);
      } else {
        out.bm[i] = Math.max(out.bm[i] ?? 0, bm);
        out.nb[i] = Math.max(out.nb[i] ?? 0, nb);
      }
    };
    const addText = (text: string | undefined, bm: number, nb: number) => {
      if (text === undefined || text === '') return;
      for (const n of this.stems(text)) {
        const id = this.knownId(n);
        if (id >= 0 && this.postings.df(id) > 0) put(id, bm, nb);
        // A word the stream never used: its closest known stems by shared prefix, at half weight.
        else for (const i of this.prefixNeighbours(dictionary.names[n] ?? '')) put(i, bm * 0.5, nb * 0.5);
      }
    };
    if (host >= 0) {
      // The stored host article: its fields, read from the arena.
      const start = this.termStart[host] ?? 0;
      const end = start + (this.termCount[host] ?? 0);
      for (let i = start; i < end; i++) {
        const mask = this.arenaMask[i] ?? 0;
        const bm = Math.max(
          mask & TITLE ? 1 : 0,
          mask & TAGS ? 0.7 : 0,
          mask & CATEGORY ? 0.5 : 0,
          mask & SUMMARY ? 0.4 : 0,
        );
        const nb = mask & TITLE ? 2 : 1;
        put(this.arenaTerms[i] ?? 0, bm, nb);
      }
    }
    addText(q.title, 1, 2);
    // A page that sends no title and is not stored: the words of its URL's slug ("apple-lanseaza-iphone").
    if (host < 0 && (q.title === undefined || q.title.trim() === '') && q.articleUrl !== undefined)
      addText(slugText(q.articleUrl), 0.8, 1.5);
    for (const k of q.keywords ?? []) addText(k, 1, 1);
    addText(q.section, 0.5, 1);
    return out;
  }

  rank(q: RankQuery): RankedItem[] {
    const limit = Math.max(0, Math.min(20, Math.floor(q.limit)));
    if (limit === 0 || this.live === 0) return [];
    const maxPerOutlet = Math.max(1, Math.floor(q.maxPerOutlet));
    const random = q.random ?? Math.random;
    if (this.live < INGEST_REFRESH_FROM || this.model.version === 0) this.model.refresh();

    // The host article: its stored record when we know its URL, else what the page told us.
    const articleKey = q.articleUrl === undefined ? undefined : urlKey(q.articleUrl);
    let host = -1;
    if (articleKey !== undefined) {
      const slots = this.byUrl.get(articleKey);
      if (slots !== undefined) host = typeof slots === 'number' ? slots : (slots[0] ?? -1);
    }

    const allowed = this.rules(q, articleKey === undefined ? undefined : this.byUrl.get(articleKey));
    const terms = this.queryTerms(q, host);
    this.nextQuery();
    if (terms.ids.length > 0) this.collectRelevant(q, host, allowed, terms);

    // Scores: relevance × freshness × click-through factor (bounded, see ctrFactor), for the best of
    // each group only: a factor within [1/1.3, 1.3] cannot lift anything from further down.
    const c = this.cands;
    const ranked: number[] = [];
    const weak: number[] = [];
    for (let i = 0; i < c.length; i++) {
      const rel = c.relevance[i] ?? 0;
      if (rel < WEAK_AT) continue;
      const slot = c.slots[i] ?? 0;
      c.score[i] = rel * freshness(q.nowMs - (this.pub[slot] ?? 0), this.halfLife[slot] ?? 24);
      (rel >= RELEVANT_AT ? ranked : weak).push(i);
    }
    // Ties (relevance is capped at 1) go to the stronger word match.
    const byScore = (a: number, b: number) =>
      (c.score[b] ?? 0) - (c.score[a] ?? 0) || (c.bm25[b] ?? 0) - (c.bm25[a] ?? 0);
    const pool = topBy(ranked, SCORED_POOL, c.score);
    const weakPool = topBy(weak, SCORED_POOL, c.score);
    if (q.engagement !== undefined) {
      const stats: Engagement[] = [];
      const seen: Array<Engagement | undefined> = [];
      for (const i of [...pool, ...weakPool]) {
        const e = q.engagement(this.ids[c.slots[i] ?? 0] ?? '');
        seen.push(e);
        if (e !== undefined) stats.push(e);
      }
      const ctr0 = pooledCtr(stats);
      let k = 0;
      for (const i of [...pool, ...weakPool])
        c.score[i] = (c.score[i] ?? 0) * ctrFactor(seen[k++], ctr0, random);
    }
    pool.sort(byScore);
    weakPool.sort(byScore);

    const out: RankedItem[] = [];
    const perOutlet = new Map<number, number>();
    const chosen: number[] = [];
    const chosenTitles: Int32Array[] = [];
    const hostTitle = host >= 0 ? this.titleIds(host) : this.queryTitleIds(q.title);
    const take = (slot: number): boolean => {
      const outlet = this.partner[slot] ?? 0;
      if ((perOutlet.get(outlet) ?? 0) >= maxPerOutlet) return false;
      const title = this.titleIds(slot);
      // The article's own story told by another outlet (a stricter test: a short query title is no story).
      if (isNearDuplicate(hostTitle, title, HOST_DUPLICATE)) return false;
      // Same story as an item already chosen: keep the first (best) one only.
      for (let k = 0; k < chosen.length; k++)
        if (this.sameStory(chosen[k] ?? 0, chosenTitles[k] ?? title, slot, title)) return false;
      perOutlet.set(outlet, (perOutlet.get(outlet) ?? 0) + 1);
      chosen.push(slot);
      chosenTitles.push(title);
      return true;
    };
    const emit = (i: number, reason: RankedItem['reason']) => {
      const slot = c.slots[i] ?? 0;
      if (out.length >= limit || this.ids[slot] === undefined || !take(slot)) return;
      const headline = this.headlineAt(slot);
      if (headline === undefined) return;
      out.push({ headline, score: c.score[i] ?? 0, relevance: c.relevance[i] ?? 0, reason });
    };
    for (const i of pool) emit(i, 'relevant');
    // Fallback, first what is weakly on topic, then the freshest allowed headlines, under the same rules,
    // so a widget with live headlines is never empty.
    for (const i of weakPool) emit(i, 'fallback');
    if (out.length < limit) {
      let scanned = 0;
      const q0 = this.queryNo;
      this.byTime.forEachNewest((slot) => {
        if (out.length >= limit || scanned++ > FALLBACK_SCAN) return false;
        if (this.ids[slot] === undefined || !allowed(slot) || chosen.includes(slot)) return true;
        if (!take(slot)) return true;
        const headline = this.headlineAt(slot);
        if (headline === undefined) return true;
        const i = this.candMark[slot] === q0 ? (this.candPos[slot] ?? -1) : -1;
        const relevance = i < 0 ? 0 : (c.relevance[i] ?? 0);
        out.push({
          headline,
          score: relevance * freshness(q.nowMs - (this.pub[slot] ?? 0), this.halfLife[slot] ?? 24),
          relevance,
          reason: 'fallback',
        });
        return true;
      });
    }
    return out;
  }

  /** The hard rules of one query as a predicate over slots (alive, not expired, not the article...). */
  private rules(q: RankQuery, article: number | number[] | undefined): (slot: number) => boolean {
    const blocked = new Uint8Array(this.partnerIds.size);
    if (q.includePartners !== undefined) {
      blocked.fill(1);
      for (const p of q.includePartners) {
        const id = this.partnerIds.get(p);
        if (id !== undefined) blocked[id] = 0;
      }
    }
    for (const p of q.excludePartners ?? []) {
      const id = this.partnerIds.get(p);
      if (id !== undefined) blocked[id] = 1;
    }
    const blockedCats = new Set<number>();
    for (const k of q.excludeCategories ?? []) {
      const id = this.model.categoryId(foldKey(k));
      if (id !== undefined) blockedCats.add(id);
    }
    const ids = q.excludeIds !== undefined && q.excludeIds.size > 0 ? q.excludeIds : undefined;
    const now = q.nowMs;
    // The article itself: the slots stored under its URL.
    const article0 = typeof article === 'number' ? article : -1;
    const articles = typeof article === 'object' ? article : undefined;
    return (slot) =>
      this.alive[slot] === 1 &&
      (this.exp[slot] ?? 0) > now &&
      blocked[this.partner[slot] ?? 0] !== 1 &&
      (blockedCats.size === 0 || !blockedCats.has(this.cat[slot] ?? -1)) &&
      slot !== article0 &&
      (articles === undefined || !articles.includes(slot)) &&
      (ids === undefined || !ids.has(this.ids[slot] ?? ''));
  }

  /** Lexical candidates (BM25F, then pseudo-relevance feedback) and topical ones (learned categories). */
  private collectRelevant(
    q: RankQuery,
    host: number,
    allowed: (slot: number) => boolean,
    qt: QueryTerms,
  ): void {
    const n = this.live;
    // Rarest, heaviest terms first; a handful carry nearly all the evidence.
    const order = qt.ids
      .map((id, i) => ({ id, w: qt.bm[i] ?? 0, s: (qt.bm[i] ?? 0) * idf(this.postings.df(id), n) }))
      .filter((t) => t.w > 0)
      .sort((a, b) => b.s - a.s)
      .slice(0, MAX_QUERY_TERMS);
    const selfMax = order.reduce((sum, t) => sum + t.s, 0);
    let budget = POSTINGS_BUDGET;
    for (const t of order) budget -= this.scoreTerm(t.id, t.w, budget);
    const lexical = this.topSlots(0, LEXICAL_CANDIDATES, allowed);

    // What category the article is about, learned from the stream; the section is a label when known.
    const sectionKey = q.section === undefined ? '' : foldKey(q.section);
    const hostCat = host >= 0 ? (this.cat[host] ?? -1) : -1;
    const label = hostCat >= 0 ? hostCat : sectionKey === '' ? undefined : this.model.categoryId(sectionKey);
    // A stored host is predicted from its own record, left out of its category like any document.
    const predicted =
      host >= 0
        ? this.model.predict(this.features(host), label, 0.5, hostCat)
        : this.model.predict(
            { ids: qt.ids, weights: qt.nb, start: 0, end: qt.ids.length },
            label,
            hostCat >= 0 ? 0.5 : 0.3,
          );
    // Topic feedback: the categories of the best lexical hits (weighted by their BM25 share) join the
    // article's predicted distribution, so a few matching words carry their neighbours' topic along.
    const qDist = this.topicFeedback(predicted, lexical);
    const projected = this.model.project(qDist);
    const hasTopic = qDist.ids.length > 0;

    const c = this.cands;
    const lexNorm = (bm: number) => Math.min(1, bm / Math.max(1e-9, 0.5 * selfMax));
    const relevance = (bm: number, topic: number) =>
      hasTopic ? TOPIC_SHARE * topic + (1 - TOPIC_SHARE) * lexNorm(bm) : lexNorm(bm);
    const q0 = this.queryNo;
    const consider = (slot: number) => {
      if (this.candMark[slot] === q0 || slot === host) return;
      const bm = this.stamp[slot] === q0 ? (this.acc[slot] ?? 0) : 0;
      const topic = hasTopic ? this.quickTopic(slot, projected) : 0;
      this.candMark[slot] = q0;
      this.candPos[slot] = c.push(slot, bm, topic, relevance(bm, topic));
    };
    for (const slot of lexical) consider(slot);

    // Topical candidates: the freshest allowed items of the categories closest to the article.
    if (hasTopic) {
      const cats: Array<{ id: number; v: number }> = [];
      for (let id = 0; id < this.byCategory.length; id++) {
        const v = this.byCategory[id] === undefined ? 0 : (projected[id] ?? 0);
        if (v > 0.2) cats.push({ id, v });
      }
      cats.sort((a, b) => b.v - a.v);
      for (const { id } of cats.slice(0, TOPIC_CATEGORIES)) {
        let taken = 0;
        this.byCategory[id]?.forEachNewest((slot) => {
          if (taken >= TOPIC_PER_CATEGORY) return false;
          if (!allowed(slot)) return true;
          consider(slot);
          taken++;
          return true;
        });
      }
    }

    // Pseudo-relevance feedback: title/tag terms shared by the best first-round hits join the query.
    const withBm: number[] = [];
    for (let i = 0; i < c.length; i++) if ((c.bm25[i] ?? 0) > 0) withBm.push(i);
    const top = topBy(withBm, PRF_DOCS, c.relevance);
    const inQuery = new Set(qt.ids);
    const expansion = new Map<number, number>();
    for (const i of top) {
      const slot = c.slots[i] ?? 0;
      const start = this.termStart[slot] ?? 0;
      const end = start + (this.termCount[slot] ?? 0);
      for (let k = start; k < end; k++) {
        if (((this.arenaMask[k] ?? 0) & (TITLE | TAGS)) === 0) continue;
        const t = this.arenaTerms[k] ?? 0;
        if (inQuery.has(t)) continue;
        const df = this.postings.df(t);
        if (df < 2) continue;
        expansion.set(t, (expansion.get(t) ?? 0) + (c.relevance[i] ?? 0) * idf(df, n));
      }
    }
    const extra = [...expansion]
      .filter(([, s]) => s > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, PRF_TERMS);
    const best = extra[0]?.[1] ?? 0;
    if (best > 0 && top.length >= 2) {
      const from = this.touchedLen;
      let left = POSTINGS_BUDGET / 2;
      for (const [id, s] of extra) left -= this.scoreTerm(id, PRF_WEIGHT * (s / best), left);
      for (const slot of this.topSlots(from, LEXICAL_CANDIDATES / 3, allowed)) consider(slot);
      for (let i = 0; i < c.length; i++) {
        const slot = c.slots[i] ?? 0;
        const bm = this.stamp[slot] === q0 ? (this.acc[slot] ?? 0) : 0;
        c.bm25[i] = bm;
        c.relevance[i] = relevance(bm, c.topic[i] ?? 0);
      }
    }

    // The exact topic (naive Bayes over the headline's words) for the best candidates only; the cached
    // or label-based estimate already orders the rest.
    if (hasTopic) {
      const all: number[] = [];
      for (let i = 0; i < c.length; i++) all.push(i);
      for (const i of topBy(all, REFINE, c.relevance)) {
        const topic = this.affinity(c.slots[i] ?? 0, projected);
        c.topic[i] = topic;
        c.relevance[i] = relevance(c.bm25[i] ?? 0, topic);
      }
    }
  }

  private topicFeedback(predicted: CategoryDist, lexical: readonly number[]): CategoryDist {
    const share = TOPIC_FEEDBACK;
    if (share <= 0 || lexical.length === 0) return predicted;
    const hits = topBy(lexical, PRF_DOCS, this.acc);
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
      const w = (fb * (this.acc[slot] ?? 0)) / total;
      const len = this.docDist(slot);
      for (let i = 0; i < len; i++) {
        const id = this.distIds[DIST_K * slot + i] ?? 0;
        mix.set(id, (mix.get(id) ?? 0) + w * (this.distP[DIST_K * slot + i] ?? 0));
      }
    }
    return { ids: [...mix.keys()], p: [...mix.values()] };
  }

  /** The k allowed slots touched since `from` with the highest accumulated score (a bounded min-heap). */
  private topSlots(from: number, k: number, allowed: (slot: number) => boolean): number[] {
    const heap: number[] = [];
    const acc = this.acc;
    const touched = this.touched;
    for (let n = from; n < this.touchedLen; n++) {
      const slot = touched[n] ?? 0;
      const v = acc[slot] ?? 0;
      // Rules are checked only for slots that would enter the heap: most touched slots never do.
      if (heap.length === k && v <= (acc[heap[0] ?? 0] ?? 0)) continue;
      if (!allowed(slot)) continue;
      if (heap.length < k) {
        heap.push(slot);
        let i = heap.length - 1;
        while (i > 0) {
          const p = (i - 1) >> 1;
          const up = heap[p] ?? 0;
          if ((acc[up] ?? 0) <= v) break;
          heap[i] = up;
          i = p;
        }
        heap[i] = slot;
        continue;
      }
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= k) break;
        const r = l + 1;
        const m = r < k && (acc[heap[r] ?? 0] ?? 0) < (acc[heap[l] ?? 0] ?? 0) ? r : l;
        const child = heap[m] ?? 0;
        if ((acc[child] ?? 0) >= v) break;
        heap[i] = child;
        i = m;
      }
      heap[i] = slot;
    }
    return heap;
  }

  /** Sorted unique title term ids of a slot. */
  private titleIds(slot: number): Int32Array {
    const start = this.termStart[slot] ?? 0;
    const end = start + (this.termCount[slot] ?? 0);
    let n = 0;
    for (let i = start; i < end; i++) if ((this.arenaMask[i] ?? 0) & TITLE) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let i = start; i < end; i++)
      if ((this.arenaMask[i] ?? 0) & TITLE) out[n++] = this.arenaTerms[i] ?? 0;
    return out;
  }

  private queryTitleIds(title: string | undefined): Int32Array {
    if (title === undefined) return new Int32Array(0);
    const ids = new Set<number>();
    for (const n of this.stems(title)) {
      const id = this.knownId(n);
      if (id >= 0) ids.add(id);
    }
    return Int32Array.from(ids).sort();
  }

  /**
   * Whether two headlines (slots with their title term ids) tell the same story: most title words
   * shared, or — when two outlets word it differently — the same rare names (words the stream writes
   * capitalised), in related categories, published within STORY_WINDOW_MS of each other.
   */
  private sameStory(a: number, titleA: Int32Array, b: number, titleB: Int32Array): boolean {
    if (isNearDuplicate(titleA, titleB, DUPLICATE)) return true;
    if (Math.abs((this.pub[a] ?? 0) - (this.pub[b] ?? 0)) > STORY_WINDOW_MS) return false;
    const ca = this.cat[a] ?? -1;
    const cb = this.cat[b] ?? -1;
    if (ca >= 0 && cb >= 0 && this.model.similarity(ca, cb) < STORY_CATEGORY_SIMILARITY) return false;
    return this.sharedNames(a, b) >= STORY_NAMES;
  }

  /** Rare names (title or summary) two slots share; a name is rare below STORY_NAME_DF_SHARE of the stream. */
  private sharedNames(a: number, b: number): number {
    const maxDf = Math.max(STORY_NAME_DF_MIN, STORY_NAME_DF_SHARE * this.live);
    let i = this.termStart[a] ?? 0;
    const iEnd = i + (this.termCount[a] ?? 0);
    let j = this.termStart[b] ?? 0;
    const jEnd = j + (this.termCount[b] ?? 0);
    let shared = 0;
    while (i < iEnd && j < jEnd) {
      const x = this.arenaTerms[i] ?? 0;
      const y = this.arenaTerms[j] ?? 0;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        const inText = TITLE | SUMMARY;
        if (
          ((this.arenaMask[i] ?? 0) & inText) !== 0 &&
          ((this.arenaMask[j] ?? 0) & inText) !== 0 &&
          (this.capitalised[x] ?? 0) > (this.lowercase[x] ?? 0) &&
          this.postings.df(x) <= maxDf
        )
          shared++;
        i++;
        j++;
      }
    }
    return shared;
  }
}

/** Candidates of one query, struct of arrays, reused across queries. */
class Candidates {
  length = 0;
  slots = new Int32Array(512);
  bm25 = new Float64Array(512);
  topic = new Float64Array(512);
  relevance = new Float64Array(512);
  score = new Float64Array(512);

  reset(): void {
    this.length = 0;
  }

  push(slot: number, bm25: number, topic: number, relevance: number): number {
    const i = this.length++;
    if (i >= this.slots.length) {
      const n = this.slots.length * 2;
      this.slots = grow(this.slots, n, (k) => new Int32Array(k));
      this.bm25 = grow(this.bm25, n, (k) => new Float64Array(k));
      this.topic = grow(this.topic, n, (k) => new Float64Array(k));
      this.relevance = grow(this.relevance, n, (k) => new Float64Array(k));
      this.score = grow(this.score, n, (k) => new Float64Array(k));
    }
    this.slots[i] = slot;
    this.bm25[i] = bm25;
    this.topic[i] = topic;
    this.relevance[i] = relevance;
    this.score[i] = 0;
    return i;
  }
}

/** The k items with the highest `key[item]`, via a bounded min-heap (no sort of all items); unordered. */
export function topBy(
  items: ArrayLike<number>,
  k: number,
  key: ArrayLike<number>,
  accept?: (item: number) => boolean,
): number[] {
  const heap: number[] = [];
  if (k <= 0) return heap;
  const v = (x: number) => key[x] ?? 0;
  const down = (i0: number) => {
    let i = i0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && v(heap[l] ?? 0) < v(heap[m] ?? 0)) m = l;
      if (r < heap.length && v(heap[r] ?? 0) < v(heap[m] ?? 0)) m = r;
      if (m === i) return;
      const t = heap[i] ?? 0;
      heap[i] = heap[m] ?? 0;
      heap[m] = t;
      i = m;
    }
  };
  for (let n = 0; n < items.length; n++) {
    const x = items[n] ?? 0;
    if (heap.length < k) {
      if (accept !== undefined && !accept(x)) continue;
      heap.push(x);
      let i = heap.length - 1;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (v(heap[p] ?? 0) <= v(heap[i] ?? 0)) break;
        const t = heap[i] ?? 0;
        heap[i] = heap[p] ?? 0;
        heap[p] = t;
        i = p;
      }
    } else if (v(x) > v(heap[0] ?? 0) && (accept === undefined || accept(x))) {
      heap[0] = x;
      down(0);
    }
  }
  return heap;
}
