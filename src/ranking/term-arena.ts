// The term arena: per document its unique term ids, ascending, with a field mask (title, tags, summary,
// category) and the term's weight for the category model (title 2, tags 1, category 1; summaries only
// rank, so the model's per-document work is a dozen terms). Live documents take the room dead ones
// leave (compaction rewrites the arena); it grows by half only when that is not enough.
import type { Features } from './topics.js';
import { grow } from './typed.js';

/** Field bits of a term in a document; `TITLE | TAGS` are the key terms used for feedback. */
export const TITLE = 1;
export const TAGS = 2;
export const SUMMARY = 4;
export const CATEGORY = 8;
export const FIELD_BITS = [TITLE, TAGS, SUMMARY, CATEGORY] as const;
/** Category-model weight of a term by its field mask: title 2, tags 1, category 1, summary 0. */
const MODEL_WEIGHT = Uint8Array.from(
  { length: 16 },
  (_, mask) => (mask & 1 ? 2 : 0) + (mask & 2 ? 1 : 0) + (mask & 8 ? 1 : 0),
);

/** Room the arena makes when it must grow, as a multiple of the live terms (and the new document's). */
const GROWTH = 1.5;

export class TermArena {
  terms = new Int32Array(1 << 16);
  mask = new Uint8Array(1 << 16);
  private weight = new Uint8Array(1 << 16);
  /** During a bulk load only: per term its packed field frequencies, for the posting lists built at its end. */
  private fieldTfs: Uint16Array | undefined;
  private used = 0;
  /** Per slot: where its terms start and how many there are. */
  private termStart = new Int32Array(0);
  private termCount = new Uint16Array(0);

  /**
   * `isLive` and `slots` name the documents that keep their terms at compaction (the headline table's
   * live slots below its high-water mark).
   */
  constructor(
    private readonly isLive: (slot: number) => boolean,
    private readonly slots: () => number,
  ) {}

  ensureSlots(c: number): void {
    this.termStart = grow(this.termStart, c, (k) => new Int32Array(k));
    this.termCount = grow(this.termCount, c, (k) => new Uint16Array(k));
  }

  start(slot: number): number {
    return this.termStart[slot] ?? 0;
  }

  end(slot: number): number {
    return (this.termStart[slot] ?? 0) + (this.termCount[slot] ?? 0);
  }

  /** Room for the `n` terms of a new document in `slot` (not live yet); returns where they start. */
  reserve(slot: number, n: number): number {
    if (this.used + n > this.terms.length) this.compact(n);
    const start = this.used;
    this.used += n;
    this.termStart[slot] = start;
    this.termCount[slot] = n;
    return start;
  }

  /** Writes term `id` with its field `mask` at arena position `at`. */
  put(at: number, id: number, mask: number): void {
    this.terms[at] = id;
    this.mask[at] = mask;
    // Title evidence counts double for the category model; each field once (headlines are bursty).
    // Summaries (long, loose, often boilerplate) only rank: the model learns from title, tags and
    // category, which also keeps its per-document work to a dozen terms.
    this.weight[at] = MODEL_WEIGHT[mask] ?? 0;
  }

  /** Keeps each term's packed field frequencies (`putTf`) until `endLoad` (a bulk load's posting lists). */
  beginLoad(): void {
    this.fieldTfs = new Uint16Array(this.terms.length);
  }

  /** The packed field frequencies of the term at arena position `at` (0 outside a bulk load). */
  tfAt(at: number): number {
    return this.fieldTfs?.[at] ?? 0;
  }

  putTf(at: number, packed: number): void {
    if (this.fieldTfs !== undefined) this.fieldTfs[at] = packed;
  }

  /** Term ids renumbered (`next[old]`): each of `slots` gets its terms mapped and sorted again. */
  renumber(next: Int32Array, slots: readonly number[]): void {
    const { terms, mask, weight } = this;
    const tfs = this.fieldTfs;
    for (const slot of slots) {
      const from = this.termStart[slot] ?? 0;
      const to = from + (this.termCount[slot] ?? 0);
      for (let i = from; i < to; i++) terms[i] = next[terms[i] ?? 0] ?? 0;
      // Insertion sort, the other columns along (a document has a few dozen terms).
      for (let i = from + 1; i < to; i++) {
        const t = terms[i] ?? 0;
        const m = mask[i] ?? 0;
        const w = weight[i] ?? 0;
        const f = tfs?.[i] ?? 0;
        let j = i - 1;
        while (j >= from && (terms[j] ?? 0) > t) {
          terms[j + 1] = terms[j] ?? 0;
          mask[j + 1] = mask[j] ?? 0;
          weight[j + 1] = weight[j] ?? 0;
          if (tfs !== undefined) tfs[j + 1] = tfs[j] ?? 0;
          j--;
        }
        terms[j + 1] = t;
        mask[j + 1] = m;
        weight[j + 1] = w;
        if (tfs !== undefined) tfs[j + 1] = f;
      }
    }
  }

  endLoad(): void {
    this.fieldTfs = undefined;
  }

  private compact(extra: number): void {
    const slots = this.slots();
    let liveTerms = 0;
    for (let s = 0; s < slots; s++) if (this.isLive(s)) liveTerms += this.termCount[s] ?? 0;
    const size = Math.max(this.terms.length, Math.ceil(GROWTH * (liveTerms + extra)));
    const terms = new Int32Array(size);
    const mask = new Uint8Array(size);
    const weight = new Uint8Array(size);
    const tfs = this.fieldTfs === undefined ? undefined : new Uint16Array(size);
    if (liveTerms === this.used) {
      // Nothing dead (a growing stream, a bulk load): the arena is copied as it is, every term in its place.
      terms.set(this.terms.subarray(0, this.used));
      mask.set(this.mask.subarray(0, this.used));
      weight.set(this.weight.subarray(0, this.used));
      if (tfs !== undefined && this.fieldTfs !== undefined) tfs.set(this.fieldTfs.subarray(0, this.used));
      this.terms = terms;
      this.mask = mask;
      this.weight = weight;
      if (tfs !== undefined) this.fieldTfs = tfs;
      return;
    }
    let w = 0;
    for (let s = 0; s < slots; s++) {
      if (!this.isLive(s)) continue;
      const from = this.termStart[s] ?? 0;
      const n = this.termCount[s] ?? 0;
      terms.set(this.terms.subarray(from, from + n), w);
      mask.set(this.mask.subarray(from, from + n), w);
      weight.set(this.weight.subarray(from, from + n), w);
      tfs?.set(this.fieldTfs?.subarray(from, from + n) ?? [], w);
      this.termStart[s] = w;
      w += n;
    }
    this.terms = terms;
    this.mask = mask;
    this.weight = weight;
    if (tfs !== undefined) this.fieldTfs = tfs;
    this.used = w;
  }

  /** A document's terms with their category-model weights. */
  features(slot: number): Features {
    const start = this.termStart[slot] ?? 0;
    return { ids: this.terms, weights: this.weight, start, end: start + (this.termCount[slot] ?? 0) };
  }

  /** Sorted unique title term ids of a slot. */
  titleIds(slot: number): Int32Array {
    const start = this.termStart[slot] ?? 0;
    const end = start + (this.termCount[slot] ?? 0);
    let n = 0;
    for (let i = start; i < end; i++) if ((this.mask[i] ?? 0) & TITLE) n++;
    const out = new Int32Array(n);
    n = 0;
    for (let i = start; i < end; i++) if ((this.mask[i] ?? 0) & TITLE) out[n++] = this.terms[i] ?? 0;
    return out;
  }

  clear(): void {
    this.used = 0;
  }
}
