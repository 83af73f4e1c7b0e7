// Learning from readers, the pure part: what the counters are called, how a headline's click-through in one
// context is estimated from them (position-corrected, shrunk toward what its kind earns) and valued with an
// optimism bonus that fades with evidence (UCB), and which counters one reader event adds to. No store, no clock: services/learning.ts keeps the
// counters, shared by every instance.
//
// The model (an examination model): a card at position p, once viewable, is clicked with probability
// w(p) · θ(headline, context), where w(0) = 1 and θ is the headline's click-through at the top of a box on
// an article of that context (its topic). A viewable card at p therefore adds w(p) to the headline's
// exposure, so clicks ÷ exposure estimates θ whatever positions the headline was shown at: a click at
// position 6 weighs more than one at position 1.
import type { Headline } from '../domain.js';
import { foldKey, type HeadlineKind, type RankedItem } from '../ranking/index.js';
import { fnv1a } from '../shared/hash.js';

/** Decayed counts under one key, as of now. */
export interface Counts {
  clicks: number;
  exposure: number;
}

export type CountsOf = (key: string) => Counts | undefined;

/** A counter to add to. */
export interface CountsDelta extends Counts {
  key: string;
}

/** The names of the counters. Contexts and categories are folded keys; nothing names a reader. */
export const learningKeys = {
  /** A headline in one context. */
  headline: (id: string, context: string) => `h|${id}|${context}`,
  /**
   * A headline in every context; its exposure is in expected clicks (each viewable's weight times what its
   * kind earned in that context), so clicks ÷ exposure is the headline's lift over its kind, wherever shown.
   */
  headlineAll: (id: string) => `h|${id}|*`,
  /**
   * The part of headlineAll's exposure earned in one context (its expected clicks there), so that the lift
   * measured elsewhere subtracts exactly what this context added.
   */
  headlineExpected: (id: string, context: string) => `e|${id}|${context}`,
  /** Headlines of one category in one context (the kind a new headline starts from). */
  category: (category: string, context: string) => `k|c:${category}|${context}`,
  /** Headlines of one outlet in one context. */
  outlet: (partnerId: string, context: string) => `k|o:${partnerId}|${context}`,
  /** Every headline in one context. */
  context: (context: string) => `x|${context}`,
  all: 'x|*',
  /** Clicks at one position, against the clicks the estimates expected there at the top (see positionWeights). */
  position: (p: number) => `p|${p}`,
} as const;

/** Positions with a weight of their own; further down they share the last one's. */
export const POSITIONS = 12;

/**
 * The prior curve of position weights, before data: w0(p) = 1 / (1 + p/3) (1, 0.75, 0.6, 0.5, …), the
 * shape click-through falls with in published measurements of recommendation boxes.
 */
export function priorPositionWeight(p: number): number {
  return 1 / (1 + p / 3);
}

/** Tunables of the estimate; the defaults are what `npm run bench:learning` was developed with. */
export interface LearningParams {
  /** Click-through assumed before any data, at the top of a box. */
  globalPrior: number;
  /** Pseudo-exposure of each prior level: global → context, context → kind, kind → headline. */
  contextStrength: number;
  kindStrength: number;
  headlineStrength: number;
  /** Pseudo-clicks that hold a headline's lift from other contexts near 1. */
  liftStrength: number;
  /** Pseudo expected clicks holding the position curve to its prior. */
  positionStrength: number;
  /**
   * How much the ranker's own order (relevance × freshness) counts in the prior: a candidate's prior is
   * multiplied by (score ÷ mean score)^relevanceWeight, so before data the ranker's order stands.
   */
  relevanceWeight: number;
  /**
   * The optimism bonus, in posterior deviations: a candidate is valued at its posterior mean plus this many
   * deviations (0 = greedy on the mean; more = more exploration of headlines with little evidence).
   */
  optimism: number;
}

export const DEFAULT_LEARNING: LearningParams = {
  globalPrior: 0.03,
  contextStrength: 20,
  kindStrength: 10,
  headlineStrength: 16,
  liftStrength: 1,
  positionStrength: 5,
  relevanceWeight: 0.5,
  optimism: 0.5,
};

/** A 32-bit FNV-1a hash: the context as the widget token carries it. */
export function contextHash(context: string): number {
  return fnv1a(context) || 1;
}

/** The counters' name for a context carried by a token (0 = no context). */
export function contextKey(hash: number | undefined): string {
  return hash ? hash.toString(16).padStart(8, '0') : '';
}

/**
 * The context of an answer: the article's topic as its relevant candidates tell it, the category that
 * carries the most relevance among the best five of them (the section when none has a category), or ''.
 */
export function answerContext(ranked: readonly RankedItem[], section?: string): string {
  const votes = new Map<string, number>();
  let counted = 0;
  for (const item of ranked) {
    if (item.reason !== 'relevant' || counted >= 5) continue;
    counted++;
    const category = item.kind.category === undefined ? '' : foldKey(item.kind.category);
    if (category !== '') votes.set(category, (votes.get(category) ?? 0) + item.relevance);
  }
  let best = '';
  let most = 0;
  for (const [category, v] of votes) if (v > most) [best, most] = [category, v];
  if (best !== '') return best;
  return section === undefined ? '' : foldKey(section);
}

const rate = (c: Counts | undefined, prior: number, strength: number) =>
  ((c?.clicks ?? 0) + prior * strength) / ((c?.exposure ?? 0) + strength);

/** The estimates of one moment, over counters decayed to it. */
export class LearningModel {
  private readonly contexts = new Map<string, number>();
  private weights: number[] | undefined;
  private readonly global: number;

  constructor(
    private readonly counts: CountsOf,
    private readonly params: LearningParams = DEFAULT_LEARNING,
  ) {
    this.global = rate(counts(learningKeys.all), params.globalPrior, params.contextStrength);
  }

  /**
   * w(p) for p = 0…POSITIONS−1: the clicks at p per click the estimates expected there (as if at the top),
   * relative to position 0, shrunk toward the prior curve; never rising further down, within [0.05, 1].
   * Measured against what was expected of the very headlines shown, so it is not fooled by the best ones
   * being shown on top.
   */
  positionWeights(): number[] {
    if (this.weights) return this.weights;
    const m = this.params.positionStrength;
    const raw = Array.from({ length: POSITIONS }, (_, p) =>
      rate(this.counts(learningKeys.position(p)), priorPositionWeight(p), m),
    );
    const top = raw[0] ?? 1;
    let last = 1;
    this.weights = raw.map((r, p) => {
      last = p === 0 ? 1 : Math.max(0.05, Math.min(last, r / top));
      return last;
    });
    return this.weights;
  }

  positionWeight(p: number): number {
    const w = this.positionWeights();
    return w[Math.min(p, w.length - 1)] ?? 1;
  }

  /** Whether readers reported anything in this context (learningKeys.all for any). */
  knows(context?: string): boolean {
    const key = context === undefined ? learningKeys.all : learningKeys.context(context);
    return (this.counts(key)?.exposure ?? 0) > 0;
  }

  /** Click-through of every headline in a context. */
  contextRate(context: string): number {
    let r = this.contexts.get(context);
    if (r === undefined) {
      r = rate(this.counts(learningKeys.context(context)), this.global, this.params.contextStrength);
      this.contexts.set(context, r);
    }
    return r;
  }

  /** What a headline of this kind (category, outlet) earns in the context, before its own data. */
  kindRate(h: Pick<Headline, 'partnerId' | 'category'>, context: string): number {
    const base = this.contextRate(context);
    const m = this.params.kindStrength;
    const byOutlet = rate(this.counts(learningKeys.outlet(h.partnerId, context)), base, m);
    const category = h.category === undefined ? '' : foldKey(h.category);
    const byCategory =
      category === '' ? base : rate(this.counts(learningKeys.category(category, context)), base, m);
    return Math.sqrt(byOutlet * byCategory);
  }

  /**
   * The Gamma posterior (shape, rate) of a headline's top-of-box click-through in a context. Its prior: the
   * kind's rate, times the headline's lift where it was shown in other contexts, times the ranker's signal
   * (`signal`: its score ÷ the mean score, 1 when unknown) to the power relevanceWeight.
   */
  posterior(h: HeadlineKind, context: string, signal = 1): { shape: number; rate: number; mean: number } {
    const p = this.params;
    const own = this.counts(learningKeys.headline(h.id, context));
    const all = this.counts(learningKeys.headlineAll(h.id));
    const kind = this.kindRate(h, context);
    // The lift measured in the other contexts (this one's data is the likelihood below, not the prior).
    const otherClicks = Math.max(0, (all?.clicks ?? 0) - (own?.clicks ?? 0));
    const ownExpected = this.counts(learningKeys.headlineExpected(h.id, context))?.exposure ?? 0;
    const otherExpected = Math.max(0, (all?.exposure ?? 0) - ownExpected);
    const lift = (otherClicks + p.liftStrength) / (otherExpected + p.liftStrength);
    const prior = kind * lift * Math.max(0.05, Math.min(20, signal)) ** p.relevanceWeight;
    const shape = prior * p.headlineStrength + (own?.clicks ?? 0);
    const r = p.headlineStrength + (own?.exposure ?? 0);
    return { shape, rate: r, mean: shape / r };
  }

  /**
   * What a candidate is ordered by: its posterior mean plus an optimism bonus of `optimism` posterior
   * deviations. A Gamma(shape, rate) deviates by √shape ÷ rate ≈ √(θ ÷ (n + m)) for n exposures over a prior
   * worth m: the bonus fades as viewable exposure grows, so a headline with little evidence is still tried
   * (a low prior is not a verdict) while a well-evidenced one is judged on its mean, as greedy would.
   */
  value(h: HeadlineKind, context: string, signal = 1): { mean: number; bonus: number; value: number } {
    const { shape, rate: r, mean } = this.posterior(h, context, signal);
    const bonus = (this.params.optimism * Math.sqrt(shape)) / r;
    return { mean, bonus, value: mean + bonus };
  }

  /** Values for a ranked list: relevant items' signal is their score against the relevant mean. */
  values(ranked: readonly RankedItem[], context: string): Map<string, number> {
    const relevant = ranked.filter((r) => r.reason === 'relevant');
    const mean = relevant.reduce((s, r) => s + r.score, 0) / Math.max(1, relevant.length);
    const out = new Map<string, number>();
    for (const item of ranked) {
      const signal = item.reason === 'relevant' && mean > 0 ? item.score / mean : 1;
      out.set(item.kind.id, this.value(item.kind, context, signal).value);
    }
    return out;
  }

  /**
   * The counters one counted event adds to: a viewable card its position's weight of exposure (and to the
   * position counter, the click-through expected of it at the top); a click one click everywhere.
   */
  deltas(event: 'viewable' | 'click', h: HeadlineKind, context: string, position: number): CountsDelta[] {
    const k = learningKeys;
    const category = h.category === undefined ? '' : foldKey(h.category);
    const names = [
      k.headline(h.id, context),
      k.outlet(h.partnerId, context),
      k.context(context),
      k.all,
      ...(category === '' ? [] : [k.category(category, context)]),
    ];
    const p = Math.min(position, POSITIONS - 1);
    if (event === 'click')
      return [...names, k.headlineAll(h.id), k.position(p)].map((key) => ({ key, clicks: 1, exposure: 0 }));
    const w = this.positionWeight(p);
    const expected = w * this.kindRate(h, context);
    return [
      ...names.map((key) => ({ key, clicks: 0, exposure: w })),
      { key: k.headlineAll(h.id), clicks: 0, exposure: expected },
      { key: k.headlineExpected(h.id, context), clicks: 0, exposure: expected },
      { key: k.position(p), clicks: 0, exposure: this.posterior(h, context).mean },
    ];
  }
}
