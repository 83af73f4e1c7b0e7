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

const ROMANIAN_FOLD: Record<string, string> = { ă: 'a', â: 'a', î: 'i', ș: 's', ț: 't', ş: 's', ţ: 't' };

/** 0: ASCII only; 1: ASCII and lower-case Romanian letters; 2: anything else. */
function letters(s: string): 0 | 1 | 2 {
  let kind: 0 | 1 = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 128) continue;
    if (ROMANIAN_FOLD[s[i] ?? ''] === undefined) return 2;
    kind = 1;
  }
  return kind;
}

/** Removes every combining mark: "mașină" → "masina". */
export function foldDiacritics(s: string): string {
  const kind = letters(s);
  if (kind === 0) return s;
  // Lower-case Romanian letters by table (the common case); anything else by Unicode decomposition.
  if (kind === 1) return s.replace(/[ăâîșțşţ]/g, (c) => ROMANIAN_FOLD[c] ?? c);
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
  if (STOPWORDS.has(word)) return true;
  if (letters(word) === 0) return false;
  return !NO_FOLDED.has(word) && STOPWORDS.has(foldDiacritics(word));
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
const stemCache = new LRUCache<string, string>({ max: 20_000 });

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

// Token → term memo ('' for stop words and stumps): the stemmer and the diacritics folds run once per word form.
const termMemo = new Map<string, string>();
const TERM_MEMO_MAX = 100_000;

/** The content term of one normalised token, or '' when it is a stop word or too short. */
export function termOf(token: string): string {
  const hit = termMemo.get(token);
  if (hit !== undefined) return hit;
  let term = '';
  if (!isStopword(token)) {
    const stem = stemWord(token);
    if (stem.length >= 2) term = stem;
  }
  if (termMemo.size >= TERM_MEMO_MAX) termMemo.clear();
  termMemo.set(token, term);
  return term;
}

/** Text → stemmed, diacritics-free content terms (stop words removed), in order, with repeats. */
export function analyze(s: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(s)) {
    const term = termOf(t);
    if (term !== '') out.push(term);
  }
  return out;
}

/** How a word was written, for telling names from common words: lower case, capitalised inside a
 * sentence (a name, most likely) or capitalised at a sentence start (unknown). */
export const Shape = { Lower: 0, Capital: 1, Initial: 2 } as const;
export type Shape = (typeof Shape)[keyof typeof Shape];

const CASED_TOKEN = /[\p{L}\p{N}]+/uy;
const SENTENCE_START = /[.!?:;…"„“”«»([|–—-]/;
const SPACE = /\s/;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const ALNUM_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) ALNUM_ASCII[c] = /[A-Za-z0-9]/.test(String.fromCharCode(c)) ? 1 : 0;

/** Letters and digits as `[\p{L}\p{N}]` sees them, by table for ASCII and the Latin letter blocks. */
function isWordChar(c: number): boolean {
  if (c < 128) return ALNUM_ASCII[c] === 1;
  if (c >= 0xc0 && c <= 0x24f) return c !== 0xd7 && c !== 0xf7;
  return WORD_CHAR.test(String.fromCharCode(c));
}

/** Whether a token (of word characters) has only digits. */
function isNumber(token: string): boolean {
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    return c >= 128 && DIGITS.test(token);
  }
  return true;
}

/**
 * Calls `visit` for every word token of `s` (normalised and lower-cased as `tokenize` does, stop words
 * included) with the shape of the word as written.
 */
export function forEachToken(s: string, visit: (token: string, shape: Shape) => void): void {
  // Text outside the Latin blocks (combining marks, other scripts, astral characters) takes the
  // Unicode path; Romanian text is scanned by table.
  let plain = true;
  for (let i = 0; i < s.length && plain; i++) if (s.charCodeAt(i) >= 0x250) plain = false;
  const text = plain ? s : s.normalize('NFC');
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!(plain ? isWordChar(text.charCodeAt(i)) : WORD_CHAR.test(text[i] ?? ''))) {
      i++;
      continue;
    }
    const from = i;
    if (plain) while (i < n && isWordChar(text.charCodeAt(i))) i++;
    else {
      CASED_TOKEN.lastIndex = from;
      const m = CASED_TOKEN.exec(text);
      i = m === null ? from + 1 : from + m[0].length;
    }
    if (i - from < 2) continue;
    const raw = text.slice(from, i);
    if (isNumber(raw)) continue;
    let token = raw.toLowerCase();
    if (/[şţ]/.test(token)) token = token.replace(/[şţ]/g, (c) => CEDILLA_TO_COMMA[c] ?? c);
    let shape: Shape = Shape.Lower;
    if (raw.charCodeAt(0) !== token.charCodeAt(0)) {
      let k = from - 1;
      while (k >= 0 && SPACE.test(text[k] ?? '')) k--;
      shape = k < 0 || SENTENCE_START.test(text[k] ?? '') ? Shape.Initial : Shape.Capital;
    }
    visit(token, shape);
  }
}

/** Calls `visit` for every content term of `s` in order (the terms of `analyze`), with its shape. */
export function forEachTerm(s: string, visit: (term: string, shape: Shape) => void): void {
  forEachToken(s, (token, shape) => {
    const term = termOf(token);
    if (term !== '') visit(term, shape);
  });
}
