// The click exchange between partners: what each one's pages sent to others and what it received.
import type { Publisher } from '../domain.js';
import type { Logger } from '../log.js';
import { addDays, bucharestDay, daysBetween } from '../shared/calendar.js';
import type { DailyCount, Store } from '../store/types.js';

export interface ExchangeFlow {
  sent: number;
  received: number;
}

/**
 * Sums clicks per partner: `sent` counts clicks on pages of publishers it owns (publisher.partnerId)
 * towards other outlets; `received` counts clicks on its headlines on pages it does not own.
 */
export function exchangeFlows(
  rows: Iterable<Pick<DailyCount, 'publisherId' | 'outletId' | 'clicks'>>,
  ownerOf: (publisherId: string) => string | undefined,
): Map<string, ExchangeFlow> {
  const flows = new Map<string, ExchangeFlow>();
  const flow = (id: string) => {
    let f = flows.get(id);
    if (!f) {
      f = { sent: 0, received: 0 };
      flows.set(id, f);
    }
    return f;
  };
  for (const r of rows) {
    if (r.clicks === 0 || r.outletId === '') continue;
    const owner = ownerOf(r.publisherId);
    if (owner === r.outletId) continue;
    if (owner !== undefined) flow(owner).sent += r.clicks;
    flow(r.outletId).received += r.clicks;
  }
  return flows;
}

/** Share of clicks that did not come back: Σ|received − sent| / Σ(received + sent), 0 = perfectly reciprocal. */
export function imbalance(flows: Iterable<ExchangeFlow>): number {
  let gap = 0;
  let total = 0;
  for (const f of flows) {
    gap += Math.abs(f.received - f.sent);
    total += f.received + f.sent;
  }
  return total === 0 ? 0 : gap / total;
}

/** Where the ranking reads balances from. */
export interface BalanceSource {
  flow(partnerId: string): ExchangeFlow | undefined;
}

/** Clicks it takes before a balance counts fully: small samples barely move the ranking. */
const SMOOTHING_CLICKS = 20;
/** Strength of the nudge: the factor stays within [e^-α, e^α]. */
export const FAIR_STRENGTH = 0.5;

/** Score multiplier for an outlet: > 1 for partners in deficit (sent more than received), < 1 in surplus. */
export function fairFactor(flow: ExchangeFlow | undefined, strength = FAIR_STRENGTH): number {
  if (flow === undefined) return 1;
  const ratio = (flow.received - flow.sent) / (flow.received + flow.sent + SMOOTHING_CLICKS);
  return Math.exp(-strength * ratio);
}

export interface ExchangeBalancesOptions {
  now: () => number;
  logger: Logger;
  /** Days of history the balance covers. */
  windowDays?: number;
  /** At most one read of the store per this many ms, however many stats deltas arrive. */
  minRefreshMs?: number;
  /** A read now and then even without traffic (other instances' counts). */
  refreshIntervalMs?: number;
}

/** This instance's view of every partner's balance over the last weeks, refreshed from the store. */
export class ExchangeBalances implements BalanceSource {
  private flows = new Map<string, ExchangeFlow>();
  private lastRead = 0;
  private pending: NodeJS.Timeout | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly publishers: () => Iterable<Publisher>,
    private readonly options: ExchangeBalancesOptions,
  ) {}

  async start(): Promise<void> {
    await this.refresh().catch((err: unknown) =>
      this.options.logger.warn({ err: String(err) }, 'exchange balances not loaded; retrying later'),
    );
    this.timer = setInterval(
      () => void this.refresh().catch(() => {}),
      this.options.refreshIntervalMs ?? 300_000,
    );
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.pending);
  }

  flow(partnerId: string): ExchangeFlow | undefined {
    return this.flows.get(partnerId);
  }

  /** Counts changed somewhere (a stats delta): re-read soon, at most once per minRefreshMs. */
  changed(): void {
    if (this.pending) return;
    const wait = Math.max(0, this.lastRead + (this.options.minRefreshMs ?? 30_000) - Date.now());
    this.pending = setTimeout(() => {
      this.pending = undefined;
      void this.refresh().catch(() => {});
    }, wait);
    this.pending.unref();
  }

  /** Reads the window's daily counters and recomputes every balance. */
  refresh(): Promise<void> {
    this.reading ??= this.read().finally(() => {
      this.reading = undefined;
    });
    return this.reading;
  }

  private async read(): Promise<void> {
    this.lastRead = Date.now();
    const today = bucharestDay(this.options.now());
    const days = daysBetween(addDays(today, -((this.options.windowDays ?? 28) - 1)), today);
    const rows = await this.store.readDailyStats(days);
    const owners = new Map<string, string>();
    for (const p of this.publishers()) if (p.partnerId !== undefined) owners.set(p.id, p.partnerId);
    this.flows = exchangeFlows(rows, (id) => owners.get(id));
  }
}
