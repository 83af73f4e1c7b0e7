// Learned term→category model: multinomial naive Bayes over stemmed terms by folded category name,
// maintained incrementally (O(terms of the document) per change), plus tables derived from it now and
// then — a category×category similarity learned from how the model confuses them (so "Politică",
// "Actualitate politică" and "Politic" from different outlets meet without a synonym table) and how
// catch-all each category is ("Știri", "Actualitate": their documents spread over many topics).
import { analyze } from './text.js';

/** A sparse probability distribution over category ids. */
export interface CategoryDist {
  ids: number[];
  p: number[];
}

/** Term ids with their weights, aligned, read from `start` (inclusive) to `end` (exclusive). */
export interface Features {
  ids: ArrayLike<number>;
  weights: ArrayLike<number>;
  start: number;
  end: number;
}

/** Categories need this many live documents before they are predicted. */
const MIN_DOCS = 2;
/** The derived tables learn at most this many categories, the largest: their similarity table is n × n. */
export const MAX_ACTIVE = 512;
/** Additive smoothing of P(term | category). */
const ALPHA = 0.3;
/** Distribution entries below this are dropped. */
const MIN_P = 0.01;
/** Documents per category used to learn the derived tables... */
const SAMPLE_DOCS = 40;
/** ...fewer (not under SAMPLE_MIN) past this many in all: a refresh's work grows with n², not n² × 40. */
const SAMPLE_BUDGET = 8192;
const SAMPLE_MIN = 8;
/** Confusion this many times above the average makes two categories one topic. */
const FULL_LIFT = 5;
/**
 * A lift counts swapped documents, each direction by how many documents it was measured on, and adds this
 * many documents' worth to both its observed and its expected side: a section whose two documents land in
 * a large one (by the large one's prior as much as by their words) says less than forty documents do.
 */
const LIFT_PRIOR = 0.02;
/** Entries kept per category of where its documents go, for the two-step lift (n × this work per row). */
const WALK_TOP = 64;
/** Derived tables are refreshed when this share of the documents changed since the last refresh. */
const REFRESH_SHARE = 0.1;
/** Cohesion (share of words two documents have in common) against that of a typical well-sampled
 * category, where a category starts / ends being catch-all; smaller categories count less. */
const GENERIC_FROM = 0.6;
const GENERIC_TO = 0.35;
const GENERIC_DOCS = 8;
/** A label's mass follows the words to a related category they point at with this much posterior... */
const REFINE_MIN_P = 0.4;
/** ...when the two categories are at least this similar (learned). */
const REFINE_MIN_SIM = 0.2;
/**
 * A query's label keeps the words' mass on categories this similar to it (its neighbourhood, see
 * LABEL_TRUST): a section the page sent, or its stored category, is evidence of one topic, so only what is
 * clearly that topic is near it; a section guessed from the words (GUESSED_LABEL_NEAR) is itself unsure, so
 * the words keep their mass on a wider neighbourhood.
 */
const LABEL_NEAR = 0.4;
export const GUESSED_LABEL_NEAR = 0.2;

/**
 * An article's (query's) topical label takes this share of the words' mass on unrelated categories (all
 * of it, less the label's catch-all-ness): a page filed under a topical section is about that topic, and
 * its words' other topics are passing mentions...
 */
export const LABEL_TRUST = 1;
/** ...unless the label is this catch-all or more; the mass spreads over the label's neighbourhood when the
 * words give it at least this much. */
const TRUST_MAX_GENERIC = 0.2;
const TRUST_MIN_RELATED = 0.05;
/** A query's label shares this much of its mass with the categories at least this similar to it, by
 * similarity × sqrt(live documents): its own section's headlines are usually the page's own outlet's. */
const LABEL_SPREAD = 0.3;
const SPREAD_MIN_SIM = 0.7;
/** A section the stream has not taught yet borrows the label of an active category this close by name. */
const NAME_LABEL_MIN = 0.3;

/**
 * Two partners' sections that are each other's closest among the other's, at a similarity of ALIGN_MIN
 * or more, are one topic: their similarity is raised to ALIGN_SIM (alignMutualBest). A category is a
 * partner's when OWNER_SHARE of its sampled headlines are that partner's; a partner's closest category
 * says something only when it had a choice, so one with fewer than ALIGN_CATEGORIES (a single-topic
 * outlet) aligns nothing.
 */
const ALIGN_MIN = 0.3;
const ALIGN_SIM = 0.7;
const OWNER_SHARE = 0.8;
const ALIGN_CATEGORIES = 5;

/**
 * What predicting a document's categories (predictEach) reads of a model, in arrays: a model rebuilt from it
 * on another thread (CategoryModel.restore) predicts exactly what the model it was taken from predicts.
 */
export interface ModelSnapshot {
  categories: number;
  docs: Float64Array<ArrayBuffer>;
  tokens: Float64Array<ArrayBuffer>;
  /** Per term id t its row's entries (category, count, log) at rowData[3·rowStart[t] .. 3·rowStart[t + 1]). */
  rowStart: Int32Array<ArrayBuffer>;
  rowData: Float64Array<ArrayBuffer>;
  vocab: number;
  totalDocs: number;
  active: Int32Array<ArrayBuffer>;
  learned: Uint8Array<ArrayBuffer>;
  position: Int32Array<ArrayBuffer>;
  dims: number;
  sim: Float64Array<ArrayBuffer>;
  generic: Float64Array<ArrayBuffer>;
}

/** The buffers of a snapshot (to transfer it to another thread rather than copy it). */
export function snapshotBuffers(m: ModelSnapshot): ArrayBuffer[] {
  return [m.docs, m.tokens, m.rowStart, m.rowData, m.active, m.learned, m.position, m.sim, m.generic].map(
    (a) => a.buffer,
  );
}

/**
 * Visits the features of up to `max` live documents of a category, with the number of the partner that
 * pushed each, for learning how categories relate.
 */
export type CategorySampler = (
  key: string,
  max: number,
  visit: (f: Features, partner: number) => void,
) => void;

/**
 * Cross-outlet section alignment over an n × n similarity (`sim`, by position; `owner[i]` the partner whose
 * category position i is, -1 when shared): for each two partners, a category of one and a category of the
 * other that are each other's most similar among the other partner's categories, with a similarity of at
 * least `min`, get at least `level` — one outlet's "Externe" and another's "Internațional" are one topic
 * even when 60 hours of headlines confuse them only moderately. Partners with fewer than `categories`
 * categories take no part. Returns how many pairs were raised.
 */
export function alignMutualBest(
  sim: Float64Array,
  n: number,
  owner: ArrayLike<number>,
  min = ALIGN_MIN,
  level = ALIGN_SIM,
  categories = ALIGN_CATEGORIES,
): number {
  // Partners with fewer than `categories` categories take no part.
  const count = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const o = owner[i] ?? -1;
    if (o >= 0) count.set(o, (count.get(o) ?? 0) + 1);
  }
  const own = Int32Array.from({ length: n }, (_, i) => {
    const o = owner[i] ?? -1;
    return o >= 0 && (count.get(o) ?? 0) >= categories ? o : -1;
  });
  const ownerOf = (i: number) => own[i] ?? -1;
  // Per position, per other partner: the position of its most similar category of that partner.
  const best: Array<Map<number, number>> = [];
  for (let i = 0; i < n; i++) {
    const byOwner = new Map<number, number>();
    best.push(byOwner);
    const oi = ownerOf(i);
    if (oi < 0) continue;
    for (let j = 0; j < n; j++) {
      const oj = ownerOf(j);
      if (oj < 0 || oj === oi) continue;
      const b = byOwner.get(oj);
      if (b === undefined || (sim[i * n + j] ?? 0) > (sim[i * n + b] ?? 0)) byOwner.set(oj, j);
    }
  }
  let raised = 0;
  for (let i = 0; i < n; i++) {
    const oi = ownerOf(i);
    for (const j of best[i]?.values() ?? []) {
      if (j <= i || best[j]?.get(oi) !== i) continue;
      const v = sim[i * n + j] ?? 0;
      if (v < min || v >= level) continue;
      sim[i * n + j] = level;
      sim[j * n + i] = level;
      raised++;
    }
  }
  return raised;
}

/**
 * Weighted Jaccard similarity of two category names' stems ("actualitate politica" ~ "politica"), each
 * stem weighed by how rare it is among the names in use (`weight`): a word most sections share
 * ("stiri / externe", "stiri / sport") says little.
 */
function nameSimilarity(
  a: ReadonlySet<string> | undefined,
  b: ReadonlySet<string> | undefined,
  weight: (stem: string) => number,
): number {
  if (a === undefined || b === undefined || a.size === 0 || b.size === 0) return 0;
  let common = 0;
  let all = 0;
  for (const t of a) {
    const w = weight(t);
    all += w;
    if (b.has(t)) common += w;
  }
  for (const t of b) if (!a.has(t)) all += weight(t);
  return all > 0 ? common / all : 0;
}

/** A lift (1: as confused as average) as a similarity: 0 up to 1, 1 from FULL_LIFT. */
function liftSimilarity(lift: number): number {
  return Math.min(1, Math.max(0, (lift - 1) / (FULL_LIFT - 1)));
}

/** One direction of a swap: the share of one category's `docs` sampled documents predicted as the other
 * category, and the share an average category's documents are (that category's column mean). */
export interface Swap {
  rate: number;
  docs: number;
  average: number;
}

/**
 * The similarity two categories' swap of documents says (liftSimilarity), its lift counted in documents
 * with LIFT_PRIOR documents' worth added to both sides: the same rates say less from two documents than
 * from forty.
 */
export function evidenceLift(a: Swap, b: Swap): number {
  const observed = a.rate * a.docs + b.rate * b.docs;
  const expected = a.average * a.docs + b.average * b.docs;
  return liftSimilarity((observed + LIFT_PRIOR) / (expected + LIFT_PRIOR));
}

/** Per column of an n × n matrix, the mean over its rows. */
function columnMeans(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j] = (out[j] ?? 0) + (m[i * n + j] ?? 0) / n;
  return out;
}

/**
 * T² for the walk T whose row i is where category i's documents go (its confusion row, normalised to
 * sum 1), each row of T cut to its WALK_TOP largest entries: n² × WALK_TOP work, not n³.
 */
export function twoStepWalk(confusion: Float64Array, n: number): Float64Array {
  const top = Math.min(WALK_TOP, n);
  const cols = new Int32Array(n * top);
  const vals = new Float64Array(n * top);
  const sorted = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const row = confusion.subarray(i * n, (i + 1) * n);
    let sum = 0;
    for (let j = 0; j < n; j++) sum += row[j] ?? 0;
    // The row's `top` largest entries: those above the top-th largest value, then ties in index order.
    sorted.set(row);
    sorted.sort();
    const cut = sorted[n - top] ?? 0;
    let k = 0;
    for (let pass = 0; pass < 2; pass++)
      for (let j = 0; j < n && k < top; j++) {
        const v = row[j] ?? 0;
        if (pass === 0 ? v <= cut : v !== cut) continue;
        cols[i * top + k] = j;
        vals[i * top + k] = sum > 0 ? v / sum : i === j ? 1 : 0;
        k++;
      }
  }
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let k = 0; k < top; k++) {
      const m = cols[i * top + k] ?? 0;
      const x = vals[i * top + k] ?? 0;
      if (x === 0) continue;
      for (let l = 0; l < top; l++) {
        const j = cols[m * top + l] ?? 0;
        out[i * n + j] = (out[i * n + j] ?? 0) + x * (vals[m * top + l] ?? 0);
      }
    }
  return out;
}

/** A category's log prior: its documents (add-one) among `total` (every document, plus one per active category). */
function logPrior(docs: number, total: number): number {
  return Math.log(docs + 1) - Math.log(total);
}

/** The log probability of a term a category's `tokens` never held, under add-ALPHA smoothing over `vocab`. */
function logUnseen(tokens: number, vocab: number): number {
  return Math.log(ALPHA / (Math.max(0, tokens) + ALPHA * vocab));
}

export class CategoryModel {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly names: Array<ReadonlySet<string>> = [];
  private docs: number[] = [];
  private tokens: number[] = [];
  /** term id → [category, count, log(1 + count/α), ...] (short: a term lives in a few categories). */
  private rows: Array<number[] | undefined> = [];
  private vocab = 0;
  private totalDocs = 0;
  /** Categories with at least one live document. */
  private live = 0;
  private mutations = 0;
  private refreshed = false;
  /** The categories the derived tables know, by id (at most MAX_ACTIVE). */
  private active: number[] = [];
  /**
   * Per category id below `dims`, what the last refresh saw: 1 active (the derived tables know it), 2 large
   * enough but left out by MAX_ACTIVE, 0 too small.
   */
  private learned = new Uint8Array(0);
  /** Per category id below `dims`: its position in `active` (the row of `sim`), or -1. */
  private position = new Int32Array(0);
  /** Categories whose live size puts them on the other side of MIN_DOCS than the last refresh saw. */
  private drift = 0;
  /** Similarity of the active categories, n × n by position in `active`. */
  private sim = new Float64Array(0);
  private generic = new Float64Array(0);
  private confusion = new Float64Array(0);
  private dims = 0;
  /** Per stem of the active categories' names: how many of those names hold it (for name weights). */
  private nameDf = new Map<string, number>();
  /** Closest active category by name, per folded key not (yet) active; cleared at every refresh. */
  private readonly byName = new Map<string, { id: number; sim: number } | undefined>();
  /** Per term id its concentration (see concentration()) and the refresh it was computed at. */
  private conc = new Float32Array(0);
  private concVer = new Int32Array(0);
  private logits = new Float64Array(16);
  private post = new Float64Array(16);
  /**
   * Per position in `active`, the parts of a category's score that depend on the model only (its prior and
   * the log of its unseen-term probability), as posterior() computes them; valid while `partsAt` is `stamp`.
   */
  private priors = new Float64Array(16);
  private unseen = new Float64Array(16);
  /** Per category id: 1 when it is active (isActive), as of `partsAt`. */
  private on = new Uint8Array(0);
  private partsAt = -1;
  /** Changes whenever counts or the active categories change (what `priors` and `unseen` depend on). */
  private stamp = 0;
  /** During a bulk load the rows' logs wait for `endLoad` (a count changes many times before it is read). */
  private loading = false;
  /** Changes whenever the derived tables were refreshed. */
  version = 0;
  /**
   * Changes at the first refresh and whenever the stream has grown or shrunk fourfold since: cached
   * document distributions computed under an older one are stale (learned from a much smaller stream).
   */
  distVersion = 0;
  private distDocs = 0;

  constructor(private readonly sampler: CategorySampler) {}

  /** What predictEach reads of this model, in arrays (see ModelSnapshot). */
  snapshot(): ModelSnapshot {
    const rowStart = new Int32Array(this.rows.length + 1);
    let entries = 0;
    for (let t = 0; t < this.rows.length; t++) {
      rowStart[t] = entries;
      entries += (this.rows[t]?.length ?? 0) / 3;
    }
    rowStart[this.rows.length] = entries;
    const rowData = new Float64Array(3 * entries);
    for (let t = 0; t < this.rows.length; t++) {
      const row = this.rows[t];
      if (row !== undefined) rowData.set(row, 3 * (rowStart[t] ?? 0));
    }
    return {
      categories: this.keys.length,
      docs: Float64Array.from(this.docs),
      tokens: Float64Array.from(this.tokens),
      rowStart,
      rowData,
      vocab: this.vocab,
      totalDocs: this.totalDocs,
      active: Int32Array.from(this.active),
      learned: this.learned.slice(),
      position: this.position.slice(),
      dims: this.dims,
      sim: this.sim.slice(),
      generic: this.generic.slice(),
    };
  }

  /** A model that predicts what the snapshot's model predicts (it learns nothing more: no sampler). */
  static restore(m: ModelSnapshot): CategoryModel {
    const model = new CategoryModel(() => {});
    for (let c = 0; c < m.categories; c++) model.keys.push('');
    model.docs = Array.from(m.docs);
    model.tokens = Array.from(m.tokens);
    const rows: Array<number[] | undefined> = [];
    for (let t = 0; t + 1 < m.rowStart.length; t++) {
      const from = 3 * (m.rowStart[t] ?? 0);
      const to = 3 * (m.rowStart[t + 1] ?? 0);
      rows.push(to > from ? Array.from(m.rowData.subarray(from, to)) : undefined);
    }
    model.rows = rows;
    model.vocab = m.vocab;
    model.totalDocs = m.totalDocs;
    model.active = Array.from(m.active);
    model.learned = m.learned;
    model.position = m.position;
    model.dims = m.dims;
    model.sim = m.sim;
    model.generic = m.generic;
    model.logits = new Float64Array(Math.max(16, 2 * m.categories));
    model.post = new Float64Array(Math.max(16, 2 * m.categories));
    model.stamp++;
    return model;
  }

  /** Category ids in use, live or not (see forgetDead). */
  get categories(): number {
    return this.keys.length;
  }

  /** Categories with at least one live document. */
  get liveCategories(): number {
    return this.live;
  }

  /** Debug view: the learned confusion between two categories. */
  confusionOf(a: number, b: number): number {
    this.refresh();
    const i = this.active.indexOf(a);
    const j = this.active.indexOf(b);
    const n = this.active.length;
    return i < 0 || j < 0 ? 0 : (this.confusion[i * n + j] ?? 0);
  }

  categoryId(key: string): number | undefined {
    return this.ids.get(key);
  }

  categoryKey(id: number): string | undefined {
    return this.keys[id];
  }

  /** Whether a category has live documents. */
  isLive(key: string): boolean {
    const c = this.ids.get(key);
    return c !== undefined && (this.docs[c] ?? 0) > 0;
  }

  /** The id of a category, created on first sight. */
  ensure(key: string): number {
    let c = this.ids.get(key);
    if (c === undefined) {
      c = this.keys.length;
      this.ids.set(key, c);
      this.keys.push(key);
      this.names.push(new Set(analyze(key)));
      this.docs.push(0);
      this.tokens.push(0);
    }
    return c;
  }

  add(c: number, f: Features): void {
    this.update(c, f, 1);
  }

  remove(c: number, f: Features): void {
    this.update(c, f, -1);
  }

  clear(): void {
    this.ids.clear();
    this.keys.length = 0;
    this.names.length = 0;
    this.nameDf = new Map();
    this.byName.clear();
    this.docs = [];
    this.tokens = [];
    this.rows = [];
    this.loading = false;
    this.vocab = 0;
    this.totalDocs = 0;
    this.live = 0;
    this.mutations = 0;
    this.refreshed = false;
    this.active = [];
    this.learned = new Uint8Array(0);
    this.position = new Int32Array(0);
    this.drift = 0;
    this.dims = 0;
    this.version++;
    this.distVersion++;
    this.distDocs = 0;
    this.stamp++;
  }

  /** A bulk load begins: counts change, nothing is predicted until `endLoad`. */
  beginLoad(): void {
    this.loading = true;
  }

  /** The end of a bulk load: each row entry's log, once, from its final count. */
  endLoad(): void {
    if (!this.loading) return;
    this.loading = false;
    for (const row of this.rows)
      for (let k = 0; row !== undefined && k < row.length; k += 3)
        row[k + 2] = Math.log1p((row[k + 1] ?? 0) / ALPHA);
    this.stamp++;
  }

  /**
   * Renumbers terms (`termNext[old]`) and categories by key, so that the ids depend on what was learned only,
   * not on the order it came in (the end of a bulk load, before the refresh); returns the new id of each
   * old category. The derived tables are stale until the next refresh.
   */
  renumber(termNext: Int32Array): Int32Array {
    const keys = this.keys;
    const order = keys
      .map((_, i) => i)
      .sort((a, b) => {
        const x = keys[a] ?? '';
        const y = keys[b] ?? '';
        return x < y ? -1 : x > y ? 1 : 0;
      });
    const next = new Int32Array(keys.length);
    for (let i = 0; i < order.length; i++) next[order[i] ?? 0] = i;
    this.moveCategories(next, keys.length);
    const rows: Array<number[] | undefined> = [];
    for (let t = 0; t < this.rows.length; t++) {
      const row = this.rows[t];
      if (row !== undefined) rows[termNext[t] ?? 0] = row;
    }
    this.rows = rows;
    return next;
  }

  /**
   * Forgets the categories no live document is in: the others keep their order under new ids. Returns the
   * new id of each old category (-1: forgotten). The derived tables are stale until the next refresh.
   */
  forgetDead(): Int32Array {
    const k = this.keys.length;
    const next = new Int32Array(k).fill(-1);
    let n = 0;
    for (let c = 0; c < k; c++) if ((this.docs[c] ?? 0) > 0) next[c] = n++;
    this.moveCategories(next, n);
    this.version++;
    return next;
  }

  /**
   * Gives each category `c` the id `next[c]` (-1: dropped, its counts must be gone), `n` ids in all: what is
   * kept per category, the key lookup and the rows' entries follow; the derived tables are stale until the
   * next refresh.
   */
  private moveCategories(next: Int32Array, n: number): void {
    const k = this.keys.length;
    const moved = <T>(xs: readonly T[], fill: T): T[] => {
      const out = new Array<T>(n).fill(fill);
      for (let c = 0; c < k; c++) {
        const to = next[c] ?? -1;
        if (to >= 0) out[to] = xs[c] ?? fill;
      }
      return out;
    };
    // In place, item by item: a spread of every category into one call overflows the stack past ~120k.
    const inPlace = <T>(xs: T[], items: readonly T[]) => {
      for (let i = 0; i < items.length; i++) xs[i] = items[i] as T;
      xs.length = items.length;
    };
    inPlace(this.keys, moved(this.keys, ''));
    inPlace(this.names, moved(this.names, new Set<string>()));
    this.docs = moved(this.docs, 0);
    this.tokens = moved(this.tokens, 0);
    this.learned = Uint8Array.from(moved(Array.from(this.learned), 0));
    this.ids.clear();
    for (let c = 0; c < n; c++) this.ids.set(this.keys[c] ?? '', c);
    for (let t = 0; t < this.rows.length; t++) {
      const row = this.rows[t];
      if (row === undefined) continue;
      // A dropped category has no counts left; an entry naming it would be stale.
      let w = 0;
      for (let r = 0; r < row.length; r += 3) {
        const to = next[row[r] ?? 0] ?? -1;
        if (to < 0) continue;
        row[w] = to;
        row[w + 1] = row[r + 1] ?? 0;
        row[w + 2] = row[r + 2] ?? 0;
        w += 3;
      }
      row.length = w;
      if (w === 0) {
        this.rows[t] = undefined;
        this.vocab--;
      }
    }
    this.drift = 0;
    for (let c = 0; c < n; c++) if (this.drifted(c)) this.drift++;
    this.position = new Int32Array(0);
    this.dims = 0;
    this.byName.clear();
    this.refreshed = false;
    this.stamp++;
  }

  private update(c: number, f: Features, sign: 1 | -1): void {
    this.stamp++;
    const wasOff = this.drifted(c);
    const before = this.docs[c] ?? 0;
    this.docs[c] = before + sign;
    this.live += (before + sign > 0 ? 1 : 0) - (before > 0 ? 1 : 0);
    this.drift += (this.drifted(c) ? 1 : 0) - (wasOff ? 1 : 0);
    this.totalDocs += sign;
    for (let i = f.start; i < f.end; i++) {
      const term = f.ids[i] ?? 0;
      const count = sign * (f.weights[i] ?? 0);
      if (count === 0) continue;
      let row = this.rows[term];
      if (row === undefined) {
        if (sign < 0) continue;
        row = [];
        this.rows[term] = row;
        this.vocab++;
      }
      let k = 0;
      while (k < row.length && row[k] !== c) k += 3;
      if (k === row.length) {
        if (sign < 0) continue;
        row.push(c, 0, 0);
      }
      const next = (row[k + 1] ?? 0) + count;
      if (next > 0) {
        row[k + 1] = next;
        if (!this.loading) row[k + 2] = Math.log1p(next / ALPHA);
      } else {
        row.splice(k, 3);
        if (row.length === 0) {
          this.rows[term] = undefined;
          this.vocab--;
        }
      }
      this.tokens[c] = (this.tokens[c] ?? 0) + count;
    }
    this.mutations++;
  }

  /** Whether a category's live size disagrees with what the last refresh learned of it (active or not). */
  private drifted(c: number): boolean {
    return (this.docs[c] ?? 0) >= MIN_DOCS !== (this.learned[c] ?? 0) > 0;
  }

  /** Share of the documents added or removed since the derived tables were learned. */
  get changedShare(): number {
    return this.refreshed ? this.mutations / Math.max(1, this.totalDocs) : 1;
  }

  /**
   * Whether the stream changed enough since the derived tables were learned: a share of its documents,
   * or a category became active (or stopped being) — until a refresh it has no similarity, so a label of
   * it cannot be used.
   */
  get stale(): boolean {
    return !this.refreshed || this.drift > 0 || this.mutations > Math.max(20, this.totalDocs * REFRESH_SHARE);
  }

  /** Recomputes the active categories, their similarity and genericness when the stream changed enough. */
  refresh(force = false): void {
    if (!force && !this.stale) return;
    this.refreshed = true;
    this.mutations = 0;
    this.version++;
    this.stamp++;
    if (this.distVersion === 0 || this.totalDocs > 4 * this.distDocs || 4 * this.totalDocs < this.distDocs) {
      this.distVersion++;
      this.distDocs = this.totalDocs;
    }
    const k = this.keys.length;
    this.dims = k;
    this.active = this.largestCategories();
    this.learned = new Uint8Array(k);
    this.position = new Int32Array(k).fill(-1);
    for (let c = 0; c < k; c++) if ((this.docs[c] ?? 0) >= MIN_DOCS) this.learned[c] = 2;
    for (let i = 0; i < this.active.length; i++) {
      const c = this.active[i] ?? 0;
      this.learned[c] = 1;
      this.position[c] = i;
    }
    this.drift = 0;
    if (this.logits.length < k) {
      this.logits = new Float64Array(k * 2);
      this.post = new Float64Array(k * 2);
    }
    // Where naive Bayes puts each category's documents when they are left out of it, against what an
    // average category sends to the same place: a lift well above 1 means two names for one topic
    // (outlets' "Economie", "Bani" and "Financiar" swap their documents).
    const n = this.active.length;
    const confusion = new Float64Array(n * n);
    const owner = new Int32Array(n).fill(-1);
    /** Documents of each category that took part (the lift's evidence). */
    const sampledDocs = new Float64Array(n);
    const sample = Math.min(SAMPLE_DOCS, Math.max(SAMPLE_MIN, Math.floor(SAMPLE_BUDGET / Math.max(1, n))));
    for (let i = 0; i < n; i++) {
      const c = this.active[i] ?? 0;
      let docs = 0;
      const partners = new Map<number, number>();
      let sampled = 0;
      this.sampler(this.keys[c] ?? '', sample, (f, partner) => {
        partners.set(partner, (partners.get(partner) ?? 0) + 1);
        sampled++;
        if (this.posterior(f, c) === 0) return;
        docs++;
        for (let j = 0; j < n; j++) confusion[i * n + j] = (confusion[i * n + j] ?? 0) + (this.post[j] ?? 0);
      });
      if (docs > 0) for (let j = 0; j < n; j++) confusion[i * n + j] = (confusion[i * n + j] ?? 0) / docs;
      sampledDocs[i] = docs;
      for (const [partner, count] of partners) if (count >= OWNER_SHARE * sampled) owner[i] = partner;
    }
    const colMean = columnMeans(confusion, n);
    // The swap of two categories' documents against what an average category swaps with them, counted
    // in documents: a small section's few documents lift it only as far as they are evidence.
    const lifted = (i: number, j: number) =>
      evidenceLift(
        { rate: confusion[i * n + j] ?? 0, docs: sampledDocs[i] ?? 0, average: colMean[j] ?? 0 },
        { rate: confusion[j * n + i] ?? 0, docs: sampledDocs[j] ?? 0, average: colMean[i] ?? 0 },
      );
    // Two steps of the same walk: a topic split into many sections ("externe / ue", "externe / rusia", …)
    // spreads each section's documents thinly over the others, but where they go, the others go too.
    const walk = twoStepWalk(confusion, n);
    const walkMean = columnMeans(walk, n);
    const walked = (i: number, j: number) =>
      liftSimilarity(
        ((walk[i * n + j] ?? 0) + (walk[j * n + i] ?? 0)) /
          Math.max(1e-9, (walkMean[i] ?? 0) + (walkMean[j] ?? 0)),
      );
    // Stems of the names in use, by how many active categories' names hold them (idf-like weights).
    const nameDf = new Map<string, number>();
    for (const a of this.active) for (const t of this.names[a] ?? []) nameDf.set(t, (nameDf.get(t) ?? 0) + 1);
    this.nameDf = nameDf;
    this.byName.clear();
    const stemWeight = (t: string) => this.stemWeight(t);
    const sim = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const a = this.active[i] ?? 0;
      sim[i * n + i] = 1;
      for (let j = i + 1; j < n; j++) {
        const b = this.active[j] ?? 0;
        const v = Math.max(lifted(i, j), nameSimilarity(this.names[a], this.names[b], stemWeight));
        sim[i * n + j] = v;
        sim[j * n + i] = v;
      }
    }
    alignMutualBest(sim, n, owner);
    // After the alignment: which two sections are each other's closest is the direct evidence's to say.
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) if (i !== j) sim[i * n + j] = Math.max(sim[i * n + j] ?? 0, walked(i, j));
    // Catch-all categories ("Știri", "Actualitate"): their documents share fewer words with each other
    // than those of a topical section do. Cohesion = expected shared term weight of two documents of the
    // category, per document weight; the category's own name (in all of its documents) left out.
    const pairs = new Float64Array(k);
    for (let t = 0; t < this.rows.length; t++) {
      const row = this.rows[t];
      if (row === undefined) continue;
      for (let r = 0; r < row.length; r += 3) {
        const c = row[r] ?? 0;
        const m = row[r + 1] ?? 0;
        pairs[c] = (pairs[c] ?? 0) + m * m;
      }
    }
    const cohesion = new Float64Array(k);
    const values: number[] = [];
    for (const a of this.active) {
      const docs = this.docs[a] ?? 0;
      const tokens = this.tokens[a] ?? 0;
      if (docs < 2 || tokens <= 0) continue;
      const own = (this.names[a]?.size ?? 0) * docs * docs;
      const perPair = ((pairs[a] ?? 0) - tokens - own) / (docs * (docs - 1));
      cohesion[a] = Math.max(0, perPair) / (tokens / docs);
      if (docs >= GENERIC_DOCS) values.push(cohesion[a] ?? 0);
    }
    values.sort((x, y) => x - y);
    const typical = values[Math.floor(values.length / 2)] ?? 0;
    const generic = new Float64Array(k);
    for (const a of this.active) {
      const docs = this.docs[a] ?? 0;
      const ratio = typical > 0 ? (cohesion[a] ?? 0) / typical : 1;
      const g = Math.min(1, Math.max(0, (GENERIC_FROM - ratio) / (GENERIC_FROM - GENERIC_TO)));
      generic[a] = (g * docs) / (docs + GENERIC_DOCS);
    }
    this.confusion = confusion;
    this.sim = sim;
    this.generic = generic;
  }

  /** How catch-all a category is: 0 for a topical section, 1 for "Știri"-like ones (learned). */
  genericness(c: number | undefined): number {
    return c === undefined ? 0 : (this.generic[c] ?? 0);
  }

  /**
   * Text-only posterior over the active categories into `this.post` (aligned with `this.active`);
   * `without` leaves the document out of its own category. Returns the total term weight used (0: none).
   */
  private posterior(f: Features, without = -1): number {
    const active = this.active;
    const vocab = Math.max(1, this.vocab);
    const logits = this.logits;
    for (const c of active) logits[c] = 0;
    if (this.partsAt !== this.stamp) this.scoreParts();
    const on = this.on;
    let weight = 0;
    let ownTokens = 0;
    for (let i = f.start; i < f.end; i++) {
      const w = f.weights[i] ?? 0;
      if (w === 0) continue;
      const row = this.rows[f.ids[i] ?? 0];
      if (row === undefined) continue;
      // Leaving a document out: its own counts (aligned with `f`) leave its category.
      const own = without < 0 ? 0 : w;
      ownTokens += own;
      // A term only the left-out document has is unknown to the rest of the stream.
      if (own > 0 && row.length === 3 && row[0] === without && (row[1] ?? 0) <= own) continue;
      weight += w;
      for (let k = 0; k < row.length; k += 3) {
        const c = row[k] ?? 0;
        if (on[c] !== 1) continue;
        if (c !== without) logits[c] = (logits[c] ?? 0) + w * (row[k + 2] ?? 0);
        else if ((row[k + 1] ?? 0) > own)
          logits[c] = (logits[c] ?? 0) + w * Math.log1p(((row[k + 1] ?? 0) - own) / ALPHA);
      }
    }
    if (weight === 0) return 0;
    const temperature = Math.max(1, weight ** 0.5);
    const post = this.post;
    const priors = this.priors;
    const unseen = this.unseen;
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < active.length; i++) {
      const c = active[i] ?? 0;
      let prior = priors[i] ?? 0;
      let base = weight * (unseen[i] ?? 0);
      if (c === without) {
        const docs = (this.docs[c] ?? 0) - 1;
        const tokens = (this.tokens[c] ?? 0) - ownTokens;
        prior = logPrior(docs, this.totalDocs + active.length);
        base = weight * logUnseen(tokens, vocab);
      }
      const s = (0.5 * prior + base + (logits[c] ?? 0)) / temperature;
      post[i] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let i = 0; i < active.length; i++) {
      const e = Math.exp((post[i] ?? 0) - max);
      post[i] = e;
      sum += e;
    }
    for (let i = 0; i < active.length; i++) post[i] = (post[i] ?? 0) / sum;
    return weight;
  }

  /** The per-category parts of posterior()'s scores, computed once per state of the counts (`stamp`). */
  private scoreParts(): void {
    const active = this.active;
    const vocab = Math.max(1, this.vocab);
    if (this.priors.length < active.length) {
      this.priors = new Float64Array(active.length * 2);
      this.unseen = new Float64Array(active.length * 2);
    }
    const total = this.totalDocs + active.length;
    if (this.on.length < this.keys.length) this.on = new Uint8Array(this.keys.length * 2);
    for (let c = 0; c < this.keys.length; c++) this.on[c] = this.isActive(c) ? 1 : 0;
    for (let i = 0; i < active.length; i++) {
      const c = active[i] ?? 0;
      this.priors[i] = logPrior(this.docs[c] ?? 0, total);
      this.unseen[i] = logUnseen(this.tokens[c] ?? 0, vocab);
    }
    this.partsAt = this.stamp;
  }

  /**
   * P(category | terms) by naive Bayes, tempered by sqrt(total term weight) so that long texts do not
   * collapse onto one label; `label` (a known category) adds `labelWeight` of mass to itself, less
   * the more catch-all the label is. Entries go to `emit` (category, probability), unsorted. A document
   * the model has learned from passes its category as `ownCategory`: its words then leave it (the text
   * says what the rest of the stream thinks, not what its own label taught the model).
   */
  predictEach(
    f: Features,
    label: number | undefined,
    labelWeight: number,
    emit: (c: number, p: number) => void,
    ownCategory = -1,
    trust = 0,
    near = REFINE_MIN_SIM,
  ) {
    const active = this.active;
    if (active.length === 0) return;
    const labelOk = label !== undefined && this.isActive(label);
    const lw = labelOk ? labelWeight * (1 - this.genericness(label)) : 0;
    if (this.posterior(f, ownCategory) === 0) {
      if (labelOk) emit(label, 1);
      return;
    }
    // A coarse section refined by the words: when the text clearly points at a category related to the
    // label ("Sport" → the words say tennis), that much of the label's mass follows the words.
    let refined = -1;
    let moved = 0;
    if (labelOk && lw > 0) {
      let best = -1;
      let bestP = 0;
      for (let i = 0; i < active.length; i++)
        if ((this.post[i] ?? 0) > bestP) {
          bestP = this.post[i] ?? 0;
          best = active[i] ?? 0;
        }
      if (
        best >= 0 &&
        best !== label &&
        bestP >= REFINE_MIN_P &&
        this.similarity(label, best) >= REFINE_MIN_SIM
      ) {
        refined = best;
        moved = lw * bestP;
      }
    }
    // An article's label outweighs a passing mention of another topic: of the words' mass on categories
    // unrelated to a topical label, `trust` moves to the label's neighbourhood (the label and the
    // categories related to it, by what the words say of each). Catch-all labels are not trusted so.
    const related = (c: number) =>
      c === label || c === refined || (label !== undefined && this.similarity(label, c) >= near);
    const share =
      labelOk && lw > 0 && this.genericness(label) <= TRUST_MAX_GENERIC
        ? trust * (1 - this.genericness(label))
        : 0;
    let unrelated = 0;
    let relatedPost = 0;
    if (share > 0)
      for (let i = 0; i < active.length; i++) {
        const c = active[i] ?? 0;
        if (related(c)) relatedPost += this.post[i] ?? 0;
        else unrelated += (this.post[i] ?? 0) * (1 - lw) * share;
      }
    const spread = relatedPost > TRUST_MIN_RELATED;
    for (let i = 0; i < active.length; i++) {
      const c = active[i] ?? 0;
      let q = (this.post[i] ?? 0) * (1 - lw);
      if (share > 0) {
        if (!related(c)) q *= 1 - share;
        else if (spread) q += (unrelated * (this.post[i] ?? 0)) / relatedPost;
      }
      if (labelOk && c === label) q += lw - moved + (spread ? 0 : unrelated);
      if (c === refined) q += moved;
      if (q >= MIN_P) emit(c, q);
    }
  }

  /** A query's distribution: its label trusted (LABEL_TRUST) over its neighbourhood (similarity ≥ `near`). */
  predict(f: Features, label?: number, labelWeight = 0.5, ownCategory = -1, near = LABEL_NEAR): CategoryDist {
    const dist: CategoryDist = { ids: [], p: [] };
    const emit = (c: number, p: number) => {
      dist.ids.push(c);
      dist.p.push(p);
    };
    this.predictEach(f, label, labelWeight, emit, ownCategory, LABEL_TRUST, near);
    if (label !== undefined && this.isActive(label)) this.spreadLabel(dist, label, LABEL_SPREAD);
    return dist;
  }

  /**
   * Moves `share` of the label's mass in `dist` to the categories clearly matching it (similarity of
   * SPREAD_MIN_SIM or more), more to the closer and larger ones. A page's own section mostly holds its
   * own outlet's headlines, which the rules leave out: its mass counts through its neighbours, and so
   * their neighbours count too (a section confused with one outlet's "Social" reaches another's "Social"
   * named like it), larger sections, whose similarity is better learned, more.
   */
  private spreadLabel(dist: CategoryDist, label: number, share: number): void {
    const at = dist.ids.indexOf(label);
    if (at < 0) return;
    let total = 0;
    for (const b of this.active) {
      const v = b === label ? 0 : this.similarity(label, b);
      if (v >= SPREAD_MIN_SIM) total += v * Math.sqrt(this.docs[b] ?? 0);
    }
    if (total <= 0) return;
    const moved = (dist.p[at] ?? 0) * share;
    dist.p[at] = (dist.p[at] ?? 0) - moved;
    for (const b of this.active) {
      const v = b === label ? 0 : this.similarity(label, b);
      if (v < SPREAD_MIN_SIM) continue;
      const add = (moved * v * Math.sqrt(this.docs[b] ?? 0)) / total;
      const i = dist.ids.indexOf(b);
      if (i >= 0) dist.p[i] = (dist.p[i] ?? 0) + add;
      else {
        dist.ids.push(b);
        dist.p.push(add);
      }
    }
  }

  /** dist · S: how close each category is to the distribution (for dot products with documents). */
  project(dist: CategoryDist): Float64Array {
    const active = this.active;
    const n = active.length;
    const out = new Float64Array(this.dims);
    for (let i = 0; i < dist.ids.length; i++) {
      const at = this.positionOf(dist.ids[i] ?? 0);
      const pa = dist.p[i] ?? 0;
      if (at < 0) continue;
      for (let j = 0; j < n; j++)
        out[active[j] ?? 0] = (out[active[j] ?? 0] ?? 0) + pa * (this.sim[at * n + j] ?? 0);
    }
    return out;
  }

  /**
   * The active category a distribution's neighbourhood gathers most in (largest dist · S), with that
   * closeness (at most 1 for a distribution); undefined when nothing is close.
   */
  closestCategory(dist: CategoryDist): { id: number; closeness: number } | undefined {
    if (dist.ids.length === 0) return undefined;
    const projected = this.project(dist);
    let best: { id: number; closeness: number } | undefined;
    for (const c of this.active) {
      const v = projected[c] ?? 0;
      if (v > 0 && (best === undefined || v > best.closeness)) best = { id: c, closeness: Math.min(1, v) };
    }
    return best;
  }

  /** Weight of a name stem: the rarer among the active categories' names, the more it says. */
  private stemWeight(t: string): number {
    return Math.log(1 + this.active.length / Math.max(1, this.nameDf.get(t) ?? 1));
  }

  /**
   * Whether a category can be predicted (and serve as a label): it has enough live documents and the
   * last refresh learned it. One that grew active since has no similarity to any category, itself
   * included, yet: a label of it would carry mass that no projection sees.
   */
  isActive(c: number | undefined): boolean {
    return c !== undefined && this.learned[c] === 1 && (this.docs[c] ?? 0) >= MIN_DOCS;
  }

  /**
   * The active category whose name is closest to `key` (a folded category name the stream has not taught
   * yet: a new, renamed or split section, "stiri / externe / coreea de nord" → "stiri / externe"), with
   * that name similarity; undefined below NAME_LABEL_MIN.
   */
  closestByName(key: string): { id: number; sim: number } | undefined {
    if (this.byName.has(key)) return this.byName.get(key);
    const own = this.ids.get(key);
    const stems = own === undefined ? new Set(analyze(key)) : this.names[own];
    let best: { id: number; sim: number } | undefined;
    for (const c of this.active) {
      if (c === own) continue;
      const v = nameSimilarity(stems, this.names[c], (t) => this.stemWeight(t));
      if (v >= NAME_LABEL_MIN && (best === undefined || v > best.sim)) best = { id: c, sim: v };
    }
    if (this.byName.size > 10_000) this.byName.clear();
    this.byName.set(key, best);
    return best;
  }

  /**
   * How much a term marks one topic (0–1, learned): the chance that two of its uses, drawn by how often
   * each active category uses it per token, fall in similar categories (p · S · p). "Iran" in every
   * outlet's world section scores high, "anunță" spread over all sections low. Cached per refresh.
   */
  concentration(term: number): number {
    if (term < this.concVer.length && this.concVer[term] === this.version) return this.conc[term] ?? 0;
    if (term >= this.concVer.length) {
      const size = Math.max(term + 1, 2 * this.concVer.length);
      const ver = new Int32Array(size).fill(-1);
      ver.set(this.concVer);
      const conc = new Float32Array(size);
      conc.set(this.conc);
      this.concVer = ver;
      this.conc = conc;
    }
    const row = this.rows[term];
    const cats: number[] = [];
    const p: number[] = [];
    let total = 0;
    for (let k = 0; row !== undefined && k < row.length; k += 3) {
      const c = row[k] ?? 0;
      if (!this.isActive(c)) continue;
      const v = (row[k + 1] ?? 0) / Math.max(1, this.tokens[c] ?? 0);
      cats.push(c);
      p.push(v);
      total += v;
    }
    let v = 0;
    for (let i = 0; i < cats.length; i++)
      for (let j = 0; j < cats.length; j++)
        v += (p[i] ?? 0) * (p[j] ?? 0) * this.similarity(cats[i] ?? 0, cats[j] ?? 0);
    const out = total > 0 ? v / (total * total) : 0;
    this.conc[term] = out;
    this.concVer[term] = this.version;
    return out;
  }

  /** Learned similarity of two categories (1 for the same one; 0 for one the tables left out). */
  similarity(a: number, b: number): number {
    if (a >= this.dims || b >= this.dims) return a === b ? 1 : 0;
    const i = this.positionOf(a);
    const j = this.positionOf(b);
    return i < 0 || j < 0 ? 0 : (this.sim[i * this.active.length + j] ?? 0);
  }

  /** A category's row in the derived tables, or -1 when they do not know it. */
  private positionOf(c: number): number {
    return c < this.dims ? (this.position[c] ?? -1) : -1;
  }

  /**
   * The categories the derived tables learn: every one with MIN_DOCS live documents, or, past MAX_ACTIVE
   * of them, the largest (ties to the older id) — a partner sending thousands of names cannot make the
   * n × n tables grow past that; ascending by id either way.
   */
  private largestCategories(): number[] {
    const large: number[] = [];
    for (let c = 0; c < this.keys.length; c++) if ((this.docs[c] ?? 0) >= MIN_DOCS) large.push(c);
    if (large.length <= MAX_ACTIVE) return large;
    const docs = this.docs;
    large.sort((a, b) => (docs[b] ?? 0) - (docs[a] ?? 0) || a - b);
    return large.slice(0, MAX_ACTIVE).sort((a, b) => a - b);
  }
}
