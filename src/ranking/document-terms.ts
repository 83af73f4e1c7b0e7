// Analysis of a headline at ingestion: its fields scanned once through the process's dictionary into
// this index's term ids, with per-term field frequencies and per-field lengths (scratch reused across
// documents: nothing is allocated per token).
import type { Headline } from '../domain.js';
import { terms as dictionary, type Shape } from './text.js';
import { grow } from './typed.js';
import type { Vocabulary } from './vocabulary.js';

/** BM25F fields in the order they are counted: title, tags, summary, category. */
const FIELD_COUNT = 4;
/** Field frequencies saturate here (a word repeated in a summary is not more relevant for it); 4 bits. */
const MAX_TF = 15;

/** Saturated BM25F term frequency of packed field frequencies (`DocumentTerms.packedTf`), with field norms. */
export function packedWeight(packed: number, norms: readonly number[]): number {
  let tfw = 0;
  for (let f = 0; f < FIELD_COUNT; f++) {
    const n = (packed >> (4 * f)) & MAX_TF;
    if (n === 0) continue;
    tfw += n * (norms[f] ?? 0);
  }
  return tfw;
}

/** The field bits (1 << field) of packed field frequencies: the fields that hold the term. */
export function packedMask(packed: number): number {
  let mask = 0;
  for (let f = 0; f < FIELD_COUNT; f++) if (((packed >> (4 * f)) & MAX_TF) > 0) mask |= 1 << f;
  return mask;
}

export class DocumentTerms {
  /** Per term id: the document number its frequencies belong to. */
  private tfStamp = new Uint32Array(1024);
  private tf = new Uint16Array(4096);
  private docNo = 0;
  private docTerms = new Int32Array(256);
  private docTermCount = 0;
  /** Terms per field of the document being analysed. */
  readonly lens = [0, 0, 0, 0];
  private field = 0;

  constructor(private readonly vocabulary: Vocabulary) {}

  /** Scans the fields of `h`; returns its unique term ids, ascending (valid until the next call). */
  analyze(h: Headline): Int32Array {
    this.docNo = (this.docNo + 1) >>> 0 || 1;
    this.docTermCount = 0;
    this.lens.fill(0);
    this.scan(h.title, 0);
    for (const tag of h.tags) this.scan(tag, 1);
    if (h.summary !== undefined) this.scan(h.summary, 2);
    if (h.category !== undefined) this.scan(h.category, 3);
    return this.docTerms.subarray(0, this.docTermCount).sort();
  }

  /** Field bits (1 << field) of a term of the document last analysed. */
  mask(id: number): number {
    let mask = 0;
    for (let f = 0; f < FIELD_COUNT; f++) if ((this.tf[FIELD_COUNT * id + f] ?? 0) > 0) mask |= 1 << f;
    return mask;
  }

  /** Saturated BM25F term frequency of a term of the document last analysed, with the field norms. */
  weightedTf(id: number, norms: readonly number[]): number {
    return packedWeight(this.packedTf(id), norms);
  }

  /** The saturated field frequencies of a term of the document last analysed, 4 bits per field. */
  packedTf(id: number): number {
    let packed = 0;
    for (let f = 0; f < FIELD_COUNT; f++)
      packed |= Math.min(MAX_TF, this.tf[FIELD_COUNT * id + f] ?? 0) << (4 * f);
    return packed;
  }

  private scan(text: string, field: number): void {
    this.field = field;
    dictionary.scan(text, this.visitTerm);
  }

  private readonly visitTerm = (n: number, shape: Shape): void => {
    const id = this.vocabulary.localId(n);
    const f = this.field;
    this.count(id, f);
    this.lens[f] = (this.lens[f] ?? 0) + 1;
    if (f === 0 || f === 2) this.vocabulary.noteShape(id, shape);
  };

  /** Counts one occurrence of a term in field `f` of the document being analysed. */
  private count(id: number, f: number): void {
    if (id >= this.tfStamp.length) {
      this.tfStamp = grow(this.tfStamp, id + 1, (k) => new Uint32Array(k));
      this.tf = grow(this.tf, FIELD_COUNT * (id + 1), (k) => new Uint16Array(k));
    }
    if (this.tfStamp[id] !== this.docNo) {
      this.tfStamp[id] = this.docNo;
      this.tf.fill(0, FIELD_COUNT * id, FIELD_COUNT * id + FIELD_COUNT);
      if (this.docTermCount === this.docTerms.length)
        this.docTerms = grow(this.docTerms, this.docTermCount + 1, (k) => new Int32Array(k));
      this.docTerms[this.docTermCount++] = id;
    }
    this.tf[FIELD_COUNT * id + f] = (this.tf[FIELD_COUNT * id + f] ?? 0) + 1;
  }
}
