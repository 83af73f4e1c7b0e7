// Romanian text pipeline: normalisation, tokenising, stop words and stemming into diacritics-free keys.
import { stemmer } from '@orama/stemmers/romanian';
import { LRUCache } from 'lru-cache';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };

const CEDILLA_TO_COMMA: Record<string, string> = { ş: 'ș', Ş: 'Ș', ţ: 'ț', Ţ: 'Ț' };

/** NFC, lower case, cedilla ş/ţ spelled as comma ș/ț (one letter in Romanian; the stemmer needs the comma form). */
export function normalizeText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/[şŞţŢ]/g, (c) => CEDILLA_TO_COMMA[c] ?? c)
    .toLowerCase();
}

/** Removes every combining mark: "mașină" → "masina". */
export function foldDiacritics(s: string): string {
  return s.normalize('NFD').replace(/\p{M}/gu, '').normalize('NFC');
}

/** Key for case- and diacritics-insensitive comparison of labels ("Știri", "ştiri", "STIRI" → "stiri"). */
export function foldKey(s: string): string {
  return foldDiacritics(normalizeText(s))
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// Words of the stopwords-iso list that carry topic in news headlines ("vreme" is weather, "noroc" horoscope).
const KEEP = new Set([
  'vreme',
  'noroc',
  'drept',
  'frumos',
  'halba',
  'bucur',
  'caut',
  'spate',
  'contra',
  'capat',
]);
// Stop words whose diacritics-free spelling is a name in the news ("puțin" vs "Putin"): only the exact form stops.
const NO_FOLDED = new Set(['putin']);
// Common function words missing from the list, clitic stumps of hyphenated forms and headline boilerplate.
const EXTRA = [
  'într',
  'dintr',
  'printr',
  'într-o',
  'încă',
  'însă',
  'același',
  'aceeași',
  'acelor',
  'acestor',
  'acestui',
  'cea',
  'celui',
  'celei',
  'fiind',
  'fost',
  'avut',
  'vrea',
  'vor',
  'urmă',
  'ar',
  'a',
  'ai',
  'al',
  'ale',
  'și-a',
  'și-au',
  'ne',
  'ți',
  'mi',
  'le',
  'li',
  'v',
  'n',
  'l',
  's',
  'm',
  'i',
  'o',
  'u',
  'cum',
  'ce',
  'cine',
  'iată',
  'foto',
  'video',
  'live',
  'update',
  'exclusiv',
  'breaking',
  'galerie',
  'citește',
  'citeste',
];

function buildStopwords(): Set<string> {
  const set = new Set<string>();
  const lists = stopwordsIso as Record<string, readonly string[] | undefined>;
  for (const raw of [...(lists.ro ?? []), ...EXTRA]) {
    const word = normalizeText(raw).replace(/-$/, '');
    const folded = foldDiacritics(word);
    if (KEEP.has(folded)) continue;
    set.add(word);
    if (!NO_FOLDED.has(folded)) set.add(folded);
  }
  return set;
}

const STOPWORDS = buildStopwords();

/** Whether a normalised word (with or without diacritics) is a stop word. */
export function isStopword(word: string): boolean {
  return STOPWORDS.has(word) || (!NO_FOLDED.has(word) && STOPWORDS.has(foldDiacritics(word)));
}

const TOKEN = /[\p{L}\p{N}]+/gu;
const DIGITS = /^\p{N}+$/u;

/**
 * Normalised word tokens: quotes, punctuation and bare numbers dropped, hyphenated and apostrophe
 * forms split ("ruso-chinez" → ruso, chinez; "într-o" → într, o), one-letter stumps dropped.
 * Stop words are kept here; `analyze` removes them.
 */
export function tokenize(s: string): string[] {
  const out: string[] = [];
  for (const m of normalizeText(s).matchAll(TOKEN)) {
    const t = m[0];
    if (t.length < 2 || DIGITS.test(t)) continue;
    out.push(t);
  }
  return out;
}

// Adjective endings the Snowball stemmer leaves on ("rusești" → "rusest"): cut so they meet the noun.
const ADJ_SUFFIX = /(?:easc|esc|est)$/;

/** Stem of one normalised, non-stop word, diacritics folded; memoised (query words repeat a lot). */
const stemCache = new LRUCache<string, string>({ max: 50_000 });

export function stemWord(word: string): string {
  const hit = stemCache.get(word);
  if (hit !== undefined) return hit;
  let s = foldDiacritics(stemmer(word));
  // Snowball keeps a final vowel in some forms ("Rusia" → "rusi", "Ucrainei" → "ucraine"): drop it.
  if (s.length > 3 && /[aeiu]$/.test(s)) s = s.slice(0, -1);
  if (s.length > 5 && ADJ_SUFFIX.test(s)) {
    const cut = s.replace(ADJ_SUFFIX, '');
    if (cut.length >= 3) s = cut;
  }
  stemCache.set(word, s);
  return s;
}

/** Text → stemmed, diacritics-free content terms (stop words removed), in order, with repeats. */
export function analyze(s: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(s)) {
    if (isStopword(t)) continue;
    const stem = stemWord(t);
    if (stem.length >= 2) out.push(stem);
  }
  return out;
}
