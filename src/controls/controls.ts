// What a publisher controls in its box, applied around the ranker: experiment variant, blocks, pins,
// boosts/buries, fair exchange and a variant's freshness half-life.
import { createHash } from 'node:crypto';
import type { Experiment, Headline, Publisher } from '../domain.js';
import { foldKey, type HeadlineIndex, type RankedItem, type RankQuery, urlKey } from '../ranking/index.js';
import { freshness } from '../ranking/scoring.js';
import { type BalanceSource, fairFactor } from './balances.js';
import { type EditorialRules, isActive } from './editorial.js';
import { type Pin, rerank } from './rerank.js';

/** The ranker's own cap: post-processing re-selects from this many candidates. */
export const WIDE_LIMIT = 20;

/** The live headlines an answer's controls look up (services' LiveIndex provides them). */
export interface LiveHeadlines {
  readonly index: Pick<HeadlineIndex, 'findByUrl'>;
  headline(id: string): Headline | undefined;
}

export interface WidgetControlsOptions {
  rules: Pick<EditorialRules, 'get'>;
  balances: BalanceSource;
  live: LiveHeadlines;
  /** The ranking's freshness half-lives, to re-weight for a variant with another one. */
  halfLifeHours: number;
  categoryHalfLifeHours: Readonly<Record<string, number>>;
  /** Draws a variant when the page sent no page-view id. */
  random?: () => number;
}

/** Post-processing of one answer: turns the ranker's (wider) list into the box. */
export interface AnswerPlan {
  /** `learned`: what readers taught (see rerank), applied within the plan's rules. */
  finish(ranked: readonly RankedItem[], learned?: (item: RankedItem) => number): Headline[];
}

/** A number in [0, 1) from a string, the same on every instance. */
export function stableUnit(text: string): number {
  return createHash('sha256').update(text).digest().readUIntBE(0, 6) / 2 ** 48;
}

/** Variant number (1-based index into experiment.variants) for a draw u in [0, 1); 0 without weights. */
export function pickVariant(experiment: Experiment, u: number): number {
  const total = experiment.variants.reduce((s, v) => s + Math.max(0, v.weight), 0);
  if (total <= 0) return 0;
  let acc = 0;
  for (const [i, v] of experiment.variants.entries()) {
    acc += Math.max(0, v.weight);
    if (u * total < acc) return i + 1;
  }
  return experiment.variants.length;
}

export class WidgetControls {
  private readonly halfLives = new Map<string, number>();

  constructor(private readonly options: WidgetControlsOptions) {
    for (const [k, v] of Object.entries(options.categoryHalfLifeHours)) this.halfLives.set(foldKey(k), v);
  }

  /**
   * The experiment variant of one answer (0 = no experiment). With a page-view id (`pv`) it is a stable
   * hash of publisher, experiment and page view; without one, a fresh draw per answer.
   */
  variantOf(publisher: Publisher, pageView: string | undefined): number {
    const experiment = publisher.experiment;
    if (!experiment?.variants.length) return 0;
    const u =
      pageView === undefined
        ? (this.options.random ?? Math.random)()
        : stableUnit(`${publisher.id}\n${experiment.name}\n${pageView}`);
    return pickVariant(experiment, u);
  }

  /** Adds blocked headlines to the query; a plan when the answer needs post-processing, else undefined. */
  plan(publisher: Publisher, variant: number, q: RankQuery): AnswerPlan | undefined {
    const now = q.nowMs;
    const rules = this.options.rules.get(publisher.id);
    const live = this.options.live;
    const refIds = (ref: { id?: string; url?: string }): string[] =>
      ref.id !== undefined
        ? [ref.id]
        : ref.url !== undefined
          ? live.index.findByUrl(ref.url).map((h) => h.id)
          : [];

    const blocks = (rules?.blocks ?? []).filter((r) => isActive(r, now));
    if (blocks.length) q.excludeIds = new Set([...(q.excludeIds ?? []), ...blocks.flatMap(refIds)]);

    const settings = variant > 0 ? publisher.experiment?.variants[variant - 1] : undefined;
    const fair = settings?.fairExchange ?? publisher.fairExchange ?? false;
    const halfLife = settings?.halfLifeHours;
    const boosts = (rules?.boosts ?? []).filter((r) => isActive(r, now));
    const pins: Pin[] = [];
    for (const rule of rules?.pins ?? []) {
      if (!isActive(rule, now)) continue;
      const headline = refIds(rule)
        .map((id) => live.headline(id))
        .find((h) => h !== undefined && allowed(h, q));
      if (headline) pins.push({ headline, position: rule.position });
    }
    if (!pins.length && !boosts.length && !fair && halfLife === undefined) return undefined;

    const limit = q.limit;
    const maxPerOutlet = q.maxPerOutlet;
    q.limit = WIDE_LIMIT;
    // The item's kind where it will do (its headline is built only when a URL or a time is read).
    const factor = (item: RankedItem): number => {
      const h = item.kind;
      let f = 1;
      for (const b of boosts) {
        const hit =
          b.id !== undefined
            ? b.id === h.id
            : b.url !== undefined
              ? urlKey(b.url) === urlKey(item.headline.url)
              : b.partnerId === h.partnerId;
        if (hit) f *= b.factor;
      }
      if (fair) f *= fairFactor(this.options.balances.flow(h.partnerId));
      if (halfLife !== undefined) {
        const age = now - Date.parse(item.headline.publishedAt);
        const base = this.halfLives.get(foldKey(h.category ?? '')) ?? this.options.halfLifeHours;
        f *= freshness(age, halfLife) / freshness(age, base);
      }
      return f;
    };
    return {
      finish: (ranked, learned) =>
        rerank({
          ranked,
          limit,
          maxPerOutlet,
          pins,
          factor,
          ...(learned ? { learned } : {}),
          // Fair exchange alone only picks among comparably relevant items; editors' boosts may reach further.
          comparableOnly: boosts.length === 0 && halfLife === undefined,
        }),
    };
  }
}

/** The filters a pinned headline must still pass: never expired, excluded, the article itself or own outlet. */
function allowed(h: Headline, q: RankQuery): boolean {
  const category = h.category === undefined ? '' : foldKey(h.category);
  return (
    Date.parse(h.expiresAt) > q.nowMs &&
    !(q.excludePartners?.has(h.partnerId) ?? false) &&
    (q.includePartners === undefined || q.includePartners.has(h.partnerId)) &&
    !(q.excludeIds?.has(h.id) ?? false) &&
    (q.articleUrl === undefined || urlKey(q.articleUrl) !== urlKey(h.url)) &&
    !(category !== '' && (q.excludeCategories ?? []).some((c) => foldKey(c) === category))
  );
}
