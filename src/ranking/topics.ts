// Learned term→category model: multinomial naive Bayes over stemmed terms by folded category name,
// maintained incrementally, plus a category×category similarity learned from how the model confuses them,
// so that "Politică", "Actualitate politică" and "Politic" from different outlets meet without a synonym table.
import { analyze } from './text.js';

/** A sparse probability distribution over category ids. */
export interface CategoryDist {
  ids: number[];
  p: number[];
}

/** Term ids with their weights, aligned. */
export interface TermWeights {
  ids: ArrayLike<number>;
  weights: ArrayLike<number>;
}

/** Categories need this many live documents before they are predicted. */
const MIN_DOCS = 2;
/** Additive smoothing of P(term | category). */
const ALPHA = 0.3;
/** Distribution entries below this are dropped. */
const MIN_P = 0.01;
/** Softens naive Bayes' overconfidence: logits are divided by TEMPERATURE·sqrt(term weight). */
const TEMPERATURE = 1;
/** Documents per category used to learn the category similarity. */
const SAMPLE_DOCS = 40;
/** Confusion this many times above the average makes two categories one topic. */
const FULL_LIFT = 5;

/** Feature lists of up to `max` live documents of a category, for learning how categories relate. */
export type CategorySampler = (key: string, max: number) => Iterable<TermWeights>;

/** Jaccard similarity of two category names' stems ("actualitate politica" ~ "politica"). */
function nameSimilarity(a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined): number {
  if (a === undefined || b === undefined || a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

export class CategoryModel {
  private readonly ids = new Map<string, number>();
  private readonly keys: string[] = [];
  private readonly docs: number[] = [];
  private readonly tokens: number[] = [];
  /** term id → (category id → count) */
  private readonly termCat = new Map<number, Map<number, number>>();
  private totalDocs = 0;
  private mutations = 0;
  private simDirty = true;
  private active: number[] = [];
  private sim = new Float64Array(0);
  private confusion = new Float64Array(0);
  private dims = 0;
  /** Changes whenever predictions may change enough to refresh cached document distributions. */
  epoch = 0;

  constructor(private readonly sampler: CategorySampler) {}

  /** Debug view: the learned confusion between two categories. */
  confusionOf(a: number, b: number): number {
    this.refresh();
    const i = this.active.indexOf(a);
    const j = this.active.indexOf(b);
    const n = this.active.length;
    return i < 0 || j < 0 ? 0 : (this.confusion[i * n + j] ?? 0);
  }

  categoryId(key: string): number | undefined {
    return this.ids.get(key);
  }

  categoryKey(id: number): string | undefined {
    return this.keys[id];
  }

  add(key: string, terms: TermWeights): void {
    this.update(key, terms, 1);
  }

  remove(key: string, terms: TermWeights): void {
    this.update(key, terms, -1);
  }

  clear(): void {
    this.ids.clear();
    this.keys.length = 0;
    this.docs.length = 0;
    this.tokens.length = 0;
    this.termCat.clear();
    this.totalDocs = 0;
    this.mutations = 0;
    this.simDirty = true;
    this.active = [];
    this.epoch++;
  }

  private update(key: string, terms: TermWeights, sign: 1 | -1): void {
    let c = this.ids.get(key);
    if (c === undefined) {
      if (sign < 0) return;
      c = this.keys.length;
      this.ids.set(key, c);
      this.keys.push(key);
      this.docs.push(0);
      this.tokens.push(0);
    }
    this.docs[c] = (this.docs[c] ?? 0) + sign;
    this.totalDocs += sign;
    for (let i = 0; i < terms.ids.length; i++) {
      const term = terms.ids[i] ?? 0;
      const count = terms.weights[i] ?? 0;
      let row = this.termCat.get(term);
      if (row === undefined) {
        if (sign < 0) continue;
        row = new Map();
        this.termCat.set(term, row);
      }
      const next = (row.get(c) ?? 0) + sign * count;
      if (next > 0) row.set(c, next);
      else row.delete(c);
      if (row.size === 0) this.termCat.delete(term);
      this.tokens[c] = (this.tokens[c] ?? 0) + sign * count;
    }
    this.mutations++;
    if (this.mutations > Math.max(20, this.totalDocs * 0.1)) this.simDirty = true;
  }

  /** Recomputes the active categories and their similarity when the stream changed enough. */
  private refresh(): void {
    if (!this.simDirty) return;
    this.simDirty = false;
    this.mutations = 0;
    this.epoch++;
    this.active = [];
    for (let c = 0; c < this.keys.length; c++) if ((this.docs[c] ?? 0) >= MIN_DOCS) this.active.push(c);
    const k = this.keys.length;
    this.dims = k;
    // Where naive Bayes puts each category's documents when they are left out of it, against what an
    // average category sends to the same place: a lift well above 1 means two names for one topic
    // (outlets' "Economie", "Bani" and "Financiar" swap their documents).
    const n = this.active.length;
    const confusion = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const c = this.active[i] ?? 0;
      let docs = 0;
      for (const features of this.sampler(this.keys[c] ?? '', SAMPLE_DOCS)) {
        const post = this.posterior(features, { cat: c, terms: features });
        if (post === undefined) continue;
        docs++;
        for (let j = 0; j < n; j++) confusion[i * n + j] = (confusion[i * n + j] ?? 0) + (post[j] ?? 0);
      }
      if (docs > 0) for (let j = 0; j < n; j++) confusion[i * n + j] = (confusion[i * n + j] ?? 0) / docs;
    }
    const colMean = new Float64Array(n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) colMean[j] = (colMean[j] ?? 0) + (confusion[i * n + j] ?? 0) / n;
    const lifted = (i: number, j: number) => {
      const mutual = (confusion[i * n + j] ?? 0) + (confusion[j * n + i] ?? 0);
      const lift = mutual / Math.max(1e-9, (colMean[i] ?? 0) + (colMean[j] ?? 0));
      return Math.min(1, Math.max(0, (lift - 1) / (FULL_LIFT - 1)));
    };
    const names = this.keys.map((key) => new Set(analyze(key)));
    const sim = new Float64Array(k * k);
    for (let i = 0; i < n; i++) {
      const a = this.active[i] ?? 0;
      sim[a * k + a] = 1;
      for (let j = i + 1; j < n; j++) {
        const b = this.active[j] ?? 0;
        const v = Math.max(lifted(i, j), nameSimilarity(names[a], names[b]));
        sim[a * k + b] = v;
        sim[b * k + a] = v;
      }
    }
    this.confusion = confusion;
    this.sim = sim;
  }

  /** Text-only posterior over the active categories; `without` leaves one document out of its category. */
  private posterior(
    terms: TermWeights,
    without?: { cat: number; terms: TermWeights },
  ): Float64Array | undefined {
    const active = this.active;
    const vocab = Math.max(1, this.termCat.size);
    const logits = new Map<number, number>();
    let weight = 0;
    let ownTokens = 0;
    for (let i = 0; i < terms.ids.length; i++) {
      const id = terms.ids[i] ?? 0;
      const w = terms.weights[i] ?? 0;
      const row = this.termCat.get(id);
      if (row === undefined) continue;
      // Leaving a document out: its own counts (aligned with `terms`) leave its category.
      const own = without === undefined ? 0 : w;
      ownTokens += own;
      // A term only the left-out document has is unknown to the rest of the stream.
      if (own > 0 && row.size === 1 && (row.get(without?.cat ?? -1) ?? 0) <= own) continue;
      weight += w;
      for (const [c, n0] of row) {
        if ((this.docs[c] ?? 0) < MIN_DOCS) continue;
        const n = c === without?.cat ? n0 - own : n0;
        if (n <= 0) continue;
        logits.set(c, (logits.get(c) ?? 0) + w * (Math.log(n + ALPHA) - Math.log(ALPHA)));
      }
    }
    if (weight === 0) return undefined;
    const temperature = Math.max(1, TEMPERATURE * Math.sqrt(weight));
    const scores = new Float64Array(active.length);
    let max = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < active.length; i++) {
      const c = active[i] ?? 0;
      let docs = this.docs[c] ?? 0;
      let tokens = this.tokens[c] ?? 0;
      if (c === without?.cat) {
        docs -= 1;
        tokens -= ownTokens;
      }
      const prior = Math.log(docs + 1) - Math.log(this.totalDocs + active.length);
      const base = weight * Math.log(ALPHA / (Math.max(0, tokens) + ALPHA * vocab));
      const s = (0.5 * prior + base + (logits.get(c) ?? 0)) / temperature;
      scores[i] = s;
      if (s > max) max = s;
    }
    let sum = 0;
    for (let i = 0; i < scores.length; i++) {
      const e = Math.exp((scores[i] ?? 0) - max);
      scores[i] = e;
      sum += e;
    }
    for (let i = 0; i < scores.length; i++) scores[i] = (scores[i] ?? 0) / sum;
    return scores;
  }

  /**
   * P(category | terms) by naive Bayes, tempered by sqrt(total term weight) so that long texts do not
   * collapse onto one label; `label` (a known category) adds `labelWeight` of mass to itself.
   */
  predict(terms: TermWeights, label?: number, labelWeight = 0.5): CategoryDist {
    this.refresh();
    const active = this.active;
    if (active.length === 0) return { ids: [], p: [] };
    const labelOk = label !== undefined && (this.docs[label] ?? 0) >= MIN_DOCS;
    const post = this.posterior(terms);
    if (post === undefined) return labelOk ? { ids: [label], p: [1] } : { ids: [], p: [] };
    const textWeight = labelOk ? 1 - labelWeight : 1;
    const ids: number[] = [];
    const p: number[] = [];
    for (let i = 0; i < active.length; i++) {
      const c = active[i] ?? 0;
      let q = (post[i] ?? 0) * textWeight;
      if (labelOk && c === label) q += labelWeight;
      if (q >= MIN_P) {
        ids.push(c);
        p.push(q);
      }
    }
    return { ids, p };
  }

  /** dist · S: how close each category is to the distribution (for dot products with documents). */
  project(dist: CategoryDist): Float64Array {
    this.refresh();
    const k = this.dims;
    const out = new Float64Array(k);
    for (let i = 0; i < dist.ids.length; i++) {
      const a = dist.ids[i] ?? 0;
      const pa = dist.p[i] ?? 0;
      if (a >= k) continue;
      for (const b of this.active) out[b] = (out[b] ?? 0) + pa * (this.sim[a * k + b] ?? 0);
    }
    return out;
  }

  /** Learned similarity of two categories (1 for the same one). */
  similarity(a: number, b: number): number {
    this.refresh();
    return this.sim[a * this.dims + b] ?? 0;
  }

  /** The most probable categories of a distribution, best first. */
  static top(dist: CategoryDist, n: number, minP: number): number[] {
    const order = dist.ids.map((id, i) => ({ id, p: dist.p[i] ?? 0 })).filter((x) => x.p >= minP);
    order.sort((x, y) => y.p - x.p);
    return order.slice(0, n).map((x) => x.id);
  }
}

/** Dot product of a document's category distribution with a projected query vector. */
export function topicAffinity(doc: CategoryDist, projected: Float64Array): number {
  let s = 0;
  for (let i = 0; i < doc.ids.length; i++) s += (doc.p[i] ?? 0) * (projected[doc.ids[i] ?? 0] ?? 0);
  return s;
}
