// Per-term scores of one query (pseudo-relevance feedback's expansion terms), stamped with the query number
// so nothing is cleared between queries and no Map or Set is built per query.
import { grow } from './typed.js';

export class TermScores {
  private score = new Float64Array(0);
  /** Per term: 2·round when it is a query term, 2·round + 1 when it has a score this round. */
  private mark = new Uint32Array(0);
  private round = 0;
  /** Terms with a score this round, in the order they first got one. */
  private order = new Int32Array(64);
  private count = 0;

  /** Starts a new round over `terms` term ids; `query` terms are left out of scoring. */
  reset(terms: number, query: readonly number[]): void {
    this.score = grow(this.score, terms, (k) => new Float64Array(k));
    this.mark = grow(this.mark, terms, (k) => new Uint32Array(k));
    this.round++;
    if (2 * this.round + 1 > 0xffffffff) {
      this.mark.fill(0);
      this.round = 1;
    }
    this.count = 0;
    const q = 2 * this.round;
    for (const t of query) if (t >= 0 && t < this.mark.length) this.mark[t] = q;
  }

  isQueryTerm(t: number): boolean {
    return this.mark[t] === 2 * this.round;
  }

  /** Adds `v` to a term's score (a query term is never scored). */
  add(t: number, v: number): void {
    const m = this.mark[t] ?? 0;
    if (m === 2 * this.round) return;
    if (m === 2 * this.round + 1) {
      this.score[t] = (this.score[t] ?? 0) + v;
      return;
    }
    this.mark[t] = 2 * this.round + 1;
    this.score[t] = v;
    if (this.count === this.order.length)
      this.order = grow(this.order, this.count + 1, (k) => new Int32Array(k));
    this.order[this.count++] = t;
  }

  /**
   * The `k` terms of positive score, best first; equal scores in the order the terms first got one (what a
   * stable sort of them by score, descending, gives).
   */
  best(k: number): Array<{ id: number; score: number }> {
    const out: Array<{ id: number; score: number }> = [];
    for (let i = 0; i < this.count; i++) {
      const id = this.order[i] ?? 0;
      const s = this.score[id] ?? 0;
      if (!(s > 0)) continue;
      if (out.length === k && s <= (out[k - 1]?.score ?? 0)) continue;
      let at = out.length < k ? out.length : k - 1;
      while (at > 0 && (out[at - 1]?.score ?? 0) < s) at--;
      if (out.length === k) out.pop();
      out.splice(at, 0, { id, score: s });
    }
    return out;
  }
}
