// This process's in-memory view of every live headline and its engagement, kept in step with the store.
import type { Headline } from '../domain.js';
import type { Logger } from '../log.js';
import { type Engagement, HeadlineIndex, type HeadlineKind, type RankingOptions } from '../ranking/index.js';
import { forEachReadingAhead } from '../shared/read-ahead.js';
import type { HeadlineStatsDelta, Store, StoreChange } from '../store/types.js';
import { LoadWorkerError, type LoadWorkerMode, type LoadWorkerOptions, loadTexts } from './index-load.js';

export interface LiveIndexOptions {
  ranking: RankingOptions;
  now: () => number;
  logger: Logger;
  /** How often expired headlines leave the index. */
  pruneIntervalMs?: number;
  /** A full rebuild from the store now and then, as a net under the change feed. */
  resyncIntervalMs?: number;
  /**
   * Whether a build from a store that keeps JSON texts parses and analyses part of them on a worker thread
   * (index-load.ts; default 'on'). The index built is the same either way.
   */
  loadWorker?: LoadWorkerMode;
  /** How that worker is started and watched (tests start workers that fail). */
  loadWorkerOptions?: LoadWorkerOptions;
}

export class LiveIndex {
  private current: HeadlineIndex;
  private readonly stats = new Map<string, HeadlineStatsDelta>();
  private readonly timers: NodeJS.Timeout[] = [];
  private unsubscribe: (() => void) | undefined;
  private resyncing: Promise<void> | undefined;
  private resyncAgain = false;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  /** Headline changes seen while a rebuild scans the store, replayed onto the new index. */
  private duringRebuild: StoreChange[] | undefined;
  /** Set when the last build from the store completed. */
  lastSyncAt: number | undefined;

  constructor(
    private readonly store: Store,
    private readonly options: LiveIndexOptions,
  ) {
    this.current = new HeadlineIndex(options.ranking);
  }

  get index(): HeadlineIndex {
    return this.current;
  }

  get size(): number {
    return this.current.size;
  }

  /** Listens to other instances first, then loads the store, so no change falls in between. */
  async start(): Promise<void> {
    this.unsubscribe = await this.store.subscribe((change) => this.apply(change));
    await this.rebuild();
    const prune = setInterval(() => this.prune(), this.options.pruneIntervalMs ?? 30_000);
    const resync = setInterval(() => void this.resync(), this.options.resyncIntervalMs ?? 15 * 60_000);
    prune.unref();
    resync.unref();
    this.timers.push(prune, resync);
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
    this.unsubscribe?.();
  }

  /** Other parts (caches) that must hear about changes, local or remote. */
  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies a change made by this instance or another one. */
  apply(change: StoreChange): void {
    switch (change.type) {
      case 'headlines.upsert':
      case 'headlines.delete':
        applyHeadlineChange(this.current, change);
        this.duringRebuild?.push(change);
        break;
      case 'stats.delta':
        for (const d of change.deltas) this.addStats(d);
        break;
      case 'resync':
        void this.resync();
        break;
      case 'publisher.put':
        break;
    }
    for (const listener of this.listeners) listener(change);
  }

  engagement = (id: string): Engagement | undefined => {
    const s = this.stats.get(id);
    if (!s) return undefined;
    // Viewable impressions are the honest denominator once the embed reports them.
    return { impressions: s.viewable > 0 ? s.viewable : s.impressions, clicks: s.clicks };
  };

  headline(id: string): Headline | undefined {
    return this.current.get(id);
  }

  /** A live headline's outlet and category (event counting reads these for every item it counts). */
  headlineKind(id: string): HeadlineKind | undefined {
    return this.current.kind(id);
  }

  /** Whether a headline is live, unexpired at `nowMs` and unchanged since its updatedAt was `updatedMs`. */
  isCurrent(id: string, updatedMs: number, nowMs: number): boolean {
    return this.current.isCurrent(id, updatedMs, nowMs);
  }

  /** Rebuilds from the store in the background; serving continues on the old index until it is done. */
  resync(): Promise<void> {
    if (this.resyncing) {
      this.resyncAgain = true;
      return this.resyncing;
    }
    this.resyncing = this.rebuild()
      .catch((err: unknown) => this.options.logger.warn({ err: String(err) }, 'index resync failed'))
      .finally(() => {
        this.resyncing = undefined;
        if (this.resyncAgain) {
          this.resyncAgain = false;
          void this.resync();
        }
      });
    return this.resyncing;
  }

  private async rebuild(): Promise<void> {
    const mode = this.options.loadWorker ?? 'on';
    try {
      await this.build(mode);
    } catch (err) {
      if (mode === 'off' || !(err instanceof LoadWorkerError)) throw err;
      this.options.logger.warn({ err: String(err.cause) }, 'index load worker failed; loading on one thread');
      await this.build('off');
    }
  }

  private async build(mode: LoadWorkerMode): Promise<void> {
    const started = this.options.now();
    const next = new HeadlineIndex(this.options.ranking);
    let analysedByWorker = 0;
    this.duringRebuild = [];
    try {
      // One bulk load: posting lists and the topic model built once at the end, whatever the scan order.
      next.beginLoad();
      const texts = this.store.scanLiveHeadlineTexts?.(started);
      if (texts !== undefined) {
        const loaded = await loadTexts(next, texts, started, mode, this.options.loadWorkerOptions);
        analysedByWorker = loaded.analysed;
        if (loaded.failed)
          this.options.logger.warn(
            { err: String(loaded.failed.cause) },
            'index load worker failed at the end; its share of the distributions computed on this thread',
          );
      }
      // The store fetches the next chunk while this one is indexed.
      else
        await forEachReadingAhead(this.store.scanLiveHeadlines(started), (chunk) => {
          for (const h of chunk) next.upsert(h);
        });
      next.finishLoad();
      const stats = await this.store.readHeadlineStats();
      for (const change of this.duringRebuild) applyHeadlineChange(next, change);
      this.current = next;
      this.stats.clear();
      for (const s of stats) this.stats.set(s.id, { ...s });
    } finally {
      this.duringRebuild = undefined;
    }
    this.lastSyncAt = this.options.now();
    this.options.logger.info(
      { headlines: next.size, ms: this.lastSyncAt - started, analysedByWorker },
      'index built from the store',
    );
  }

  private prune(): void {
    const removed = this.current.pruneExpired(this.options.now());
    for (const id of removed) this.stats.delete(id);
  }

  private addStats(d: HeadlineStatsDelta): void {
    const s = this.stats.get(d.id);
    if (!s) this.stats.set(d.id, { ...d });
    else {
      s.impressions += d.impressions;
      s.viewable += d.viewable;
      s.clicks += d.clicks;
    }
  }
}

function applyHeadlineChange(index: HeadlineIndex, change: StoreChange): void {
  if (change.type === 'headlines.upsert') for (const h of change.headlines) index.upsert(h);
  else if (change.type === 'headlines.delete') for (const id of change.ids) index.remove(id);
}
