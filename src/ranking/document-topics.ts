// What each headline is about: its category id (the folded name the partner sent), the learned
// term→category model (topics.ts) kept current as headlines come and go, per category a recency list
// for topical candidates, and per slot a cached category distribution (top DIST_K entries, the model
// version it was computed at, and whether its label was active then).

import type { HeadlineTable } from './headline-table.js';
import { topBy } from './heap.js';
import type { TermArena } from './term-arena.js';
import { TimeList } from './time-list.js';
import {
  type CategoryDist,
  CategoryModel,
  type Features,
  type ModelSnapshot,
  snapshotBuffers,
} from './topics.js';
import { grow } from './typed.js';

/** Entries kept of a document's category distribution. */
const DIST_K = 8;
/** Below this many documents the model's tables are refreshed by queries, above it by ingestion. */
const INGEST_REFRESH_FROM = 2048;
const INGEST_REFRESH_SHARE = 0.25;
/** Share of the query's topic that the categories of its best lexical hits bring in. */
const TOPIC_FEEDBACK = 0.2;
/**
 * Live categories one partner may teach the model (real outlets use a few dozen): a headline under one
 * more stays served and filtered by its category, but the model reads it as uncategorised.
 */
export const PARTNER_CATEGORIES = 256;
/** ...and all partners together this many (each term's row in the model is at most this long). */
export const LIVE_CATEGORIES = 4096;
/** Categories with no live headline left are forgotten (ids renumbered) once there are this many... */
const DEAD_CATEGORIES_MIN = 1024;

/**
 * Documents' category distributions to compute elsewhere (a bulk load's worker thread): the model they are
 * computed under, and per document its label (-1: none) and its weighted terms at `ids`/`weights`
 * [start[i] .. start[i + 1]) (terms of weight 0, which predictions skip, left out).
 */
export interface DistributionJob {
  model: ModelSnapshot;
  labels: Int32Array<ArrayBuffer>;
  start: Int32Array<ArrayBuffer>;
  ids: Int32Array<ArrayBuffer>;
  weights: Uint8Array<ArrayBuffer>;
}

/** The distributions of a job's documents: per document i, len[i] entries at DIST_K · i in ids and p. */
export interface Distributions {
  ids: Int32Array<ArrayBuffer>;
  p: Float32Array<ArrayBuffer>;
  len: Uint8Array<ArrayBuffer>;
}

export function jobBuffers(job: DistributionJob): ArrayBuffer[] {
  return [
    ...snapshotBuffers(job.model),
    job.labels.buffer,
    job.start.buffer,
    job.ids.buffer,
    job.weights.buffer,
  ];
}

export function distributionBuffers(d: Distributions): ArrayBuffer[] {
  return [d.ids.buffer, d.p.buffer, d.len.buffer];
}

/**
 * A document's distribution (its label's mass, 0.5 of it, plus what its words say), its DIST_K largest
 * entries written at `base` of `ids` and `p`; returns how many.
 */
function writeDistribution(
  model: CategoryModel,
  f: Features,
  label: number,
  ids: Int32Array,
  p: Float32Array,
  base: number,
): number {
  let n = 0;
  model.predictEach(f, label < 0 ? undefined : label, 0.5, (id, q) => {
    if (n < DIST_K) {
      ids[base + n] = id;
      p[base + n] = q;
      n++;
      return;
    }
    // Full: replace the smallest entry when this one is larger.
    let minAt = 0;
    for (let i = 1; i < DIST_K; i++) if ((p[base + i] ?? 0) < (p[base + minAt] ?? 0)) minAt = i;
    if (q > (p[base + minAt] ?? 0)) {
      ids[base + minAt] = id;
      p[base + minAt] = q;
    }
  });
  return n;
}

/** Computes a job's distributions (on the thread it was sent to), as the index would have. */
export function distributions(job: DistributionJob): Distributions {
  const model = CategoryModel.restore(job.model);
  const n = job.labels.length;
  const out: Distributions = {
    ids: new Int32Array(DIST_K * n),
    p: new Float32Array(DIST_K * n),
    len: new Uint8Array(n),
  };
  const f: Features = { ids: job.ids, weights: job.weights, start: 0, end: 0 };
  for (let i = 0; i < n; i++) {
    f.start = job.start[i] ?? 0;
    f.end = job.start[i + 1] ?? 0;
    out.len[i] = writeDistribution(model, f, job.labels[i] ?? -1, out.ids, out.p, DIST_K * i);
  }
  return out;
}

export class DocumentTopics {
  readonly model = new CategoryModel((key, max, visit) => this.sampleCategory(key, max, visit));
  /** Category id per slot (-1: none). */
  cat = new Int32Array(0);
  /** Per category id its slots by publication time. */
  byCategory: Array<TimeList | undefined> = [];
  private distIds = new Int32Array(0);
  private distP = new Float32Array(0);
  private distLen = new Uint8Array(0);
  private distVer = new Int32Array(0);
  /** Per slot: 1 when its cached distribution holds its label's mass (the label was active then). */
  private distLabel = new Uint8Array(0);
  private catchUp = 0;
  /** Per partner number: its live headlines per category key the model learns them under. */
  private partnerCategories: Array<Map<string, number> | undefined> = [];

  constructor(
    private readonly table: HeadlineTable,
    private readonly arena: TermArena,
  ) {}

  ensureSlots(c: number): void {
    this.cat = grow(this.cat, c, (k) => new Int32Array(k));
    this.distIds = grow(this.distIds, DIST_K * c, (k) => new Int32Array(k));
    this.distP = grow(this.distP, DIST_K * c, (k) => new Float32Array(k));
    this.distLen = grow(this.distLen, c, (k) => new Uint8Array(k));
    this.distVer = grow(this.distVer, c, (k) => new Int32Array(k));
    this.distLabel = grow(this.distLabel, c, (k) => new Uint8Array(k));
  }

  /**
   * A new headline in `slot` with folded category `catKey` ('' for none) joins the model; `maintain` false
   * (a bulk load) leaves the model's tables to `finishLoadModel` and its distribution to `distribute`.
   */
  add(slot: number, catKey: string, maintain = true): void {
    this.distVer[slot] = -1;
    this.cat[slot] = -1;
    if (catKey !== '' && this.counted(slot, catKey, 1)) {
      const c = this.model.ensure(catKey);
      this.cat[slot] = c;
      this.model.add(c, this.arena.features(slot));
      let list = this.byCategory[c];
      if (list === undefined) {
        list = new TimeList();
        this.byCategory[c] = list;
      }
      list.insert(slot, this.table.pub[slot] ?? 0);
    }
    if (maintain) this.maintain(slot);
  }

  /** A bulk load begins (`add` with `maintain` false until `finishLoadModel`). */
  beginLoad(): void {
    this.model.beginLoad();
  }

  /**
   * The end of a bulk load (terms renumbered: `termNext[old]`): categories renumbered by key, then, for a
   * stream large enough that ingestion keeps the model current, its tables learned once. True when every live
   * headline's (`slots`) distribution is then due under them (`distribute`, or elsewhere: `distributionJob`
   * and `adoptDistributions`).
   */
  finishLoadModel(termNext: Int32Array, slots: readonly number[]): boolean {
    this.model.endLoad();
    const next = this.model.renumber(termNext);
    for (const slot of slots) {
      const c = this.cat[slot] ?? -1;
      if (c >= 0) this.cat[slot] = next[c] ?? 0;
    }
    this.moveLists(next);
    // A small stream's model is refreshed by its first query, as on any index that small.
    if (slots.length < INGEST_REFRESH_FROM) return false;
    this.model.refresh(true);
    this.catchUp = 0;
    return this.model.distVersion !== 0;
  }

  /** The distributions of `slots` under the current model, computed here. */
  distribute(slots: readonly number[]): void {
    for (const slot of slots) this.docDist(slot);
  }

  /** What computing the distributions of `slots` under the current model elsewhere needs. */
  distributionJob(slots: readonly number[]): DistributionJob {
    const start = new Int32Array(slots.length + 1);
    let terms = 0;
    for (const [i, slot] of slots.entries()) {
      start[i] = terms;
      const f = this.arena.features(slot);
      for (let k = f.start; k < f.end; k++) if ((f.weights[k] ?? 0) !== 0) terms++;
    }
    start[slots.length] = terms;
    const ids = new Int32Array(terms);
    const weights = new Uint8Array(terms);
    const labels = new Int32Array(slots.length);
    let at = 0;
    for (const [i, slot] of slots.entries()) {
      labels[i] = this.cat[slot] ?? -1;
      const f = this.arena.features(slot);
      for (let k = f.start; k < f.end; k++) {
        const w = f.weights[k] ?? 0;
        if (w === 0) continue;
        ids[at] = f.ids[k] ?? 0;
        weights[at] = w;
        at++;
      }
    }
    return { model: this.model.snapshot(), labels, start, ids, weights };
  }

  /** The distributions of a job of `slots` (distributionJob), computed elsewhere under the current model. */
  adoptDistributions(slots: readonly number[], d: Distributions): void {
    if (d.len.length !== slots.length) throw new Error('DocumentTopics: distributions of other documents');
    for (const [i, slot] of slots.entries()) {
      const n = d.len[i] ?? 0;
      this.distIds.set(d.ids.subarray(DIST_K * i, DIST_K * i + n), DIST_K * slot);
      this.distP.set(d.p.subarray(DIST_K * i, DIST_K * i + n), DIST_K * slot);
      this.distributed(slot, n);
    }
  }

  remove(slot: number): void {
    const c = this.cat[slot] ?? -1;
    if (c < 0) return;
    this.model.remove(c, this.arena.features(slot));
    this.counted(slot, this.model.categoryKey(c) ?? '', -1);
  }

  /**
   * Counts a slot's headline in (+1) or out of (-1) its partner's categories; false (nothing counted) when
   * `key` would be one more than PARTNER_CATEGORIES for that partner.
   */
  private counted(slot: number, key: string, sign: 1 | -1): boolean {
    const partner = this.table.partner[slot] ?? 0;
    let live = this.partnerCategories[partner];
    if (live === undefined) {
      live = new Map();
      this.partnerCategories[partner] = live;
    }
    const n = (live.get(key) ?? 0) + sign;
    if (sign > 0 && n === 1 && live.size >= PARTNER_CATEGORIES) return false;
    if (sign > 0 && this.model.liveCategories >= LIVE_CATEGORIES && !this.model.isLive(key)) return false;
    if (n > 0) live.set(key, n);
    else live.delete(key);
    return true;
  }

  /** Before a query: a small stream's tables are refreshed by queries (a large one's by ingestion). */
  refreshForQuery(): void {
    if (this.table.live < INGEST_REFRESH_FROM || this.model.version === 0) this.model.refresh();
  }

  /**
   * Keeps the model's tables current (refreshed by ingestion once the stream is large, when a quarter of
   * it changed) and caches the new headline's category distribution; stale cached ones are refreshed
   * one per upsert, and when a query needs them.
   */
  private maintain(slot: number): void {
    if (this.table.live >= INGEST_REFRESH_FROM && this.model.changedShare > INGEST_REFRESH_SHARE)
      this.model.refresh(true);
    if (this.model.distVersion === 0) return;
    this.docDist(slot);
    // One stale distribution refreshed per upsert: they catch up long before the stream grows fourfold.
    if (this.catchUp >= this.table.slotsInUse) this.catchUp = 0;
    const s = this.catchUp++;
    if (this.table.alive[s] === 1) this.docDist(s);
  }

  private sampleCategory(key: string, max: number, visit: (f: Features, partner: number) => void): void {
    const c = this.model.categoryId(key);
    const list = c === undefined ? undefined : this.byCategory[c];
    let n = 0;
    list?.forEachNewest((slot) => {
      if (n >= max) return false;
      if (this.table.alive[slot] !== 1) return true;
      n++;
      visit(this.arena.features(slot), this.table.partner[slot] ?? -1);
      return true;
    });
  }

  /**
   * Whether a slot's cached distribution is current: computed under this distVersion, and its label
   * active then exactly when it is now — a headline that arrived before its category was learned (a
   * section's second headline, say) gets its label's mass once the model has refreshed, like the rest.
   */
  private cached(slot: number): boolean {
    return this.distVer[slot] === this.model.distVersion && this.distLabel[slot] === this.labelActive(slot);
  }

  /** 1 when the slot's category is one the model predicts (its label carries mass), else 0. */
  private labelActive(slot: number): number {
    const c = this.cat[slot] ?? -1;
    return c >= 0 && this.model.isActive(c) ? 1 : 0;
  }

  /** Category distribution of a document (its label's mass plus what its words say), cached per slot. */
  private docDist(slot: number): number {
    if (this.cached(slot)) return this.distLen[slot] ?? 0;
    const c = this.cat[slot] ?? -1;
    const n = writeDistribution(
      this.model,
      this.arena.features(slot),
      c,
      this.distIds,
      this.distP,
      DIST_K * slot,
    );
    this.distributed(slot, n);
    return n;
  }

  /** A slot's distribution of `n` entries is written: current under the model and its label as they are. */
  private distributed(slot: number, n: number): void {
    this.distLen[slot] = n;
    this.distVer[slot] = this.model.distVersion;
    this.distLabel[slot] = this.labelActive(slot);
  }

  /** Dot product of a slot's category distribution with a projected query vector. */
  affinity(slot: number, projected: Float64Array): number {
    return this.dot(slot, this.docDist(slot), projected);
  }

  /** The dot product of the `n` cached entries of a slot's distribution with `projected`. */
  private dot(slot: number, n: number, projected: Float64Array): number {
    const base = DIST_K * slot;
    let s = 0;
    for (let i = 0; i < n; i++)
      s += (this.distP[base + i] ?? 0) * (projected[this.distIds[base + i] ?? 0] ?? 0);
    return s;
  }

  /** Topic affinity from the cached distribution, else estimated from the label (unlabelled: neutral). */
  quickTopic(slot: number, projected: Float64Array): number {
    if (this.cached(slot)) return this.dot(slot, this.distLen[slot] ?? 0, projected);
    const c = this.cat[slot] ?? -1;
    return c < 0 ? 0.5 : (projected[c] ?? 0);
  }

  /** Whether quickTopic of the slot is already its exact affinity (its cached distribution is current). */
  isExact(slot: number): boolean {
    return this.cached(slot);
  }

  /**
   * Topic feedback: the categories of the best `docs` lexical hits (weighted by their score in `acc`)
   * join the article's predicted distribution, so a few matching words carry their neighbours' topic.
   */
  feedback(
    predicted: CategoryDist,
    lexical: readonly number[],
    acc: Float64Array,
    docs: number,
  ): CategoryDist {
    const share = TOPIC_FEEDBACK;
    if (share <= 0 || lexical.length === 0) return predicted;
    const hits = topBy(lexical, docs, acc);
    const total = hits.reduce((s, slot) => s + (acc[slot] ?? 0), 0);
    if (total <= 0) return predicted;
    const mix = new Map<number, number>();
    const own = predicted.ids.length > 0 ? 1 - share : 0;
    for (let i = 0; i < predicted.ids.length; i++) {
      const id = predicted.ids[i] ?? 0;
      mix.set(id, (mix.get(id) ?? 0) + own * (predicted.p[i] ?? 0));
    }
    const fb = predicted.ids.length > 0 ? share : 1;
    for (const slot of hits) {
      const w = (fb * (acc[slot] ?? 0)) / total;
      const len = this.docDist(slot);
      for (let i = 0; i < len; i++) {
        const id = this.distIds[DIST_K * slot + i] ?? 0;
        mix.set(id, (mix.get(id) ?? 0) + w * (this.distP[DIST_K * slot + i] ?? 0));
      }
    }
    return { ids: [...mix.keys()], p: [...mix.values()] };
  }

  /**
   * Drops dead slots from the category lists, and forgets the categories no live headline is in once
   * they are many (renamed sections, a partner's throwaway names): ids and tables stay sized by the live.
   */
  compact(alive: (slot: number) => boolean): void {
    for (let c = 0; c < this.byCategory.length; c++) {
      const list = this.byCategory[c];
      if (list === undefined) continue;
      list.compact(alive);
      if (list.length === 0) this.byCategory[c] = undefined;
    }
    const dead = this.model.categories - this.model.liveCategories;
    if (dead >= Math.max(DEAD_CATEGORIES_MIN, this.model.liveCategories)) this.forgetDead(alive);
  }

  /** Renumbers the live categories (in their order), everything naming a category id with them. */
  private forgetDead(alive: (slot: number) => boolean): void {
    const next = this.model.forgetDead();
    this.moveLists(next);
    for (let slot = 0; slot < this.table.slotsInUse; slot++) {
      const c = this.cat[slot] ?? -1;
      if (c < 0) continue;
      this.cat[slot] = alive(slot) ? (next[c] ?? -1) : -1;
      const base = DIST_K * slot;
      for (let i = 0; i < (this.distLen[slot] ?? 0); i++) {
        const to = next[this.distIds[base + i] ?? 0] ?? -1;
        // A forgotten category held no headline, yet this distribution named it: learn it anew.
        if (to < 0) this.distVer[slot] = -1;
        this.distIds[base + i] = Math.max(0, to);
      }
    }
    if (this.table.live >= INGEST_REFRESH_FROM) this.model.refresh(true);
  }

  /** The category lists under the categories' new ids (`next[old]`, -1: forgotten). */
  private moveLists(next: Int32Array): void {
    const lists = this.byCategory;
    this.byCategory = [];
    for (let c = 0; c < lists.length; c++) {
      const to = next[c] ?? -1;
      if (to >= 0) this.byCategory[to] = lists[c];
    }
  }

  clear(): void {
    this.byCategory = [];
    this.partnerCategories = [];
    this.model.clear();
    this.catchUp = 0;
  }
}
