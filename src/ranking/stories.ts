// Near-duplicate suppression: whether two headlines tell the same story — most title words shared, or,
// when two outlets word it differently, the same rare names in related categories close in time.
import type { DocumentTopics } from './document-topics.js';
import type { HeadlineTable } from './headline-table.js';
import { isNearDuplicate } from './scoring.js';
import { SUMMARY, type TermArena, TITLE } from './term-arena.js';
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

  /** Rare names (title or summary) two slots share; a name is rare below STORY_NAME_DF_SHARE of the stream. */
  private sharedNames(a: number, b: number): number {
    const maxDf = Math.max(STORY_NAME_DF_MIN, STORY_NAME_DF_SHARE * this.table.live);
    const { terms, mask } = this.arena;
    const postings = this.vocabulary.postings;
    let i = this.arena.start(a);
    const iEnd = this.arena.end(a);
    let j = this.arena.start(b);
    const jEnd = this.arena.end(b);
    let shared = 0;
    const inText = TITLE | SUMMARY;
    while (i < iEnd && j < jEnd) {
      const x = terms[i] ?? 0;
      const y = terms[j] ?? 0;
      if (x < y) i++;
      else if (x > y) j++;
      else {
        if (
          ((mask[i] ?? 0) & inText) !== 0 &&
          ((mask[j] ?? 0) & inText) !== 0 &&
          this.vocabulary.isName(x) &&
          postings.df(x) <= maxDf
        )
          shared++;
        i++;
        j++;
      }
    }
    return shared;
  }
}
