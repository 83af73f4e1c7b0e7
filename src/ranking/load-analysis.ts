// A bulk load's text analysis done on another thread: a LoadAnalyser (in a worker) scans headlines into
// term stems, field frequencies and field lengths exactly as ingestion does, and the index being loaded
// takes them (stages.ts, ingestAnalysed) without scanning the texts again. The analyser's own term ids
// travel with the stems they stand for; the loading index maps them to its ids.
import type { Headline } from '../domain.js';
import { DocumentTerms } from './document-terms.js';
import { parseTimes } from './headline-table.js';
import { terms as dictionary } from './text.js';
import { grow } from './typed.js';
import { Vocabulary } from './vocabulary.js';

/** A batch of analysed headlines. */
export interface AnalysedHeadlines {
  /** The served fields of each headline (no summary, empty tags: the index keeps their terms only). */
  headlines: Headline[];
  /**
   * Per headline, in order: its unique term count n, its four field lengths, then n pairs of an analyser
   * term id and its packed field frequencies (DocumentTerms.packedTf).
   */
  data: Int32Array<ArrayBuffer>;
  /** Per headline its three times as parsed (parseTimes), and 1 when one is not toISOString()'s text. */
  times: Float64Array<ArrayBuffer>;
  odd: Uint8Array<ArrayBuffer>;
  /** The stems of the analyser's term ids first used in this batch, from id `firstTerm` on. */
  firstTerm: number;
  stems: string[];
}

/** What an analyser learned besides the batches, taken once they are all in (before finishLoad). */
export interface AnalysisTail {
  /** Per analyser term id: how often it was written capitalised inside a sentence, and in lower case. */
  capitalised: Int32Array<ArrayBuffer>;
  lowercase: Int32Array<ArrayBuffer>;
  /** The word forms it met and their terms ('' for stop words), for the process's dictionary. */
  forms: string[];
  formTerms: string[];
}

/** The served fields of a headline, as the index keeps them. */
function served(h: Headline): Headline {
  const out: Headline = {
    id: h.id,
    partnerId: h.partnerId,
    url: h.url,
    title: h.title,
    tags: [],
    publishedAt: h.publishedAt,
    expiresAt: h.expiresAt,
    updatedAt: h.updatedAt,
  };
  if (h.imageUrl !== undefined) out.imageUrl = h.imageUrl;
  if (h.category !== undefined) out.category = h.category;
  return out;
}

/** Analyses headlines for an index loaded elsewhere (one analyser per bulk load). */
export class LoadAnalyser {
  private readonly vocabulary = new Vocabulary();
  private readonly terms = new DocumentTerms(this.vocabulary);
  private stemsSent = 0;
  private data = new Int32Array(1 << 16);

  analyse(headlines: readonly Headline[]): AnalysedHeadlines {
    let at = 0;
    const out: Headline[] = [];
    const times = new Float64Array(3 * headlines.length);
    const odd = new Uint8Array(headlines.length);
    for (const [i, h] of headlines.entries()) {
      odd[i] = parseTimes(h, times, 3 * i) ? 1 : 0;
      const ids = this.terms.analyze(h);
      const need = at + 5 + 2 * ids.length;
      if (need > this.data.length) this.data = grow(this.data, need, (k) => new Int32Array(k));
      const data = this.data;
      data[at] = ids.length;
      for (let f = 0; f < 4; f++) data[at + 1 + f] = this.terms.lens[f] ?? 0;
      at += 5;
      for (const id of ids) {
        data[at] = id;
        data[at + 1] = this.terms.packedTf(id);
        at += 2;
      }
      out.push(served(h));
    }
    const firstTerm = this.stemsSent;
    const stems: string[] = [];
    for (let id = firstTerm; id < this.vocabulary.size; id++) stems.push(this.vocabulary.stemOf(id));
    this.stemsSent = this.vocabulary.size;
    return { headlines: out, data: this.data.slice(0, at), times, odd, firstTerm, stems };
  }

  tail(): AnalysisTail {
    const { capitalised, lowercase } = this.vocabulary.shapeCounts(this.vocabulary.size);
    const { forms, terms } = dictionary.exportForms();
    return { capitalised, lowercase, forms, formTerms: terms };
  }
}
