import { topBy } from './heap.js';
import type { QueryTerms } from './query-terms.js';
import { idf } from './scoring.js';
import type { Stages } from './stages.js';
import { TAGS, TITLE } from './term-arena.js';
import { foldKey } from './text.js';
import { GUESSED_LABEL_NEAR } from './topics.js';
import type { RankQuery } from './types.js';

/** Query terms that walk postings. */
const MAX_QUERY_TERMS = 14;
const LEXICAL_CANDIDATES = 100;
/** Postings walked per query in all. */
const POSTINGS_BUDGET = 1500;
/** Categories, and items of each, that bring topical candidates. */
const TOPIC_CATEGORIES = 4;
const TOPIC_PER_CATEGORY = 20;
/** Candidates whose topic is computed exactly (the rest keep the cached or label-based estimate). */
const REFINE = 40;
/** Pseudo-relevance feedback: documents read, terms added, their weight. */
const PRF_DOCS = 5;
const PRF_TERMS = 6;
const PRF_WEIGHT = 0.35;
/** How much of the article's topic its category label carries: a stored host's own, or the page's section. */
const HOST_LABEL_WEIGHT = 0.7;
const SECTION_LABEL_WEIGHT = 0.4;
/** A page with no section to go by: the names among its words weigh this much more in telling its topic. */
const NAME_TOPIC_WEIGHT = 2;
/** A page's words weigh this plus how much each marks one topic (its learned concentration, 0–1). */
const TOPICAL_FLOOR = 0.3;
/** Share of relevance that the topic carries when the query has one. */
const TOPIC_SHARE = 0.7;

export type RetrievalParts = Pick<
  Stages,
  'table' | 'vocabulary' | 'arena' | 'topics' | 'accumulators' | 'candidates' | 'termScores'
>;

/** Fills `parts.candidates` with the lexical and topical candidates of a query (`host`: stored article slot or -1). */
export function collectRelevant(
  parts: RetrievalParts,
  q: RankQuery,
  host: number,
  allowed: (slot: number) => boolean,
  qt: QueryTerms,
): void {
  const { table, vocabulary, arena, topics, accumulators, candidates: c } = parts;
  const postings = vocabulary.postings;
  const model = topics.model;
  const n = table.live;
  // Rarest, heaviest terms first; a handful carry nearly all the evidence.
  const order = qt.ids
    .map((id, i) => ({ id, w: qt.bm[i] ?? 0, s: (qt.bm[i] ?? 0) * idf(postings.df(id), n) }))
    .filter((t) => t.w > 0)
    .sort((a, b) => b.s - a.s)
    .slice(0, MAX_QUERY_TERMS);
  const selfMax = order.reduce((sum, t) => sum + t.s, 0);
  let budget = POSTINGS_BUDGET;
  for (const t of order) budget -= accumulators.scoreTerm(t.id, t.w, budget, n);
  const lexical = accumulators.top(0, LEXICAL_CANDIDATES, allowed);

  // What category the article is about, learned from the stream; the section is a label when known.
  const sectionKey = q.section === undefined ? '' : foldKey(q.section);
  const hostCat = host >= 0 ? (topics.cat[host] ?? -1) : -1;
  let label = hostCat >= 0 ? hostCat : sectionKey === '' ? undefined : model.categoryId(sectionKey);
  let labelWeight = host >= 0 ? HOST_LABEL_WEIGHT : SECTION_LABEL_WEIGHT;
  // A section the stream has not taught yet (new, renamed, split, or too few live headlines) borrows
  // the label of the active category closest by name, weighed by how close.
  const labelKey = label === undefined ? sectionKey : (model.categoryKey(label) ?? '');
  if (!model.isActive(label) && labelKey !== '') {
    const near = model.closestByName(labelKey);
    if (near !== undefined) {
      label = near.id;
      labelWeight *= near.sim;
    }
  }
  // A stored host is predicted from its own record, left out of its category like any document.
  // A page's words tell its topic by how much each marks one (a word every section uses says little);
  // one with no section the stream can place leans on its names too: the words the stream writes
  // capitalised (a minister, a club, a show) mark a topic better than its common words do.
  const nameWeight = host < 0 && !model.isActive(label) ? NAME_TOPIC_WEIGHT : 1;
  const words = {
    ids: qt.ids,
    weights: host < 0 ? topicalWeights(parts, qt, nameWeight) : qt.nb,
    start: 0,
    end: qt.ids.length,
  };
  let predicted =
    host >= 0
      ? model.predict(arena.features(host), label, labelWeight, hostCat)
      : model.predict(words, label, labelWeight);
  // A page with no section the stream can place (none sent, or a new one named like no active
  // category): the category its words' neighbourhood gathers in stands in as its section, weighed by
  // how much of that mass it gathers, so the label's trust sharpens a flat prediction towards one topic.
  if (host < 0 && !model.isActive(label)) {
    const guess = model.closestCategory(predicted);
    if (guess !== undefined)
      predicted = model.predict(
        words,
        guess.id,
        SECTION_LABEL_WEIGHT * guess.closeness,
        -1,
        GUESSED_LABEL_NEAR,
      );
  }
  // Topic feedback: the categories of the best lexical hits (weighted by their BM25 share) join the
  // article's predicted distribution, so a few matching words carry their neighbours' topic along.
  const qDist = topics.feedback(predicted, lexical, accumulators.acc, PRF_DOCS);
  const projected = model.project(qDist);
  const hasTopic = qDist.ids.length > 0;

  const lexNorm = (bm: number) => Math.min(1, bm / Math.max(1e-9, 0.5 * selfMax));
  const relevance = (bm: number, topic: number) =>
    hasTopic ? TOPIC_SHARE * topic + (1 - TOPIC_SHARE) * lexNorm(bm) : lexNorm(bm);
  const consider = (slot: number) => {
    if (c.has(slot) || slot === host) return;
    const bm = accumulators.score(slot);
    const topic = hasTopic ? topics.quickTopic(slot, projected) : 0;
    c.push(slot, bm, topic, relevance(bm, topic));
  };
  for (const slot of lexical) consider(slot);

  // Topical candidates: the freshest allowed items of the categories closest to the article.
  if (hasTopic) {
    const cats: Array<{ id: number; v: number }> = [];
    for (let id = 0; id < topics.byCategory.length; id++) {
      const v = topics.byCategory[id] === undefined ? 0 : (projected[id] ?? 0);
      if (v > 0.2) cats.push({ id, v });
    }
    cats.sort((a, b) => b.v - a.v);
    for (const { id } of cats.slice(0, TOPIC_CATEGORIES)) {
      let taken = 0;
      topics.byCategory[id]?.forEachNewest((slot) => {
        if (taken >= TOPIC_PER_CATEGORY) return false;
        if (!allowed(slot)) return true;
        consider(slot);
        taken++;
        return true;
      });
    }
  }

  // Pseudo-relevance feedback: title/tag terms shared by the best first-round hits join the query.
  const withBm: number[] = [];
  for (let i = 0; i < c.length; i++) if ((c.bm25[i] ?? 0) > 0) withBm.push(i);
  const top = topBy(withBm, PRF_DOCS, c.relevance);
  const expansion = parts.termScores;
  expansion.reset(vocabulary.size, qt.ids);
  for (const i of top) {
    const slot = c.slots[i] ?? 0;
    const end = arena.end(slot);
    for (let k = arena.start(slot); k < end; k++) {
      if (((arena.mask[k] ?? 0) & (TITLE | TAGS)) === 0) continue;
      const t = arena.terms[k] ?? 0;
      if (expansion.isQueryTerm(t)) continue;
      const df = postings.df(t);
      if (df < 2) continue;
      expansion.add(t, (c.relevance[i] ?? 0) * idf(df, n));
    }
  }
  const extra = expansion.best(PRF_TERMS);
  const best = extra[0]?.score ?? 0;
  if (best > 0 && top.length >= 2) {
    const from = accumulators.touchedLen;
    let left = POSTINGS_BUDGET / 2;
    for (const { id, score } of extra)
      left -= accumulators.scoreTerm(id, PRF_WEIGHT * (score / best), left, n);
    for (const slot of accumulators.top(from, LEXICAL_CANDIDATES / 3, allowed)) consider(slot);
    for (let i = 0; i < c.length; i++) {
      const bm = accumulators.score(c.slots[i] ?? 0);
      c.bm25[i] = bm;
      c.relevance[i] = relevance(bm, c.topic[i] ?? 0);
    }
  }

  // The exact topic (naive Bayes over the headline's words) for the best candidates only; the cached
  // or label-based estimate already orders the rest (and is exact where the distribution was cached).
  if (hasTopic) {
    const all: number[] = [];
    for (let i = 0; i < c.length; i++) all.push(i);
    for (const i of topBy(all, REFINE, c.relevance)) {
      const slot = c.slots[i] ?? 0;
      if (topics.isExact(slot)) continue;
      const topic = topics.affinity(slot, projected);
      c.topic[i] = topic;
      c.relevance[i] = relevance(c.bm25[i] ?? 0, topic);
    }
  }
}

/**
 * The category-model weights of a page's words, each × (TOPICAL_FLOOR + its concentration) and × `names`
 * for a name, rescaled to the same total (the prediction's temperature stays that of the text's length).
 */
function topicalWeights(parts: RetrievalParts, qt: QueryTerms, names: number): number[] {
  const { vocabulary, topics } = parts;
  let before = 0;
  let after = 0;
  const out = qt.ids.map((id, i) => {
    const w = qt.nb[i] ?? 0;
    const x = w * (TOPICAL_FLOOR + topics.model.concentration(id)) * (vocabulary.isName(id) ? names : 1);
    before += w;
    after += x;
    return x;
  });
  if (after > 0) for (let i = 0; i < out.length; i++) out[i] = ((out[i] ?? 0) * before) / after;
  return out;
}
