// Simulated readers with hidden tastes, and the oracle that knows them: the ground truth of bench/learning.ts.
import type { EvalHeadline, EvalHost } from '../tests/fixtures/eval/harness.js';

export interface Tastes {
  /** Median click probability of a card at the top, read with full attention, off the article's topic. */
  medianAppeal: number;
  /** Spread of appeal between headlines (σ of its logarithm). */
  appealSpread: number;
  /** How many times more a headline is clicked when it fits the article's topic. */
  topicMultiplier: number;
  /** Chance that the card at position p (0-based) becomes viewable. */
  viewable: (p: number) => number;
  /** Attention to a viewable card at position p (1 at the top). */
  attention: (p: number) => number;
}

export const CARDS = 6;
export const MAX_PER_OUTLET = 2;

/** A seeded Gaussian from a uniform source (Box–Muller). */
function gaussian(random: () => number): number {
  const u = Math.max(random(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

export class Readers {
  private readonly appeal = new Map<string, number>();

  constructor(
    private readonly tastes: Tastes,
    headlines: readonly EvalHeadline[],
    random: () => number,
  ) {
    for (const h of headlines)
      this.appeal.set(h.url, tastes.medianAppeal * Math.exp(tastes.appealSpread * gaussian(random)));
  }

  /** Click probability of headline h on the host article at position p, given the card is viewable. */
  ctr(h: EvalHeadline, host: EvalHost): number {
    const fit = h.topic === host.topic ? this.tastes.topicMultiplier : 1;
    return Math.min(0.9, (this.appeal.get(h.url) ?? 0) * fit);
  }

  /** Expected clicks of a box (headlines in order) on the host article. */
  expectedClicks(box: readonly EvalHeadline[], host: EvalHost): number {
    let sum = 0;
    box.forEach((h, p) => {
      sum += this.tastes.viewable(p) * this.tastes.attention(p) * this.ctr(h, host);
    });
    return sum;
  }

  /** One reader's page view: which cards became viewable, which were clicked (a subset of those). */
  read(
    box: readonly EvalHeadline[],
    host: EvalHost,
    random: () => number,
  ): { viewable: number[]; clicked: number[] } {
    const viewable: number[] = [];
    const clicked: number[] = [];
    box.forEach((h, p) => {
      if (random() >= this.tastes.viewable(p)) return;
      viewable.push(p);
      if (random() < this.tastes.attention(p) * this.ctr(h, host)) clicked.push(p);
    });
    return { viewable, clicked };
  }

  /**
   * The best box a reader-aware editor could serve under the service's rules: live, not the article, not its
   * outlet, at most MAX_PER_OUTLET per outlet, one per story, and relevance first (every headline that fits
   * the article's topic before any that does not, as learning may not lift an off-topic headline over an
   * on-topic one; the oracle knows the true topics); the likeliest clicks on top. With `relevanceFirst`
   * false, the same rules without that one (the bench prints how much more that box would earn).
   */
  oracle(
    headlines: readonly EvalHeadline[],
    host: EvalHost,
    nowMs: number,
    relevanceFirst = true,
  ): EvalHeadline[] {
    const fits = (h: EvalHeadline) => (relevanceFirst && h.topic === host.topic ? 1 : 0);
    const candidates = headlines
      .filter(
        (h) =>
          h.partnerId !== host.outlet &&
          h.url !== host.url &&
          Date.parse(h.expiresAt) > nowMs &&
          Date.parse(h.publishedAt) <= nowMs + 3_600_000,
      )
      .sort((a, b) => fits(b) - fits(a) || this.ctr(b, host) - this.ctr(a, host));
    return fillBox(candidates);
  }
}

/** The first CARDS of `ranked` under the box's rules: at most MAX_PER_OUTLET per outlet, one per story. */
export function fillBox(ranked: readonly EvalHeadline[]): EvalHeadline[] {
  const perOutlet = new Map<string, number>();
  const stories = new Set<string>();
  const box: EvalHeadline[] = [];
  for (const h of ranked) {
    if (box.length >= CARDS) break;
    if ((perOutlet.get(h.partnerId) ?? 0) >= MAX_PER_OUTLET) continue;
    if (h.story !== undefined && stories.has(h.story)) continue;
    if (h.story !== undefined) stories.add(h.story);
    perOutlet.set(h.partnerId, (perOutlet.get(h.partnerId) ?? 0) + 1);
    box.push(h);
  }
  return box;
}
