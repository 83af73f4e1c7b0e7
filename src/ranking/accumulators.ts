// The postings walk: per slot a BM25F score accumulator stamped with the query number (so nothing is
// cleared between queries) and the list of slots touched, walked newest postings first within a budget.
import { topSlots } from './heap.js';
import type { Postings } from './postings.js';
import { idf } from './scoring.js';
import { grow } from './typed.js';

/** Postings walked per query term (newest first). */
const MAX_POSTINGS_SCAN = 500;
/** Terms in more than this share of the headlines only rank, they do not generate candidates. */
const COMMON_DF_SHARE = 0.05;
/** ...once the stream has this many headlines. */
const COMMON_FROM = 2000;

export class Accumulators {
  /** Per slot: the BM25F score so far of the current query (valid where `stamp` is the query number). */
  acc = new Float64Array(0);
  private stamp = new Uint32Array(0);
  private queryNo = 0;
  private touched = new Int32Array(4096);
  /** Slots touched so far by the current query (an offset for `top`). */
  touchedLen = 0;

  constructor(
    private readonly postings: Postings,
    private readonly alive: () => Uint8Array,
  ) {}

  ensureSlots(c: number): void {
    this.acc = grow(this.acc, c, (k) => new Float64Array(k));
    this.stamp = grow(this.stamp, c, (k) => new Uint32Array(k));
  }

  /** Starts a new query: every accumulator reads 0. */
  next(): void {
    this.queryNo = (this.queryNo + 1) >>> 0;
    if (this.queryNo === 0) {
      this.stamp.fill(0);
      this.queryNo = 1;
    }
    this.touchedLen = 0;
  }

  /** The score of a slot for the current query (0 when no term reached it). */
  score(slot: number): number {
    return this.stamp[slot] === this.queryNo ? (this.acc[slot] ?? 0) : 0;
  }

  /**
   * Adds the BM25F contributions of one term (query weight `weight`, over `live` headlines) to the
   * accumulators, newest postings first, at most `budget` of them; returns how many it walked.
   */
  scoreTerm(term: number, weight: number, budget: number, live: number): number {
    const df = this.postings.df(term);
    if (df === 0) return 0;
    if (df > COMMON_DF_SHARE * live && live > COMMON_FROM) return 0;
    const list = this.postings.list(term);
    if (list === undefined) return 0;
    const w = weight * idf(df, live);
    const q = this.queryNo;
    const n = this.postings.length(term);
    const end = Math.max(0, n - Math.min(MAX_POSTINGS_SCAN, budget));
    const acc = this.acc;
    const stamp = this.stamp;
    const alive = this.alive();
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

  /** The k allowed slots touched since `from` with the highest score (unordered). */
  top(from: number, k: number, allowed: (slot: number) => boolean): number[] {
    return topSlots(this.touched, from, this.touchedLen, k, this.acc, allowed);
  }
}
