// Romanian text pipeline: normalisation, tokenising, stop words and stemming into diacritics-free keys.
import { stemmer } from '@orama/stemmers/romanian';
import { LRUCache } from 'lru-cache';
import stopwordsIso from 'stopwords-iso/stopwords-iso.json' with { type: 'json' };
import { FNV_OFFSET, FNV_PRIME, fnv1a } from '../shared/hash.js';

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

/** Labels up to this long are folded once per spelling (categories and sections: each answer folds some). */
const FOLD_MEMO_LENGTH = 64;
/** Spellings remembered, all forgotten at once past this (a stranger's one-off sections churn nothing else). */
const FOLD_MEMO_MAX = 4096;
const foldMemo = new Map<string, string>();

/** Key for case- and diacritics-insensitive comparison of labels ("Știri", "ştiri", "STIRI" → "stiri"). */
export function foldKey(s: string): string {
  if (s.length > FOLD_MEMO_LENGTH) return fold(s);
  let key = foldMemo.get(s);
  if (key === undefined) {
    if (foldMemo.size >= FOLD_MEMO_MAX) foldMemo.clear();
    key = fold(s);
    foldMemo.set(s, key);
  }
  return key;
}

function fold(s: string): string {
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

/** Longest word token kept (Romanian words stay far below): longer letter runs are noise or an attack. */
export const MAX_WORD = 48;

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
    if (t.length < 2 || t.length > MAX_WORD || DIGITS.test(t)) continue;
    out.push(t);
  }
  return out;
}

// Adjective endings the Snowball stemmer leaves on ("rusești" → "rusest"): cut so they meet the noun.
const ADJ_SUFFIX = /(?:easc|esc|est)$/;

/** Stem of one normalised, non-stop word, diacritics folded; memoised (query words repeat a lot). */
const stemCache = new LRUCache<string, string>({ max: 20_000 });

/** `remember`: false for words of strangers (query text), which must not churn the cache. */
export function stemWord(word: string, remember = true): string {
  const hit = stemCache.get(word);
  if (hit !== undefined) return hit;
  let s = foldDiacritics(stemmer(word));
  // Snowball keeps a final vowel in some forms ("Rusia" → "rusi", "Ucrainei" → "ucraine"): drop it.
  if (s.length > 3 && /[aeiu]$/.test(s)) s = s.slice(0, -1);
  if (s.length > 5 && ADJ_SUFFIX.test(s)) {
    const cut = s.replace(ADJ_SUFFIX, '');
    if (cut.length >= 3) s = cut;
  }
  if (remember) stemCache.set(word, s);
  return s;
}

// Token → term memo ('' for stop words and stumps) of `termOf`: the stemmer and the diacritics folds run once per
// word form. The forms of headlines live in the term dictionary below instead (per process and shared by every
// index: a rebuild from the store stems nothing it has seen before), which reads this memo but does not fill
// it; cleared only beyond a few hundred thousand forms.
const termMemo = new Map<string, string>();
const TERM_MEMO_MAX = 600_000;

function computeTerm(token: string, remember = true): string {
  if (isStopword(token)) return '';
  const stem = stemWord(token, remember);
  return stem.length >= 2 ? stem : '';
}

/** The content term of one normalised token, or '' when it is a stop word or too short. */
export function termOf(token: string): string {
  const hit = termMemo.get(token);
  if (hit !== undefined) return hit;
  const term = computeTerm(token);
  if (termMemo.size >= TERM_MEMO_MAX) termMemo.clear();
  termMemo.set(token, term);
  return term;
}

/** `termOf` for words of strangers (query text): read from the memo, never added to it. */
export function termOfUnremembered(token: string): string {
  return termMemo.get(token) ?? computeTerm(token, false);
}

/** What `TermDictionary.find` answers for a form it has never seen. */
const UNSEEN = -2;

/**
 * A per-process dictionary of terms: each word form maps to a term number (-1 for stop words and stumps)
 * and each term number to its stem. Forms live in an open-addressing hash table over their characters
 * (hash, start and length in a character pool, number: one cache line per probe), so scanning a text
 * looks each token up without making a string of it. Indexes map term numbers to their own term ids
 * through a typed array. When the forms outgrow `maxForms` the dictionary starts over under a new
 * generation (indexes then forget their number → id table and fill it again).
 */
export class TermDictionary {
  /** Per table slot: hash, pool start, length, term number + 2 (0: empty slot). */
  private table = new Int32Array(4 * 4096);
  private mask = 4095;
  private formCount = 0;
  private pool = new Uint16Array(1 << 16);
  private poolUsed = 0;
  /** Scratch: a scanned text in lower case (scanPlain), a token's characters (the other lookups). */
  private lowered = new Uint16Array(1024);
  private tokenChars = new Uint16Array(MAX_WORD);
  private readonly numbers = new Map<string, number>();
  readonly names: string[] = [];
  generation = 0;

  constructor(private readonly maxForms = 600_000) {}

  /** Word forms held (for tests and metrics). */
  get forms(): number {
    return this.formCount;
  }

  /** Term number of a normalised token (-1: stop word or stump); added when new. */
  numberOf(token: string): number {
    const chars = this.charsOf(token);
    return this.lookup(chars, 0, token.length, hashOf(token, 0, token.length));
  }

  /** The characters of a token in the token scratch (`lookup` reads characters, not strings). */
  private charsOf(token: string): Uint16Array {
    if (token.length > this.tokenChars.length) this.tokenChars = new Uint16Array(2 * token.length);
    const chars = this.tokenChars;
    for (let k = 0; k < token.length; k++) chars[k] = token.charCodeAt(k);
    return chars;
  }

  /**
   * Term number of the form `chars[from, to)` (normalised, lower case) with its hash; added when new — unless
   * `unseen` is given (text from strangers): then the new form is handed to it, nothing is added, and UNSEEN
   * answered.
   */
  private lookup(
    chars: Uint16Array,
    from: number,
    to: number,
    h: number,
    unseen?: (token: string) => void,
  ): number {
    const n = this.find(chars, from, to, h);
    if (n !== UNSEEN) return n;
    const token = String.fromCharCode(...chars.subarray(from, to));
    if (unseen === undefined) return this.insert(token, h);
    unseen(token);
    return UNSEEN;
  }

  /** Term number of the form `chars[from, to)` with its hash, or UNSEEN. */
  private find(chars: Uint16Array, from: number, to: number, h: number): number {
    const len = to - from;
    const table = this.table;
    const pool = this.pool;
    let i = h & this.mask;
    for (;;) {
      const at = 4 * i;
      const num = table[at + 3] ?? 0;
      if (num === 0) break;
      if (table[at] === h && table[at + 2] === len) {
        const start = table[at + 1] ?? 0;
        let k = 0;
        while (k < len && pool[start + k] === chars[from + k]) k++;
        if (k === len) return num - 2;
      }
      i = (i + 1) & this.mask;
    }
    return UNSEEN;
  }

  /**
   * Every form held with its term ('' for stop words and stumps): what another dictionary `adopt`s (the
   * forms a worker thread met while analysing headlines for this process's index).
   */
  exportForms(): { forms: string[]; terms: string[] } {
    const forms: string[] = [];
    const terms: string[] = [];
    const t = this.table;
    for (let at = 0; at < t.length; at += 4) {
      const num = t[at + 3] ?? 0;
      if (num === 0) continue;
      const start = t[at + 1] ?? 0;
      forms.push(String.fromCharCode(...this.pool.subarray(start, start + (t[at + 2] ?? 0))));
      terms.push(num === 1 ? '' : (this.names[num - 2] ?? ''));
    }
    return { forms, terms };
  }

  /** Learns a form with the term another dictionary found for it (`exportForms`), without stemming it. */
  adopt(form: string, term: string): void {
    if (form.length === 0 || form.length > MAX_WORD) return;
    const h = hashOf(form, 0, form.length);
    if (this.find(this.charsOf(form), 0, form.length, h) === UNSEEN) this.insert(form, h, term);
  }

  private insert(token: string, h: number, known?: string): number {
    if (this.formCount >= this.maxForms) this.reset();
    // The dictionary is the memo of the forms it holds: the token → term memo is read, not filled.
    const term = known ?? termMemo.get(token) ?? computeTerm(token);
    let n = -1;
    if (term !== '') {
      const known = this.numbers.get(term);
      if (known === undefined) {
        n = this.names.length;
        this.numbers.set(term, n);
        this.names.push(term);
      } else n = known;
    }
    if (2 * (this.formCount + 1) > this.mask + 1) this.rehash(2 * (this.mask + 1));
    const len = token.length;
    if (this.poolUsed + len > this.pool.length) {
      const pool = new Uint16Array(2 * (this.poolUsed + len));
      pool.set(this.pool.subarray(0, this.poolUsed));
      this.pool = pool;
    }
    const start = this.poolUsed;
    for (let k = 0; k < len; k++) this.pool[start + k] = token.charCodeAt(k);
    this.poolUsed += len;
    this.place(h, start, len, n + 2);
    this.formCount++;
    return n;
  }

  private place(h: number, start: number, len: number, num: number): void {
    let i = h & this.mask;
    while ((this.table[4 * i + 3] ?? 0) !== 0) i = (i + 1) & this.mask;
    this.table[4 * i] = h;
    this.table[4 * i + 1] = start;
    this.table[4 * i + 2] = len;
    this.table[4 * i + 3] = num;
  }

  private rehash(size: number): void {
    const old = this.table;
    this.table = new Int32Array(4 * size);
    this.mask = size - 1;
    for (let at = 0; at < old.length; at += 4)
      if ((old[at + 3] ?? 0) !== 0)
        this.place(old[at] ?? 0, old[at + 1] ?? 0, old[at + 2] ?? 0, old[at + 3] ?? 0);
  }

  private reset(): void {
    this.table = new Int32Array(4 * 4096);
    this.mask = 4095;
    this.formCount = 0;
    this.pool = new Uint16Array(1 << 16);
    this.poolUsed = 0;
    this.numbers.clear();
    this.names.length = 0;
    this.generation++;
  }

  /**
   * Calls `visit` with the term number (stop words left out) and shape of every word token of `s`, as
   * `forEachToken` finds them; Romanian text is looked up straight from the characters.
   */
  scan(s: string, visit: (n: number, shape: Shape) => void): void {
    if (!this.scanPlain(s, visit)) this.scanGeneral(s, visit);
  }

  /**
   * `scan` for text from strangers (queries): adds nothing to the dictionary, so what a client sends
   * cannot grow the process; forms never seen go to `unseen` as normalised tokens, in order.
   */
  scanKnown(s: string, visit: (n: number, shape: Shape) => void, unseen: (token: string) => void): void {
    if (!this.scanPlain(s, visit, unseen)) this.scanGeneral(s, visit, unseen);
  }

  /**
   * Text of the Latin blocks (and the punctuation and currency signs "„”–…€"), lower-cased by table into
   * the scratch (same positions, cedillas as commas): tokens hashed and looked up straight from it.
   * Returns false, having visited nothing, when a character is beyond them.
   */
  private scanPlain(
    s: string,
    visit: (n: number, shape: Shape) => void,
    unseen?: (token: string) => void,
  ): boolean {
    const n = s.length;
    if (n > this.lowered.length) this.lowered = new Uint16Array(2 * n);
    const lower = this.lowered;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      const l = c < PLAIN_END ? (PLAIN_LOWER[c] ?? NOT_PLAIN) : NOT_PLAIN;
      if (l === NOT_PLAIN) return false;
      lower[i] = l;
    }
    let i = 0;
    while (i < n) {
      if (PLAIN_WORD[s.charCodeAt(i)] !== 1) {
        i++;
        continue;
      }
      const from = i;
      let h = FNV_OFFSET;
      let digits = true;
      let wide = false;
      while (i < n) {
        const c = s.charCodeAt(i);
        if (PLAIN_WORD[c] !== 1) break;
        if (c < 48 || c > 57) digits = false;
        if (c >= 128) wide = true;
        h = Math.imul(h ^ (lower[i] ?? 0), FNV_PRIME);
        i++;
      }
      if (i - from < 2 || i - from > MAX_WORD || digits) continue;
      if (wide && isNumber(s.slice(from, i))) continue;
      const num = this.lookup(lower, from, i, h, unseen);
      if (num < 0) continue;
      let shape: Shape = Shape.Lower;
      if (s.charCodeAt(from) !== lower[from]) {
        let k = from - 1;
        while (k >= 0 && isSpace(s.charCodeAt(k))) k--;
        shape = k < 0 || SENTENCE_START.test(s[k] ?? '') ? Shape.Initial : Shape.Capital;
      }
      visit(num, shape);
    }
    return true;
  }

  /** Any other text: the general tokenizer, then a lookup per token string (visited at once: a number
   * is only good until the dictionary starts over). */
  private scanGeneral(
    s: string,
    visit: (n: number, shape: Shape) => void,
    unseen?: (token: string) => void,
  ): void {
    forEachToken(s, (token, shape) => {
      const n = this.lookup(this.charsOf(token), 0, token.length, hashOf(token, 0, token.length), unseen);
      if (n >= 0) visit(n, shape);
    });
  }
}

/** FNV-1a of `text[from, to)` as the table stores it (signed), which scanPlain computes on the fly. */
function hashOf(text: string, from: number, to: number): number {
  return fnv1a(text, from, to) | 0;
}

/** The dictionary every index of the process shares. */
export const terms = new TermDictionary();

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

/**
 * The fast path's characters: tab to the end of the Latin blocks, and general punctuation to the currency
 * signs. Per character its lower case as `toLowerCase` gives it in a text (the cedilla ş/ţ spelled as the
 * comma ș/ț), or NOT_PLAIN for a character beyond them or one whose lower case is longer ("İ"); and
 * whether it is a word character.
 */
const PLAIN_END = 0x20d0;
const NOT_PLAIN = 0xffff;
const PLAIN_LOWER = new Uint16Array(PLAIN_END).fill(NOT_PLAIN);
const PLAIN_WORD = new Uint8Array(PLAIN_END);
for (let c = 0; c < PLAIN_END; c++) {
  if (c < 9 || (c > 0x24f && c < 0x2000)) continue;
  const lower = String.fromCharCode(c).toLowerCase();
  if (lower.length !== 1) continue;
  PLAIN_LOWER[c] = (CEDILLA_TO_COMMA[lower] ?? lower).charCodeAt(0);
  PLAIN_WORD[c] = isWordChar(c) ? 1 : 0;
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
  // Lower case once for the whole text when that keeps every position (it does for Romanian text).
  let lower = text.toLowerCase();
  const aligned = plain && lower.length === text.length;
  if (aligned && CEDILLA.test(lower)) lower = lower.replace(CEDILLA_G, (c) => CEDILLA_TO_COMMA[c] ?? c);
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
    if (i - from < 2 || i - from > MAX_WORD) continue;
    let token: string;
    let first: number;
    if (aligned) {
      // Digits-only tokens are numbers: checked on the text before any string is made.
      let digits = true;
      for (let k = from; k < i && digits; k++) {
        const c = text.charCodeAt(k);
        if (c >= 128) {
          digits = isNumber(text.slice(from, i));
          break;
        }
        if (c < 48 || c > 57) digits = false;
      }
      if (digits) continue;
      token = lower.slice(from, i);
      first = lower.charCodeAt(from);
    } else {
      const raw = text.slice(from, i);
      if (isNumber(raw)) continue;
      token = raw.toLowerCase();
      if (CEDILLA.test(token)) token = token.replace(CEDILLA_G, (c) => CEDILLA_TO_COMMA[c] ?? c);
      first = token.charCodeAt(0);
    }
    let shape: Shape = Shape.Lower;
    if (text.charCodeAt(from) !== first) {
      let k = from - 1;
      while (k >= 0 && isSpace(text.charCodeAt(k))) k--;
      shape = k < 0 || SENTENCE_START.test(text[k] ?? '') ? Shape.Initial : Shape.Capital;
    }
    visit(token, shape);
  }
}

const CEDILLA = /[şţ]/;
const CEDILLA_G = /[şţ]/g;

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || (c > 127 && SPACE.test(String.fromCharCode(c)));
}

/** Calls `visit` for every content term of `s` in order (the terms of `analyze`), with its shape. */
export function forEachTerm(s: string, visit: (term: string, shape: Shape) => void): void {
  forEachToken(s, (token, shape) => {
    const term = termOf(token);
    if (term !== '') visit(term, shape);
  });
}
