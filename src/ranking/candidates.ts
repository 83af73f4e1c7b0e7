// The candidates of one query, struct of arrays, reused across queries; per slot whether (and where)
// it is a candidate of the current query.
import { grow } from './typed.js';

export class Candidates {
  length = 0;
  slots = new Int32Array(512);
  bm25 = new Float64Array(512);
  topic = new Float64Array(512);
  relevance = new Float64Array(512);
  score = new Float64Array(512);
  /** Per slot: the query round it was last a candidate in, and its position then. */
  private mark = new Uint32Array(0);
  private pos = new Int32Array(0);
  private round = 0;

  ensureSlots(c: number): void {
    this.mark = grow(this.mark, c, (k) => new Uint32Array(k));
    this.pos = grow(this.pos, c, (k) => new Int32Array(k));
  }

  /** Starts a new query: no slot is a candidate. */
  reset(): void {
    this.length = 0;
    this.round = (this.round + 1) >>> 0;
    if (this.round === 0) {
      this.mark.fill(0);
      this.round = 1;
    }
  }

  has(slot: number): boolean {
    return this.mark[slot] === this.round;
  }

  /** Position of a slot among the candidates, -1 when it is none. */
  indexOf(slot: number): number {
    return this.mark[slot] === this.round ? (this.pos[slot] ?? -1) : -1;
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
    this.mark[slot] = this.round;
    this.pos[slot] = i;
    return i;
  }
}
