// Fixtures of the ranking tests: a seeded random source, headlines and queries at a fixed clock, small
// Romanian sample streams, and indexes or bare stages built from them. Not part of the build.
import type { Headline } from '../domain.js';
import { HeadlineIndex } from './headline-index.js';
import { createStages, ingest, type Stages } from './stages.js';
import { terms as dictionary } from './text.js';
import type { RankingOptions, RankQuery } from './types.js';

export const NOW = Date.parse('2026-11-29T12:00:00Z');
export const HOUR = 3_600_000;

/** Mulberry32: a small seeded random source for reproducible exploration. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

let made = 0;

/** A headline of `partnerId`, published `ageHours` (default 1) before NOW, live for 72 hours; ids are unique. */
export function headline(
  partnerId: string,
  title: string,
  extra: Partial<Headline> & { ageHours?: number } = {},
): Headline {
  made++;
  const { ageHours = 1, ...rest } = extra;
  const published = NOW - ageHours * HOUR;
  return {
    id: `${partnerId}-${made}`,
    partnerId,
    url: `https://www.${partnerId}.ro/articol-${made}`,
    title,
    tags: [],
    publishedAt: new Date(published).toISOString(),
    expiresAt: new Date(published + 72 * HOUR).toISOString(),
    updatedAt: new Date(published).toISOString(),
    ...rest,
  };
}

const OPTIONS: RankingOptions = { halfLifeHours: 24 };

export function indexOf(items: readonly Headline[], options: RankingOptions = OPTIONS): HeadlineIndex {
  const idx = new HeadlineIndex(options);
  for (const h of items) idx.upsert(h);
  return idx;
}

/** The stages of an index holding `items`, for tests of one stage. */
export function stagesOf(items: readonly Headline[], options: RankingOptions = OPTIONS): Stages {
  const s = createStages(options);
  for (const h of items) ingest(s, h);
  return s;
}

/** A query at NOW: 6 items, 2 per outlet, seeded exploration. */
export function query(q: Partial<RankQuery>): RankQuery {
  return { limit: 6, maxPerOutlet: 2, nowMs: NOW, random: seeded(7), ...q };
}

export const sport = [
  headline('gsp', 'FCSB a câștigat derby-ul cu Rapid în Liga 1', { category: 'Fotbal' }),
  headline('prosport', 'Rapid pregătește un transfer important în Superliga', { category: 'Fotbal' }),
  headline('digi24', 'Echipa națională de fotbal joacă un meci amical', { category: 'Sport' }),
  headline('mediafax', 'Selecționerul naționalei de fotbal a anunțat lotul', { category: 'Sport' }),
];

export const politics = [
  headline('hotnews', 'Guvernul a adoptat ordonanța privind bugetul', { category: 'Politică' }),
  headline('adevarul', 'Parlamentul votează moțiunea de cenzură împotriva Guvernului', {
    category: 'Politica',
  }),
  headline('g4media', 'Premierul anunță remanierea guvernului după votul din Parlament'),
];

// Sections of several outlets that share a structural word ("stiri / ...") and topical ones.
export const worldSections = [
  headline('digi24', 'Summit la Bruxelles despre apărarea europeană', { category: 'Stiri / Externe' }),
  headline('digi24', 'Alegeri anticipate în Germania după căderea coaliției', {
    category: 'Stiri / Externe',
  }),
  headline('hotnews', 'Casa Albă anunță noi tarife pentru importurile din China', { category: 'Externe' }),
  headline('hotnews', 'Japonia și Coreea de Sud semnează un acord de securitate', { category: 'Externe' }),
];

export const economySections = [
  headline('digi24', 'Inflația a scăzut la 5% în octombrie, anunță INS', { category: 'Stiri / Economie' }),
  headline('digi24', 'Cursul euro a atins un nou maxim la BNR', { category: 'Stiri / Economie' }),
  headline('zf', 'Deficitul bugetar a depășit 6% din PIB', { category: 'Economie' }),
  headline('zf', 'Salariul minim crește din ianuarie', { category: 'Economie' }),
];

/** This index's term ids of the words of `text` (-1 for a word no headline has), in order. */
export function termIdsOf(s: Stages, text: string): number[] {
  const out: number[] = [];
  dictionary.scan(text, (n) => {
    out.push(s.vocabulary.knownId(n));
  });
  return out;
}

/** The slot of a stored headline (-1: not stored). */
export function slotOf(s: Stages, h: Headline): number {
  return s.table.slotOf(h.id) ?? -1;
}

/** Item `i` of a fixture list (a test bug when missing). */
export function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new RangeError(`no item ${i}`);
  return x;
}
