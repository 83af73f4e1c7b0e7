// The stages of the index wired together, and how a headline enters and leaves all of them at once
// (the façade, headline-index.ts, and the stage tests build on this).
import type { Headline } from '../domain.js';
import { Accumulators } from './accumulators.js';
import { Candidates } from './candidates.js';
import { DocumentTerms, packedMask, packedWeight } from './document-terms.js';
import { type DistributionJob, type Distributions, DocumentTopics } from './document-topics.js';
import { FieldLengths } from './field-lengths.js';
import { HeadlineTable } from './headline-table.js';
import type { AnalysedHeadlines, AnalysisTail } from './load-analysis.js';
import { QueryAnalyzer } from './query-terms.js';
import { BM25_K1 } from './scoring.js';
import { Stories } from './stories.js';
import { TermArena } from './term-arena.js';
import { TermScores } from './term-scores.js';
import { terms as dictionary } from './text.js';
import { grow } from './typed.js';
import type { RankingOptions } from './types.js';
import { Vocabulary } from './vocabulary.js';

export interface Stages {
  table: HeadlineTable;
  vocabulary: Vocabulary;
  documentTerms: DocumentTerms;
  lengths: FieldLengths;
  arena: TermArena;
  topics: DocumentTopics;
  queries: QueryAnalyzer;
  accumulators: Accumulators;
  candidates: Candidates;
  /** Scratch of a query's expansion terms. */
  termScores: TermScores;
  stories: Stories;
  /** A bulk load is under way (`beginLoad` … `finishLoad`): posting lists and topic upkeep wait for its end. */
  loading: boolean;
  /** During a bulk load: per term id of its analyser (load-analysis.ts) this index's term id. */
  analysedTerms: Int32Array;
  /** Term ids of the analyser known so far (its batches come in the order it analysed them). */
  analysedKnown: number;
}

export function createStages(options: RankingOptions): Stages {
  const table = new HeadlineTable(options);
  const vocabulary = new Vocabulary();
  const arena = new TermArena(
    (slot) => table.alive[slot] === 1,
    () => table.slotsInUse,
  );
  const topics = new DocumentTopics(table, arena);
  return {
    table,
    vocabulary,
    documentTerms: new DocumentTerms(vocabulary),
    lengths: new FieldLengths(),
    arena,
    topics,
    queries: new QueryAnalyzer(vocabulary, arena),
    accumulators: new Accumulators(vocabulary.postings, () => table.alive),
    candidates: new Candidates(),
    termScores: new TermScores(),
    stories: new Stories(table, vocabulary, arena, topics),
    loading: false,
    analysedTerms: new Int32Array(0),
    analysedKnown: 0,
  };
}

/** Adds or replaces a headline in every stage. */
export function ingest(s: Stages, h: Headline): void {
  drop(s, h.id);
  const terms = s.documentTerms.analyze(h);
  const slot = s.table.allocate();
  ensureSlots(s, s.table.capacity);
  s.lengths.add(slot, s.documentTerms.lens);

  // Unique terms, ascending, into the arena and the postings (impact: saturated BM25F weight); during a
  // bulk load the arena keeps their field frequencies for the posting lists built at its end.
  const start = s.arena.reserve(slot, terms.length);
  const norms = s.loading ? undefined : s.lengths.norms(slot, s.table.live);
  const postings = s.vocabulary.postings;
  for (let k = 0; k < terms.length; k++) {
    const id = terms[k] ?? 0;
    s.arena.put(start + k, id, s.documentTerms.mask(id));
    if (norms === undefined) s.arena.putTf(start + k, s.documentTerms.packedTf(id));
    else postings.add(id, slot, impact(s.documentTerms.weightedTf(id, norms)));
  }
  const catKey = h.category === undefined ? '' : s.table.categoryKey(h.category);
  s.table.store(slot, h, catKey);
  s.topics.add(slot, catKey, !s.loading);
}

/**
 * `ingest` for headlines a LoadAnalyser analysed (a bulk load's worker thread): the same stages, their
 * terms, field frequencies and lengths taken as analysed instead of scanned again. Only during a bulk load.
 */
export function ingestAnalysed(s: Stages, batch: AnalysedHeadlines): void {
  if (!s.loading) throw new Error('HeadlineIndex: analysed headlines join a bulk load only');
  // A batch's terms may be named in an earlier batch: batches are taken in the order they were analysed.
  if (batch.firstTerm !== s.analysedKnown) throw new Error('HeadlineIndex: analysed batches out of order');
  s.analysedKnown += batch.stems.length;
  s.analysedTerms = grow(s.analysedTerms, batch.firstTerm + batch.stems.length, (k) => new Int32Array(k));
  const local = s.analysedTerms;
  for (let i = 0; i < batch.stems.length; i++)
    local[batch.firstTerm + i] = s.vocabulary.ensureTerm(batch.stems[i] ?? '');
  const data = batch.data;
  const lens = [0, 0, 0, 0];
  let at = 0;
  for (const [i, h] of batch.headlines.entries()) {
    drop(s, h.id);
    const n = data[at] ?? 0;
    for (let f = 0; f < 4; f++) lens[f] = data[at + 1 + f] ?? 0;
    at += 5;
    const slot = s.table.allocate();
    ensureSlots(s, s.table.capacity);
    s.lengths.add(slot, lens);
    // Terms in the analyser's order (its ids ascending): finishLoad sorts them when it renumbers.
    const start = s.arena.reserve(slot, n);
    for (let k = 0; k < n; k++, at += 2) {
      const packed = data[at + 1] ?? 0;
      s.arena.put(start + k, local[data[at] ?? 0] ?? 0, packedMask(packed));
      s.arena.putTf(start + k, packed);
    }
    const catKey = h.category === undefined ? '' : s.table.categoryKey(h.category);
    s.table.storeParsed(slot, h, catKey, batch.times, 3 * i, batch.odd[i] === 1);
    s.topics.add(slot, catKey, false);
  }
}

/** What the analyser learned besides its batches (how words were written, its word forms), once they are in. */
export function adoptAnalysis(s: Stages, tail: AnalysisTail): void {
  if (!s.loading) throw new Error('HeadlineIndex: an analysis joins a bulk load only');
  if (tail.capitalised.length !== s.analysedKnown) throw new Error('HeadlineIndex: analysed batches missing');
  const local = s.analysedTerms;
  for (let id = 0; id < tail.capitalised.length; id++)
    s.vocabulary.addShapes(local[id] ?? 0, tail.capitalised[id] ?? 0, tail.lowercase[id] ?? 0);
  for (let i = 0; i < tail.forms.length; i++) dictionary.adopt(tail.forms[i] ?? '', tail.formTerms[i] ?? '');
}

/** The saturated BM25F weight a posting stores. */
function impact(tfw: number): number {
  return tfw / (BM25_K1 + tfw);
}

/**
 * Starts a bulk load into an empty index (a build from the store): headlines are ingested without their
 * posting lists and without topic upkeep, which `finishLoad` does once for all of them. The result depends
 * on the set of headlines only, not on the order they came in.
 */
export function beginLoad(s: Stages): void {
  if (s.table.slotsInUse > 0) throw new Error('HeadlineIndex: a bulk load needs an empty index');
  s.loading = true;
  s.analysedTerms = new Int32Array(0);
  s.analysedKnown = 0;
  s.arena.beginLoad();
  s.topics.beginLoad();
}

/**
 * The end of a bulk load: posting lists sized to their length and filled in publication order (the walk
 * newest first then meets the newest headlines, as on a live-fed index), impacts under the final field
 * lengths; the topic model's tables learned once and every headline's distribution computed under them.
 */
export function finishLoad(s: Stages): void {
  if (!s.loading) return;
  const { slots, distributions } = closeLoad(s);
  buildPostings(s, slots);
  if (distributions) s.topics.distribute(slots);
}

/**
 * finishLoad with `share` of the distributions computed by `offload` (a bulk load's worker thread) while
 * this thread builds the posting lists and computes the rest: the same index. Should `offload` fail, they
 * are computed here.
 */
export async function finishLoadSharing(
  s: Stages,
  offload: (job: DistributionJob) => Promise<Distributions>,
  share: number,
): Promise<void> {
  if (!s.loading) return;
  const { slots, distributions } = closeLoad(s);
  const theirs = distributions ? slots.slice(0, Math.floor(share * slots.length)) : [];
  const pending =
    theirs.length === 0 ? undefined : offload(s.topics.distributionJob(theirs)).catch(() => undefined);
  buildPostings(s, slots);
  if (distributions) s.topics.distribute(slots.slice(theirs.length));
  const done = await pending;
  if (done !== undefined) s.topics.adoptDistributions(theirs, done);
  else s.topics.distribute(theirs);
}

/**
 * The first part of a load's end: terms renumbered by stem and categories by key (ids in an order of their
 * own, not the order headlines came in), the topic model learned. Returns the live slots in publication
 * order and whether their distributions are due.
 */
function closeLoad(s: Stages): { slots: number[]; distributions: boolean } {
  s.loading = false;
  const { table, arena } = s;
  const slots: number[] = [];
  for (let slot = 0; slot < table.slotsInUse; slot++) if (table.alive[slot] === 1) slots.push(slot);
  const ids = table.ids;
  slots.sort((a, b) => {
    const d = (table.pub[a] ?? 0) - (table.pub[b] ?? 0);
    if (d !== 0) return d;
    const x = ids[a] ?? '';
    const y = ids[b] ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const termNext = s.vocabulary.renumberByStem();
  arena.renumber(termNext, slots);
  s.analysedTerms = new Int32Array(0);
  s.analysedKnown = 0;
  return { slots, distributions: s.topics.finishLoadModel(termNext, slots) };
}

/** The posting lists of a bulk load, exactly sized, in publication order (`slots`). */
function buildPostings(s: Stages, slots: readonly number[]): void {
  const { table, arena } = s;
  const postings = s.vocabulary.postings;
  const pairs = new Int32Array(s.vocabulary.size);
  for (const slot of slots)
    for (let i = arena.start(slot), end = arena.end(slot); i < end; i++) {
      const id = arena.terms[i] ?? 0;
      pairs[id] = (pairs[id] ?? 0) + 1;
    }
  postings.reserve(pairs);
  for (const slot of slots) {
    const norms = s.lengths.norms(slot, table.live);
    for (let i = arena.start(slot), end = arena.end(slot); i < end; i++)
      postings.add(arena.terms[i] ?? 0, slot, impact(packedWeight(arena.tfAt(i), norms)));
  }
  arena.endLoad();
}

/** Every stage's per-slot arrays hold `capacity` slots. */
function ensureSlots(s: Stages, capacity: number): void {
  s.arena.ensureSlots(capacity);
  s.lengths.ensureSlots(capacity);
  s.topics.ensureSlots(capacity);
  s.accumulators.ensureSlots(capacity);
  s.candidates.ensureSlots(capacity);
}

/** Removes a headline from every stage; false when it is not live. */
export function drop(s: Stages, id: string): boolean {
  const slot = s.table.remove(id);
  if (slot === undefined) return false;
  s.lengths.remove(slot);
  // During a bulk load no posting names the slot yet.
  const end = s.loading ? 0 : s.arena.end(slot);
  for (let i = s.arena.start(slot); i < end; i++) s.vocabulary.postings.drop(s.arena.terms[i] ?? 0);
  s.topics.remove(slot);
  // Postings and time lists keep the dead slot until compaction; only then may the slot be reused.
  if (s.table.compactionDue) compact(s);
  return true;
}

function compact(s: Stages): void {
  const alive = (slot: number) => s.table.alive[slot] === 1;
  s.vocabulary.postings.compact(alive);
  s.topics.compact(alive);
  s.table.releaseDead();
}

export function clearStages(s: Stages): void {
  if (s.loading) {
    s.loading = false;
    s.arena.endLoad();
  }
  s.vocabulary.clear();
  s.table.clear();
  s.arena.clear();
  s.topics.clear();
  s.lengths.clear();
}
