// Posting lists: per term id one growable Float32Array of (slot, impact) pairs in arrival order, where the
// impact is the saturated BM25F term weight tfw / (k1 + tfw) computed once at ingestion. Removal is lazy:
// `df` counts live documents at once, dead pairs leave at compaction (only then may a slot be reused).

const INITIAL_PAIRS = 2;
/** Slots are stored as float32, exact below 2^24. */
export const MAX_SLOTS = 1 << 24;

export class Postings {
  private lists: Array<Float32Array | undefined> = [];
  /** Used pairs per term (live and dead). */
  private used = new Int32Array(1024);
  /** Live documents per term. */
  private dfs = new Int32Array(1024);
  private terms = 0;

  /** Makes room for term ids below `n`. */
  ensure(n: number): void {
    this.terms = Math.max(this.terms, n);
    if (n <= this.used.length) return;
    const size = Math.max(n, this.used.length * 2);
    const used = new Int32Array(size);
    used.set(this.used);
    const dfs = new Int32Array(size);
    dfs.set(this.dfs);
    this.used = used;
    this.dfs = dfs;
  }

  df(term: number): number {
    return this.dfs[term] ?? 0;
  }

  /** Pairs stored for a term (live and dead): walk `list(term)` from 2·length − 2 down to 0. */
  length(term: number): number {
    return this.used[term] ?? 0;
  }

  list(term: number): Float32Array | undefined {
    return this.lists[term];
  }

  add(term: number, slot: number, impact: number): void {
    let list = this.lists[term];
    const n = this.used[term] ?? 0;
    if (list === undefined || 2 * n + 2 > list.length) {
      const grown = new Float32Array(Math.max(2 * INITIAL_PAIRS, (list?.length ?? 0) * 2));
      if (list !== undefined) grown.set(list);
      list = grown;
      this.lists[term] = list;
    }
    list[2 * n] = slot;
    list[2 * n + 1] = impact;
    this.used[term] = n + 1;
    this.dfs[term] = (this.dfs[term] ?? 0) + 1;
  }

  /**
   * Room for `pairs[term]` more pairs per term at once (a bulk load knows every list's length up front): the
   * lists that must grow become views of one buffer, each exactly as long as it needs (a list that outgrows
   * its view later moves to an array of its own, as any list grows).
   */
  reserve(pairs: Int32Array): void {
    const need = (t: number) => Math.max(2 * INITIAL_PAIRS, 2 * ((this.used[t] ?? 0) + (pairs[t] ?? 0)));
    const grows = (t: number) => (pairs[t] ?? 0) > 0 && (this.lists[t]?.length ?? 0) < need(t);
    let total = 0;
    for (let t = 0; t < pairs.length; t++) if (grows(t)) total += need(t);
    const pool = new Float32Array(total);
    let at = 0;
    for (let t = 0; t < pairs.length; t++) {
      if (!grows(t)) continue;
      const sized = pool.subarray(at, at + need(t));
      at += sized.length;
      const list = this.lists[t];
      if (list !== undefined) sized.set(list);
      this.lists[t] = sized;
    }
  }

  /** One live document of the term left (its pair stays until `compact`). */
  drop(term: number): void {
    this.dfs[term] = (this.dfs[term] ?? 0) - 1;
  }

  /** Removes the pairs of dead slots from every list that has some, shrinking oversized ones. */
  compact(alive: (slot: number) => boolean): void {
    for (let t = 0; t < this.terms; t++) {
      const n = this.used[t] ?? 0;
      const df = this.dfs[t] ?? 0;
      if (n === df) continue;
      const list = this.lists[t];
      if (list === undefined) continue;
      if (df === 0) {
        this.lists[t] = undefined;
        this.used[t] = 0;
        continue;
      }
      let w = 0;
      for (let i = 0; i < n; i++) {
        const slot = list[2 * i] ?? 0;
        if (!alive(slot)) continue;
        list[2 * w] = slot;
        list[2 * w + 1] = list[2 * i + 1] ?? 0;
        w++;
      }
      this.used[t] = w;
      if (list.length > 8 * w + 8) this.lists[t] = list.slice(0, Math.max(2 * INITIAL_PAIRS, 4 * w));
    }
  }

  clear(): void {
    this.lists = [];
    this.used = new Int32Array(1024);
    this.dfs = new Int32Array(1024);
    this.terms = 0;
  }
}
