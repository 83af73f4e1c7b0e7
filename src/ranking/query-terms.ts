// Query analysis: what a widget request asks for, as this index's term ids with a BM25 weight and a
// category-model weight each — from the stored host article (its arena terms by field), the page's
// title (or its URL's slug), keywords and section. Words the stream never used borrow their closest
// known stems by prefix.
import { LRUCache } from 'lru-cache';
import { CATEGORY, SUMMARY, TAGS, type TermArena, TITLE } from './term-arena.js';
import { terms as dictionary } from './text.js';
import type { RankQuery } from './types.js';
import { slugText } from './urls.js';
import type { Vocabulary } from './vocabulary.js';

/** Query term weights: BM25 weight and category-model weight per term id, aligned. */
export interface QueryTerms {
  ids: number[];
  bm: number[];
  nb: number[];
}

export class QueryAnalyzer {
  /** Query texts → term numbers of the process's dictionary (pages repeat their titles and keywords). */
  private readonly analyzed = new LRUCache<string, { generation: number; terms: Int32Array }>({
    max: 20_000,
  });

  constructor(
    private readonly vocabulary: Vocabulary,
    private readonly arena: TermArena,
  ) {}

  /** Dictionary term numbers of a query text (stop words left out, repeats kept), cached. */
  private stems(text: string): Int32Array {
    const hit = this.analyzed.get(text);
    if (hit !== undefined && hit.generation === dictionary.generation) return hit.terms;
    const found: number[] = [];
    const collect = (n: number) => {
      found.push(n);
    };
    let generation = dictionary.generation;
    dictionary.scan(text, collect);
    if (generation !== dictionary.generation) {
      // The dictionary started over during the scan: the numbers before that are stale.
      found.length = 0;
      generation = dictionary.generation;
      dictionary.scan(text, collect);
    }
    const terms = Int32Array.from(found);
    this.analyzed.set(text, { generation, terms });
    return terms;
  }

  /** Sorted unique term ids of a query title that some headline of the index has. */
  titleIds(title: string | undefined): Int32Array {
    if (title === undefined) return new Int32Array(0);
    const ids = new Set<number>();
    for (const n of this.stems(title)) {
      const id = this.vocabulary.knownId(n);
      if (id >= 0) ids.add(id);
    }
    return Int32Array.from(ids).sort();
  }

  /** The weighted terms of a query; `host` is the stored host article's slot (-1: not stored). */
  terms(q: RankQuery, host: number): QueryTerms {
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
      for (const n of this.stems(text)) {
        const id = vocabulary.knownId(n);
        if (id >= 0 && vocabulary.postings.df(id) > 0) put(id, bm, nb);
        // A word the stream never used: its closest known stems by shared prefix, at half weight.
        else
          for (const i of vocabulary.prefixNeighbours(dictionary.names[n] ?? '')) put(i, bm * 0.5, nb * 0.5);
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
