// BM25F length normalisation: per slot the length of each field (in terms) and the stream's sums, so
// a field's impact is weighed against the average length of that field.
import { FIELD_B, FIELD_WEIGHT, FIELDS } from './scoring.js';
import { grow } from './typed.js';

/** Average field lengths assumed before the stream has shown its own (in terms). */
const PRIOR_LENGTH = [9, 2, 14, 1.5] as const;
const PRIOR_DOCS = 50;

export class FieldLengths {
  private lens = new Uint16Array(0);
  private readonly sums = [0, 0, 0, 0];

  ensureSlots(c: number): void {
    this.lens = grow(this.lens, 4 * c, (k) => new Uint16Array(k));
  }

  /** Records the field lengths of a new document. */
  add(slot: number, lens: readonly number[]): void {
    for (let f = 0; f < 4; f++) {
      this.lens[4 * slot + f] = Math.min(65535, lens[f] ?? 0);
      this.sums[f] = (this.sums[f] ?? 0) + (lens[f] ?? 0);
    }
  }

  remove(slot: number): void {
    for (let f = 0; f < 4; f++) this.sums[f] = (this.sums[f] ?? 0) - (this.lens[4 * slot + f] ?? 0);
  }

  /** BM25F length normalisation of each field of a slot, over `live` documents. */
  norms(slot: number, live: number): number[] {
    const out = [0, 0, 0, 0];
    for (let f = 0; f < 4; f++) {
      const field = FIELDS[f] ?? 'summary';
      const avg = ((this.sums[f] ?? 0) + (PRIOR_LENGTH[f] ?? 1) * PRIOR_DOCS) / (live + PRIOR_DOCS);
      const b = FIELD_B[field];
      out[f] = FIELD_WEIGHT[field] / (1 - b + (b * (this.lens[4 * slot + f] ?? 0)) / Math.max(1e-9, avg));
    }
    return out;
  }

  clear(): void {
    this.sums.fill(0);
  }
}
