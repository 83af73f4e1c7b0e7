// The index's terms: stemmed, diacritics-free words interned to integer ids, mapped from the term numbers
// of the process's TermDictionary (text.ts) through a typed array; per id the posting list (postings.ts)
// and how often the word was written capitalised inside a sentence or in lower case (names vs words).
import { Postings } from './postings.js';
import { terms as dictionary, Shape } from './text.js';
import { grow } from './typed.js';

export class Vocabulary {
  readonly postings = new Postings();
  private readonly termIds = new Map<string, number>();
  private termNames: string[] = [];
  private capitalised = new Int32Array(1024);
  private lowercase = new Int32Array(1024);
  private sortedTerms: string[] = [];
  /** Per term number of the process's dictionary: this index's term id + 1 (0: not known yet). */
  private localOf = new Int32Array(1024);
  private dictGeneration = dictionary.generation;

  /** Term ids handed out so far. */
  get size(): number {
    return this.termNames.length;
  }

  private termId(term: string): number {
    let id = this.termIds.get(term);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(term, id);
      this.termNames.push(term);
      const n = id + 1;
      this.postings.ensure(n);
      this.capitalised = grow(this.capitalised, n, (k) => new Int32Array(k));
      this.lowercase = grow(this.lowercase, n, (k) => new Int32Array(k));
    }
    return id;
  }

  /**
   * Renumbers the terms by stem, so that the ids depend on the terms only, not on the order the headlines
   * came in (the end of a bulk load, before any posting exists); returns the new id of each old one.
   */
  renumberByStem(): Int32Array {
    // Stems are unique: sorted as strings (by code unit), each finds its old id in the map.
    const sorted = [...this.termNames].sort();
    const next = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const stem = sorted[i] ?? '';
      next[this.termIds.get(stem) ?? 0] = i;
      this.termIds.set(stem, i);
    }
    this.termNames = sorted;
    this.capitalised = permuted(this.capitalised, next);
    this.lowercase = permuted(this.lowercase, next);
    for (let n = 0; n < this.localOf.length; n++) {
      const local = this.localOf[n] ?? 0;
      if (local > 0) this.localOf[n] = (next[local - 1] ?? 0) + 1;
    }
    return next;
  }

  /** The dictionary started over: its term numbers now mean other words. */
  private syncGeneration(): void {
    if (this.dictGeneration !== dictionary.generation) {
      this.dictGeneration = dictionary.generation;
      this.localOf.fill(0);
    }
  }

  /** This index's term id of a term number of the process's dictionary, created on first sight. */
  localId(n: number): number {
    this.syncGeneration();
    const local = n < this.localOf.length ? (this.localOf[n] ?? 0) : 0;
    if (local > 0) return local - 1;
    return this.remember(n, this.termId(dictionary.names[n] ?? ''));
  }

  /** This index's id of a dictionary term number; -1 when no headline of the index has the term. */
  knownId(n: number): number {
    this.syncGeneration();
    const local = n < this.localOf.length ? (this.localOf[n] ?? 0) : 0;
    if (local > 0) return local - 1;
    const id = this.termIds.get(dictionary.names[n] ?? '');
    if (id === undefined) return -1;
    return this.remember(n, id);
  }

  /** This index's id of a stem (-1: no headline of the index has it); for stems outside the dictionary. */
  idOfStem(stem: string): number {
    return this.termIds.get(stem) ?? -1;
  }

  private remember(n: number, id: number): number {
    this.localOf = grow(this.localOf, n + 1, (k) => new Int32Array(k));
    this.localOf[n] = id + 1;
    return id;
  }

  /** The id of a stem, created on first sight (for terms analysed elsewhere: a bulk load's worker). */
  ensureTerm(stem: string): number {
    return this.termId(stem);
  }

  /** The stem of an id. */
  stemOf(id: number): string {
    return this.termNames[id] ?? '';
  }

  /** How often each term id below `n` was written capitalised inside a sentence and in lower case. */
  shapeCounts(n: number): { capitalised: Int32Array<ArrayBuffer>; lowercase: Int32Array<ArrayBuffer> } {
    return { capitalised: this.capitalised.slice(0, n), lowercase: this.lowercase.slice(0, n) };
  }

  /** Adds shape counts seen elsewhere (`shapeCounts` of another vocabulary, its ids mapped to these). */
  addShapes(id: number, capitalised: number, lowercase: number): void {
    this.capitalised[id] = (this.capitalised[id] ?? 0) + capitalised;
    this.lowercase[id] = (this.lowercase[id] ?? 0) + lowercase;
  }

  /** Counts how a word of a title or summary was written. */
  noteShape(id: number, shape: Shape): void {
    if (shape === Shape.Capital) this.capitalised[id] = (this.capitalised[id] ?? 0) + 1;
    else if (shape === Shape.Lower) this.lowercase[id] = (this.lowercase[id] ?? 0) + 1;
  }

  /** Whether the stream writes the term capitalised inside sentences more often than in lower case. */
  isName(id: number): boolean {
    return (this.capitalised[id] ?? 0) > (this.lowercase[id] ?? 0);
  }

  /** Live stems sharing the longest prefix (≥ 5 letters, ≥ 70 % of the shorter) with an unknown stem. */
  prefixNeighbours(stem: string): number[] {
    if (stem.length < 5) return [];
    if (this.sortedTerms.length * 1.05 < this.termIds.size || this.sortedTerms.length > this.termIds.size) {
      this.sortedTerms = [...this.termNames].sort();
    }
    const terms = this.sortedTerms;
    const prefix = stem.slice(0, 5);
    let lo = 0;
    let hi = terms.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((terms[mid] ?? '') < prefix) lo = mid + 1;
      else hi = mid;
    }
    let best = 0;
    let found: number[] = [];
    for (let i = lo; i < terms.length && i < lo + 200; i++) {
      const t = terms[i] ?? '';
      if (!t.startsWith(prefix)) break;
      const id = this.termIds.get(t);
      if (id === undefined || this.postings.df(id) === 0) continue;
      let common = 5;
      while (common < t.length && common < stem.length && t[common] === stem[common]) common++;
      if (common < 0.7 * Math.min(t.length, stem.length)) continue;
      if (common > best) {
        best = common;
        found = [id];
      } else if (common === best && found.length < 3) found.push(id);
    }
    return found;
  }

  clear(): void {
    this.termIds.clear();
    this.localOf.fill(0);
    this.termNames = [];
    this.sortedTerms = [];
    this.postings.clear();
    this.capitalised.fill(0);
    this.lowercase.fill(0);
  }
}

/** `a` with item i moved to `next[i]` (ids renumbered). */
function permuted(a: Int32Array, next: Int32Array): Int32Array<ArrayBuffer> {
  const out = new Int32Array(a.length);
  for (let i = 0; i < next.length; i++) out[next[i] ?? 0] = a[i] ?? 0;
  return out;
}
