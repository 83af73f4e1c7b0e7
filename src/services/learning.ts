// Learning from readers, the shared part: the counters every instance learns from, kept in the store
// (Redis: one hash, bounded, decayed), and this process's snapshot of them that the widget answer reads
// without a store command. The snapshot is reloaded from the store now and then (a net under the change
// feed, and how a restarted instance starts from what was learned), and follows this instance's own events
// and other instances' announced ones in between.
import {
  type CountsDelta,
  contextKey,
  DEFAULT_LEARNING,
  LearningModel,
  type LearningParams,
} from '../controls/learning.js';
import type { Logger } from '../log.js';
import type { HeadlineKind } from '../ranking/index.js';
import { addDecayed, decayFactor, dropOldest } from '../shared/decay.js';
import type { EventRecord, LearningTally, LearningUpdate, Store } from '../store/types.js';

export interface LearningOptions {
  now: () => number;
  logger: Logger;
  /** Counters lose half their weight in this time (yesterday's hit fades). */
  halfLifeMs: number;
  /** Most counters kept, in the store and in each snapshot (least recently updated dropped first). */
  maxKeys: number;
  /** How often the snapshot is reloaded from the store. */
  refreshMs: number;
  /** The estimate's tunables (benchmarks try others). */
  params?: LearningParams;
}

export class LearningService {
  /** Least recently updated first (Map insertion order), as the store evicts. */
  private tallies = new Map<string, LearningTally>();
  private timer: NodeJS.Timeout | undefined;
  private model: { at: number; model: LearningModel } | undefined;
  /** Set when the snapshot was last loaded from the store. */
  lastLoadAt: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: LearningOptions,
  ) {}

  async start(): Promise<void> {
    await this.reload().catch((err: unknown) =>
      this.options.logger.warn({ err: String(err) }, 'learning counters not loaded; starting without them'),
    );
    this.timer = setInterval(() => {
      this.reload().catch((err: unknown) =>
        this.options.logger.warn({ err: String(err) }, 'learning counters not reloaded'),
      );
    }, this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  get size(): number {
    return this.tallies.size;
  }

  /** Replaces the snapshot with the store's counters. */
  async reload(): Promise<void> {
    const started = this.options.now();
    const all = await this.store.readLearning();
    const byKey = new Map(all.map((t) => [t.key, t]));
    // A counter updated here while the store was read is kept as this snapshot has it when it is newer.
    for (const t of this.tallies.values())
      if (t.at >= started && (byKey.get(t.key)?.at ?? -1) < t.at) byKey.set(t.key, t);
    this.tallies = new Map([...byKey.values()].sort((a, b) => a.at - b.at).map((t) => [t.key, t]));
    dropOldest(this.tallies, this.options.maxKeys);
    this.model = undefined;
    this.lastLoadAt = this.options.now();
  }

  /** The estimates as of now (rebuilt at most once per millisecond of the clock, and on every change). */
  current(): LearningModel {
    const now = this.options.now();
    if (this.model?.at !== now)
      this.model = {
        at: now,
        model: new LearningModel((key) => this.counts(key, now), this.options.params ?? DEFAULT_LEARNING),
      };
    return this.model.model;
  }

  /** A counter decayed to nowMs. */
  counts(key: string, nowMs = this.options.now()): { clicks: number; exposure: number } | undefined {
    const t = this.tallies.get(key);
    if (!t) return undefined;
    const f = decayFactor(nowMs - t.at, this.options.halfLifeMs);
    return { clicks: t.clicks * f, exposure: t.exposure * f };
  }

  /**
   * The counters that newly counted viewables and clicks add to. `counted` lists (event, item) indexes of
   * `events` the store counted (duplicates are not learned from twice); impressions teach nothing: a card
   * loaded below the fold was not seen.
   */
  deltasFor(
    events: readonly EventRecord[],
    counted: readonly (readonly [number, number])[],
    headline: (id: string) => HeadlineKind | undefined,
  ): CountsDelta[] {
    const model = this.current();
    const sum = new Map<string, CountsDelta>();
    for (const [e, i] of counted) {
      const event = events[e];
      const item = event?.items[i];
      if (event === undefined || item === undefined || event.type === 'impression') continue;
      if (item.position === undefined) continue;
      const h = headline(item.id) ?? { id: item.id, partnerId: item.partnerId };
      for (const d of model.deltas(event.type, h, contextKey(event.context), item.position)) {
        const s = sum.get(d.key);
        if (s) {
          s.clicks += d.clicks;
          s.exposure += d.exposure;
        } else sum.set(d.key, { ...d });
      }
    }
    return [...sum.values()];
  }

  /** Writes deltas to the store and into this snapshot; returns them for the other instances. */
  async record(deltas: CountsDelta[]): Promise<LearningUpdate | undefined> {
    if (deltas.length === 0) return undefined;
    const update = { at: this.options.now(), deltas };
    this.apply(update);
    await this.store.recordLearning(deltas, {
      nowMs: update.at,
      halfLifeMs: this.options.halfLifeMs,
      maxKeys: this.options.maxKeys,
    });
    return update;
  }

  /** Adds an update (this instance's or another's) to the snapshot, as the store did. */
  apply(update: LearningUpdate): void {
    addDecayed(this.tallies, update.deltas, update.at, this.options.halfLifeMs, this.options.maxKeys);
    this.model = undefined;
  }
}
