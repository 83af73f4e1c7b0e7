// The stages of the index wired together, and how a headline enters and leaves all of them at once
// (the façade, headline-index.ts, and the stage tests build on this).
import type { Headline } from '../domain.js';
import { Accumulators } from './accumulators.js';
import { Candidates } from './candidates.js';
import { DocumentTerms } from './document-terms.js';
import { DocumentTopics } from './document-topics.js';
import { FieldLengths } from './field-lengths.js';
import { HeadlineTable } from './headline-table.js';
import { QueryAnalyzer } from './query-terms.js';
import { BM25_K1 } from './scoring.js';
import { Stories } from './stories.js';
import { TermArena } from './term-arena.js';
import { foldKey } from './text.js';
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
  stories: Stories;
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
    stories: new Stories(table, vocabulary, arena, topics),
  };
}

/** Adds or replaces a headline in every stage. */
export function ingest(s: Stages, h: Headline): void {
  drop(s, h.id);
  const terms = s.documentTerms.analyze(h);
  const slot = s.table.allocate();
  ensureSlots(s, s.table.capacity);
  s.lengths.add(slot, s.documentTerms.lens);

  // Unique terms, ascending, into the arena and the postings (impact: saturated BM25F weight).
  const start = s.arena.reserve(slot, terms.length);
  const norms = s.lengths.norms(slot, s.table.live);
  const postings = s.vocabulary.postings;
  for (let k = 0; k < terms.length; k++) {
    const id = terms[k] ?? 0;
    const tfw = s.documentTerms.weightedTf(id, norms);
    s.arena.put(start + k, id, s.documentTerms.mask(id));
    postings.add(id, slot, tfw / (BM25_K1 + tfw));
  }
  const catKey = h.category === undefined ? '' : foldKey(h.category);
  s.table.store(slot, h, catKey);
  s.topics.add(slot, catKey);
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
  const end = s.arena.end(slot);
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
  s.vocabulary.clear();
  s.table.clear();
  s.arena.clear();
  s.topics.clear();
  s.lengths.clear();
}
