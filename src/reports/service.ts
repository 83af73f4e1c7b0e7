// Exchange reports from the daily counters: per day and pair, the click balance, top headlines, experiments.

import { exchangeFlows, imbalance } from '../controls/balances.js';
import type { LiveHeadlines } from '../controls/controls.js';
import { type EditorialRules, overlaps } from '../controls/editorial.js';
import type { Publisher, ReportScope } from '../domain.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { addDays, bucharestMidnight, type DayRange, daysBetween, resolveRange } from '../shared/calendar.js';
import type { Store } from '../store/types.js';
import { type Interval, twoProportionTest, wilson } from './stats.js';

export interface DailyRow {
  date: string;
  publisher: string;
  outlet: string;
  widgetLoads: number;
  impressions: number;
  viewable: number;
  clicks: number;
  ctr: number;
  viewabilityRate: number;
}

export interface ExchangeRow {
  id: string;
  name: string;
  clicksSent: number;
  clicksReceived: number;
  /** clicksReceived − clicksSent: negative = the partner gives more than it gets. */
  balance: number;
  /** Whether a publisher page of this partner runs with fair exchange on. */
  fairExchange: boolean;
}

export interface ExchangeReport {
  partners: ExchangeRow[];
  /** Σ|balance| / Σ(sent + received): 0 = perfectly reciprocal (admin only). */
  imbalance?: number;
}

export interface TopRow {
  id: string;
  title: string;
  url: string;
  outlet: string;
  impressions: number;
  viewable: number;
  clicks: number;
  ctr: number;
  viewabilityRate: number;
  /** Editorial rules whose window met the report's range. */
  pinned: boolean;
  boosted: boolean;
  buried: boolean;
  blocked: boolean;
}

export interface VariantRow {
  /** 1-based index into the experiment's variants; 0 = answers outside any experiment. */
  variant: number;
  name: string;
  weight: number;
  widgetLoads: number;
  impressions: number;
  viewable: number;
  clicks: number;
  ctr: Interval;
  viewabilityRate: Interval;
  /** Against the first (control) variant: two-proportion z-tests. */
  vsControl?: {
    ctrDifference: number;
    ctrPValue: number;
    viewabilityDifference: number;
    viewabilityPValue: number;
    /** Either p-value below 0.05. */
    significant: boolean;
  };
}

export interface ExperimentReport {
  publisher: string;
  experiment: string | null;
  from: string;
  to: string;
  confidence: 0.95;
  variants: VariantRow[];
}

const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 1e4) / 1e4 : 0);
const round = (x: number) => Math.round(x * 1e6) / 1e6;
const interval = (i: Interval): Interval => ({
  value: round(i.value),
  low: round(i.low),
  high: round(i.high),
});
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Publisher settings as reports read them (services' PublisherService). */
export interface ReportPublishers {
  get(id: string): Promise<Publisher | undefined>;
  all(): Publisher[];
}

export class ReportService {
  constructor(
    private readonly store: Store,
    private readonly publishers: ReportPublishers,
    private readonly directory: { name(id: string): string },
    private readonly live: Pick<LiveHeadlines, 'headline'>,
    private readonly rules: EditorialRules,
    private readonly now: () => number,
  ) {}

  /** A checked day range (default: the last 30 days); InvalidInputError when it is not one. */
  range(from: string | undefined, to: string | undefined): DayRange {
    const resolved = resolveRange(from, to, this.now());
    if ('errors' in resolved) throw new InvalidInputError('The date range is not valid', resolved.errors);
    return resolved.range;
  }

  async daily(
    range: DayRange,
    filter: { publisher?: string | undefined; outlet?: string | undefined },
    scope: ReportScope,
  ): Promise<DailyRow[]> {
    const owners = this.owners();
    const rows = await this.store.readDailyStats(daysBetween(range.from, range.to));
    return rows
      .filter(
        (r) =>
          (filter.publisher === undefined || r.publisherId === filter.publisher) &&
          (filter.outlet === undefined || r.outletId === filter.outlet) &&
          (scope.kind === 'admin' ||
            r.outletId === scope.partnerId ||
            owners.get(r.publisherId) === scope.partnerId),
      )
      .map((r) => ({
        date: r.day,
        publisher: r.publisherId,
        outlet: r.outletId,
        widgetLoads: r.widgetLoads,
        impressions: r.impressions,
        viewable: r.viewable,
        clicks: r.clicks,
        ctr: ratio(r.clicks, r.impressions),
        viewabilityRate: ratio(r.viewable, r.impressions),
      }))
      .sort(
        (a, b) => byText(a.date, b.date) || byText(a.publisher, b.publisher) || byText(a.outlet, b.outlet),
      );
  }

  async exchange(range: DayRange, scope: ReportScope): Promise<ExchangeReport> {
    const owners = this.owners();
    const rows = await this.store.readDailyStats(daysBetween(range.from, range.to));
    const flows = exchangeFlows(rows, (id) => owners.get(id));
    const fair = new Set(
      this.publishers
        .all()
        .filter((p) => p.fairExchange || p.experiment?.variants.some((v) => v.fairExchange))
        .flatMap((p) => p.partnerId ?? []),
    );
    const ids = new Set([...(await this.store.listPartners()).map((p) => p.id), ...flows.keys()]);
    const partners = [...ids]
      .filter((id) => scope.kind === 'admin' || id === scope.partnerId)
      .sort(byText)
      .map((id) => {
        const f = flows.get(id) ?? { sent: 0, received: 0 };
        return {
          id,
          name: this.directory.name(id),
          clicksSent: f.sent,
          clicksReceived: f.received,
          balance: f.received - f.sent,
          fairExchange: fair.has(id),
        };
      });
    const report: ExchangeReport = { partners };
    if (scope.kind === 'admin') report.imbalance = Math.round(imbalance(flows.values()) * 1e4) / 1e4;
    return report;
  }

  async top(range: DayRange, publisherId: string, limit: number, scope: ReportScope): Promise<TopRow[]> {
    const publisher = await this.publishers.get(publisherId);
    if (!publisher) throw new NotFoundError(`No publisher "${publisherId}"`);
    const ownPages = scope.kind === 'admin' || publisher.partnerId === scope.partnerId;
    const rows = await this.store.readHeadlineDailyStats(daysBetween(range.from, range.to), publisherId);
    const totals = new Map<
      string,
      { outlet: string; impressions: number; viewable: number; clicks: number }
    >();
    for (const r of rows) {
      if (!ownPages && scope.kind === 'partner' && r.outletId !== scope.partnerId) continue;
      const t = totals.get(r.headlineId) ?? { outlet: r.outletId, impressions: 0, viewable: 0, clicks: 0 };
      t.impressions += r.impressions;
      t.viewable += r.viewable;
      t.clicks += r.clicks;
      totals.set(r.headlineId, t);
    }
    const flags = this.ruleFlags(publisher, range);
    return [...totals]
      .sort(([a, x], [b, y]) => y.clicks - x.clicks || y.impressions - x.impressions || byText(a, b))
      .slice(0, limit)
      .map(([id, t]) => {
        const h = this.live.headline(id);
        const url = h?.url ?? '';
        return {
          id,
          title: h?.title ?? '',
          url,
          outlet: t.outlet,
          impressions: t.impressions,
          viewable: t.viewable,
          clicks: t.clicks,
          ctr: ratio(t.clicks, t.impressions),
          viewabilityRate: ratio(t.viewable, t.impressions),
          ...flags(id, url, t.outlet),
        };
      });
  }

  async experiment(range: DayRange, publisherId: string, scope: ReportScope): Promise<ExperimentReport> {
    const publisher = await this.publishers.get(publisherId);
    if (!publisher || (scope.kind === 'partner' && publisher.partnerId !== scope.partnerId)) {
      throw new NotFoundError(`No publisher "${publisherId}"`);
    }
    const variants = publisher.experiment?.variants ?? [];
    const counts = new Map<
      number,
      { widgetLoads: number; impressions: number; viewable: number; clicks: number }
    >();
    for (let v = 1; v <= variants.length; v++) {
      counts.set(v, { widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 });
    }
    for (const r of await this.store.readVariantDailyStats(daysBetween(range.from, range.to), publisherId)) {
      const c = counts.get(r.variant) ?? { widgetLoads: 0, impressions: 0, viewable: 0, clicks: 0 };
      c.widgetLoads += r.widgetLoads;
      c.impressions += r.impressions;
      c.viewable += r.viewable;
      c.clicks += r.clicks;
      counts.set(r.variant, c);
    }
    const control = counts.get(1);
    const rows = [...counts]
      .sort(([a], [b]) => (a === 0 ? 1 : b === 0 ? -1 : a - b))
      .map(([variant, c]): VariantRow => {
        const settings = variants[variant - 1];
        const row: VariantRow = {
          variant,
          name: settings?.name ?? (variant === 0 ? 'none' : `variant ${variant}`),
          weight: settings?.weight ?? 0,
          ...c,
          ctr: interval(wilson(c.clicks, c.impressions)),
          viewabilityRate: interval(wilson(c.viewable, c.impressions)),
        };
        if (control && variant > 1) {
          const ctr = twoProportionTest(c.clicks, c.impressions, control.clicks, control.impressions);
          const view = twoProportionTest(c.viewable, c.impressions, control.viewable, control.impressions);
          row.vsControl = {
            ctrDifference: round(row.ctr.value - ratio(control.clicks, control.impressions)),
            ctrPValue: round(ctr.p),
            viewabilityDifference: round(
              row.viewabilityRate.value - ratio(control.viewable, control.impressions),
            ),
            viewabilityPValue: round(view.p),
            significant: ctr.p < 0.05 || view.p < 0.05,
          };
        }
        return row;
      });
    return {
      publisher: publisherId,
      experiment: publisher.experiment?.name ?? null,
      from: range.from,
      to: range.to,
      confidence: 0.95,
      variants: rows,
    };
  }

  /** publisherId → its own outlet. */
  private owners(): Map<string, string> {
    const owners = new Map<string, string>();
    for (const p of this.publishers.all()) if (p.partnerId !== undefined) owners.set(p.id, p.partnerId);
    return owners;
  }

  /** Which rules of the publisher touched a headline during the range. */
  private ruleFlags(publisher: Publisher, range: DayRange) {
    const rules = this.rules.get(publisher.id);
    const fromMs = bucharestMidnight(range.from);
    const toMs = bucharestMidnight(addDays(range.to, 1));
    const hits = (ref: { id?: string; url?: string }, id: string, url: string) =>
      ref.id !== undefined ? ref.id === id : ref.url !== undefined && url !== '' && ref.url === url;
    return (id: string, url: string, outlet: string) => {
      const inRange = <T extends { from?: string; until?: string }>(list: readonly T[] | undefined) =>
        (list ?? []).filter((r) => overlaps(r, fromMs, toMs));
      const boosts = inRange(rules?.boosts).filter((b) =>
        b.id === undefined && b.url === undefined ? b.partnerId === outlet : hits(b, id, url),
      );
      return {
        pinned: inRange(rules?.pins).some((p) => hits(p, id, url)),
        boosted: boosts.some((b) => b.factor > 1),
        buried: boosts.some((b) => b.factor < 1),
        blocked: inRange(rules?.blocks).some((b) => hits(b, id, url)),
      };
    };
  }
}
