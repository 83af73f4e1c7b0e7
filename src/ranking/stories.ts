// Near-duplicate suppression: whether two headlines tell the same story — most title words shared, or,
// when two outlets word it differently, the same rare names in related categories close in time.
import type { DocumentTopics } from './document-topics.js';
import type { HeadlineTable } from './headline-table.js';
import { isNearDuplicate } from './scoring.js';
import { SUMMARY, type TermArena, TITLE } from './term-arena.js';
import { grow } from './typed.js';
import type { Vocabulary } from './vocabulary.js';

/** Title overlap that makes an item the host article's own story told by another outlet. */
export const HOST_DUPLICATE = { cosine: 0.7, common: 4 };
const DUPLICATE = { cosine: 0.5, common: 3 };
/** Same story told in other words: this many shared rare names, close in time and category. */
const STORY_NAMES = 2;
const STORY_WINDOW_MS = 48 * 3_600_000;
const STORY_CATEGORY_SIMILARITY = 0.5;
const STORY_NAME_DF_MIN = 5;
const STORY_NAME_DF_SHARE = 0.01;

export class Stories {
  /** Per query (beginQuery): the rare names of the slots read so far, and per slot where its own are. */
  private names = new Int32Array(256);
  private namesUsed = 0;
  private namesRound = new Uint32Array(0);
  private namesStart = new Int32Array(0);
  private namesCount = new Int32Array(0);
  private round = 1;
  private querying = false;

  constructor(
    private readonly table: HeadlineTable,
    private readonly vocabulary: Vocabulary,
    private readonly arena: TermArena,
    private readonly topics: DocumentTopics,
  ) {}

  /**
   * Whether two headlines (slots with their title term ids) tell the same story: most title words
   * shared, or — when two outlets word it differently — the same rare names (words the stream writes
   * capitalised), in related categories, published within STORY_WINDOW_MS of each other.
   */
  same(a: number, titleA: Int32Array, b: number, titleB: Int32Array): boolean {
    if (isNearDuplicate(titleA, titleB, DUPLICATE)) return true;
    const pub = this.table.pub;
    if (Math.abs((pub[a] ?? 0) - (pub[b] ?? 0)) > STORY_WINDOW_MS) return false;
    const ca = this.topics.cat[a] ?? -1;
    const cb = this.topics.cat[b] ?? -1;
    if (ca >= 0 && cb >= 0 && this.topics.model.similarity(ca, cb) < STORY_CATEGORY_SIMILARITY) return false;
    return this.sharedNames(a, b) >= STORY_NAMES;
  }

  /**
   * Between beginQuery and endQuery (one box's selection) the rare names read of each slot are remembered:
   * a box compares every card it offers with every card it chose, and the stream does not move meanwhile.
   */
  beginQuery(): void {
    this.forget();
    this.querying = true;
  }

  endQuery(): void {
    this.querying = false;
  }

  private forget(): void {
    this.round = (this.round + 1) >>> 0;
    if (this.round === 0) {
      this.namesRound.fill(0);
      this.round = 1;
    }
    this.namesUsed = 0;
  }

  /** Rare names (title or summary) two slots share; a name is rare below STORY_NAME_DF_SHARE of the stream. */
  private sharedNames(a: number, b: number): number {
    if (!this.querying) this.forget();
    const ia = this.rareNames(a);
    const ib = this.rareNames(b);
    const names = this.names;
    let i = this.namesStart[a] ?? 0;
    const iEnd = i + ia;
    let j = this.namesStart[b] ?? 0;
    const jEnd = j + ib;
    let shared = 0;
    while (i < iEnd && j < jEnd) {
      const x = names[i] ?? 0;
      const y = names[j] ?? 0;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        shared++;
        i++;
        j++;
      }
    }
    return shared;
  }

  /** How many rare names a slot has (ascending from namesStart[slot] in names), read once per query. */
  private rareNames(slot: number): number {
    if (slot >= this.namesRound.length) {
      const n = Math.max(slot + 1, 2 * this.namesRound.length);
      this.namesRound = grow(this.namesRound, n, (k) => new Uint32Array(k));
      this.namesStart = grow(this.namesStart, n, (k) => new Int32Array(k));
      this.namesCount = grow(this.namesCount, n, (k) => new Int32Array(k));
    }
    if (this.namesRound[slot] === this.round) return this.namesCount[slot] ?? 0;
    const maxDf = Math.max(STORY_NAME_DF_MIN, STORY_NAME_DF_SHARE * this.table.live);
    const { terms, mask } = this.arena;
    const postings = this.vocabulary.postings;
    const inText = TITLE | SUMMARY;
    const start = this.namesUsed;
    const end = this.arena.end(slot);
    for (let i = this.arena.start(slot); i < end; i++) {
      const x = terms[i] ?? 0;
      if (((mask[i] ?? 0) & inText) === 0 || !this.vocabulary.isName(x) || postings.df(x) > maxDf) continue;
      if (this.namesUsed === this.names.length)
        this.names = grow(this.names, this.namesUsed + 1, (k) => new Int32Array(k));
      this.names[this.namesUsed++] = x;
    }
    this.namesRound[slot] = this.round;
    this.namesStart[slot] = start;
    this.namesCount[slot] = this.namesUsed - start;
    return this.namesUsed - start;
  }
}
