// Query analysis: what a widget request asks for, as this index's term ids with a BM25 weight and a
// category-model weight each — from the stored host article (its arena terms by field), the page's
// title (or its URL's slug), keywords and section. Words the stream never used borrow their closest
// known stems by prefix.
import { LRUCache } from 'lru-cache';
import { Doorkeeper } from '../shared/doorkeeper.js';
import { CATEGORY, SUMMARY, TAGS, type TermArena, TITLE } from './term-arena.js';
import { terms as dictionary, termOfUnremembered } from './text.js';
import type { RankQuery } from './types.js';
import { slugText } from './urls.js';
import type { Vocabulary } from './vocabulary.js';

/** Query term weights: BM25 weight and category-model weight per term id, aligned. */
export interface QueryTerms {
  ids: number[];
  bm: number[];
  nb: number[];
}

/** Characters of one query text analysed (a title is at most 500; the rest is not read). */
export const MAX_QUERY_TEXT = 2_000;

/**
 * A query text as dictionary term numbers, in order with repeats; a negative entry -(k + 1) stands for
 * `unseen[k]`, the stem of a form no headline used (kept here, never in the process-wide dictionary).
 */
interface AnalyzedText {
  generation: number;
  terms: Int32Array;
  unseen: string[];
}

/** Bytes the analysed-text cache may hold: pages repeat their titles and keywords, strangers send new ones. */
const ANALYZED_BYTES = 4 * 1024 * 1024;

function sizeOf(text: string, a: AnalyzedText): number {
  let size = 64 + 2 * text.length + 4 * a.terms.length;
  for (const stem of a.unseen) size += 32 + 2 * stem.length;
  return size;
}

export class QueryAnalyzer {
  /** Query texts → their analysis, bounded by bytes. */
  private readonly analyzed = new LRUCache<string, AnalyzedText>({
    maxSize: ANALYZED_BYTES,
    sizeCalculation: (a, text) => sizeOf(text, a),
  });
  /** Texts are cached from their second sight: a stranger's one-off words never enter the cache. */
  private readonly door = new Doorkeeper();
  /**
   * The texts of the current query (from `terms`, emptied at its next call): a query reads its title twice,
   * for its terms and for the host-duplicate test (`titleIds`), which is one sight, analysed once.
   */
  private readonly current = new Map<string, AnalyzedText>();

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly arena: TermArena,
  ) {}

  /** A query text's terms (stop words left out, repeats kept), cached; the dictionary is only read. */
  private stems(text: string): AnalyzedText {
    const read = text.length > MAX_QUERY_TEXT ? text.slice(0, MAX_QUERY_TEXT) : text;
    const seen = this.current.get(read);
    if (seen !== undefined && seen.generation === dictionary.generation) return seen;
    const hit = this.analyzed.get(read);
    if (hit !== undefined && hit.generation === dictionary.generation) {
      this.current.set(read, hit);
      return hit;
    }
    const found: number[] = [];
    const unseen: string[] = [];
    dictionary.scanKnown(
      read,
      (n) => {
        found.push(n);
      },
      (token) => {
        const stem = termOfUnremembered(token);
        if (stem === '') return;
        found.push(-(unseen.length + 1));
        unseen.push(stem);
      },
    );
    const analysis: AnalyzedText = {
      generation: dictionary.generation,
      terms: Int32Array.from(found),
      unseen,
    };
    if (this.door.admit(read)) this.analyzed.set(read, analysis);
    this.current.set(read, analysis);
    return analysis;
  }

  /** Query texts held by the analysis cache (for tests). */
  get cachedTexts(): number {
    return this.analyzed.size;
  }

  /** This index's id of one analysed term (-1: no headline of the index has it). */
  private idOf(a: AnalyzedText, n: number): number {
    return n >= 0 ? this.vocabulary.knownId(n) : this.vocabulary.idOfStem(a.unseen[-n - 1] ?? '');
  }

  /** The stem of one analysed term. */
  private stemOf(a: AnalyzedText, n: number): string {
    return n >= 0 ? (dictionary.names[n] ?? '') : (a.unseen[-n - 1] ?? '');
  }

  /** Sorted unique term ids of a query title that some headline of the index has. */
  titleIds(title: string | undefined): Int32Array {
    if (title === undefined) return new Int32Array(0);
    const ids = new Set<number>();
    const analysis = this.stems(title);
    for (const n of analysis.terms) {
      const id = this.idOf(analysis, n);
      if (id >= 0) ids.add(id);
    }
    return Int32Array.from(ids).sort();
  }

  /** The weighted terms of a query; `host` is the stored host article's slot (-1: not stored). */
  terms(q: RankQuery, host: number): QueryTerms {
    this.current.clear();
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
    const vocabulary = this.vocabulary;
    const addText = (text: string | undefined, bm: number, nb: number) => {
      if (text === undefined || text === '') return;
      const analysis = this.stems(text);
      for (const n of analysis.terms) {
        const id = this.idOf(analysis, n);
        if (id >= 0 && vocabulary.postings.df(id) > 0) put(id, bm, nb);
        // A word the stream never used: its closest known stems by shared prefix, at half weight.
        else
          for (const i of vocabulary.prefixNeighbours(this.stemOf(analysis, n))) put(i, bm * 0.5, nb * 0.5);
      }
    };
    if (host >= 0) {
      // The stored host article: its fields, read from the arena.
      const arena = this.arena;
      const end = arena.end(host);
      for (let i = arena.start(host); i < end; i++) {
        const mask = arena.mask[i] ?? 0;
        const bm = Math.max(
          mask & TITLE ? 1 : 0,
          mask & TAGS ? 0.7 : 0,
          mask & CATEGORY ? 0.5 : 0,
          mask & SUMMARY ? 0.4 : 0,
        );
        const nb = mask & TITLE ? 2 : 1;
        put(arena.terms[i] ?? 0, bm, nb);
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
}
