// The ranking engine's façade: the in-memory index of live headlines and the ranker of the "Citește și"
// box. rank() runs the stages in order (README.md in this folder describes them): query terms →
// retrieval (BM25F postings walk, topical candidates, feedback) → selection (scores, per-outlet cap,
// near-duplicates, freshest-first fallback). stages.ts keeps every stage in step as headlines come and go.
import type { Headline } from '../domain.js';
import type { DistributionJob, Distributions } from './document-topics.js';
import type { AnalysedHeadlines, AnalysisTail } from './load-analysis.js';
import { collectRelevant } from './retrieval.js';
import { blockedPartners, hardRules } from './rules.js';
import { select } from './selection.js';
import {
  adoptAnalysis,
  beginLoad,
  clearStages,
  createStages,
  drop,
  finishLoad,
  finishLoadSharing,
  ingest,
  ingestAnalysed,
  type Stages,
} from './stages.js';
import type { HeadlineKind, RankedItem, RankingOptions, RankQuery } from './types.js';
import { urlKey } from './urls.js';

/** Most items one answer may hold. */
const MAX_LIMIT = 20;

export class HeadlineIndex {
  private readonly s: Stages;

  constructor(options: RankingOptions) {
    this.s = createStages(options);
  }

  get size(): number {
    return this.s.table.live;
  }

  /** The served fields of a live headline (no summary, empty tags). */
  get(id: string): Headline | undefined {
    const slot = this.s.table.slotOf(id);
    return slot === undefined ? undefined : this.s.table.headlineAt(slot);
  }

  /** A live headline's outlet and category: what counting its events needs, cheaper than get(). */
  kind(id: string): HeadlineKind | undefined {
    const slot = this.s.table.slotOf(id);
    return slot === undefined ? undefined : this.s.table.kindAt(slot);
  }

  /** Whether a headline is live, unexpired and unchanged since its updatedAt was `updatedMs`. */
  isCurrent(id: string, updatedMs: number, nowMs: number): boolean {
    return this.s.table.isCurrent(id, updatedMs, nowMs);
  }

  findByUrl(url: string): Headline[] {
    return this.s.table.findByUrl(url);
  }

  upsert(h: Headline): void {
    ingest(this.s, h);
  }

  /**
   * Starts a bulk load into this empty index (a build from the store): the upserts until `finishLoad` leave
   * posting lists and topic upkeep to it, which does them once for all — faster, and the built index depends
   * on the headlines only, not on the order they came in. A query finishes the load first.
   */
  beginLoad(): void {
    beginLoad(this.s);
  }

  finishLoad(): void {
    finishLoad(this.s);
  }

  /**
   * finishLoad with `share` (0–1) of the headlines' topic distributions computed by `offload` (a worker
   * thread running `distributions`) while this thread does the rest: the same index. Should `offload` fail,
   * this thread computes them too.
   */
  finishLoadSharing(offload: (job: DistributionJob) => Promise<Distributions>, share: number): Promise<void> {
    return finishLoadSharing(this.s, offload, share);
  }

  /**
   * During a bulk load: headlines a LoadAnalyser analysed (on another thread), taken as `upsert` would take
   * them. One analyser per load; its `tail` goes to `adoptAnalysis` after its last batch, before finishLoad.
   */
  upsertAnalysed(batch: AnalysedHeadlines): void {
    ingestAnalysed(this.s, batch);
  }

  adoptAnalysis(tail: AnalysisTail): void {
    adoptAnalysis(this.s, tail);
  }

  remove(id: string): boolean {
    return drop(this.s, id);
  }

  pruneExpired(nowMs: number): string[] {
    const ids = this.s.table.expired(nowMs);
    for (const id of ids) drop(this.s, id);
    return ids;
  }

  clear(): void {
    clearStages(this.s);
  }

  rank(q: RankQuery): RankedItem[] {
    const s = this.s;
    const limit = Math.max(0, Math.min(MAX_LIMIT, Math.floor(q.limit)));
    if (limit === 0 || s.table.live === 0) return [];
    const maxPerOutlet = Math.max(1, Math.floor(q.maxPerOutlet));
    const random = q.random ?? Math.random;
    finishLoad(s);
    s.topics.refreshForQuery();

    // The host article: its stored record when we know its URL, else what the page told us.
    const article = q.articleUrl === undefined ? undefined : s.table.slotsAt(urlKey(q.articleUrl));
    const host = article === undefined ? -1 : typeof article === 'number' ? article : (article[0] ?? -1);

    const blocked = blockedPartners(s.table, q);
    const allowed = hardRules(s.table, s.topics, q, article, blocked);
    const terms = s.queries.terms(q, host);
    s.accumulators.next();
    s.candidates.reset();
    if (terms.ids.length > 0) collectRelevant(s, q, host, allowed, terms);
    const hostTitle = host >= 0 ? s.arena.titleIds(host) : s.queries.titleIds(q.title);
    return select(s, q, { limit, maxPerOutlet, random, allowed, blocked, hostTitle });
  }
}
