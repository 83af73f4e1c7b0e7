// A fetched body's character set: the BOM, else the declared label (XML declaration, then Content-Type) with
// WHATWG meanings, checked against the bytes; undeclared or wrong single-byte Romanian encodings are detected.
import { isAscii, isUtf8 } from 'node:buffer';
import { decodeBytes, encodingName, highHalf } from './single-byte.js';

export interface DecodedBody {
  text: string;
  /** WHATWG name of the encoding used. */
  encoding: string;
  /** Set when the bytes overruled the declared (or missing) label, for the feed's health. */
  note?: string;
}

/** Encodings the bytes are tested against when the label is missing, wrong, or itself one of these. */
const CANDIDATES = ['windows-1250', 'iso-8859-2', 'iso-8859-16', 'windows-1252'] as const;
const DETECTABLE = new Set<string>(['utf-8', ...CANDIDATES]);

const ROMANIAN = new Set([...'ăâîșțşţĂÂÎȘȚŞŢ']);
// What else Romanian news text is made of beyond ASCII: typographic punctuation and a few foreign letters.
const PLAUSIBLE = new Set([...'„”“’‘«»–—…€°·•§©®™±×éèêëáàäöüóòúùíìçñßÉÖÜÁÓÚ', '\u00a0', '\u00ad']);

/** Decodes the body; never throws (an unknown label falls back to detection). */
export function decodeXml(body: Buffer, contentType?: string): DecodedBody {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf)
    return { text: body.subarray(3).toString('utf8'), encoding: 'utf-8' };
  if (body[0] === 0xff && body[1] === 0xfe)
    return { text: new TextDecoder('utf-16le').decode(body.subarray(2)), encoding: 'utf-16le' };
  if (body[0] === 0xfe && body[1] === 0xff)
    return { text: new TextDecoder('utf-16be').decode(body.subarray(2)), encoding: 'utf-16be' };
  // No BOM, but the first two characters ("<?", or white space and "<") each a byte and a zero (XML 1.0
  // appendix F): UTF-16 whatever the label says. No other encoding a feed uses writes zero bytes.
  const utf16 = asciiPair(body, 0) ? 'utf-16le' : asciiPair(body, 1) ? 'utf-16be' : undefined;
  if (utf16) return { text: new TextDecoder(utf16).decode(body), encoding: utf16 };

  const labelled = declaredEncoding(body, contentType);
  // A UTF-16 label on bytes that are not UTF-16 (no BOM, no zero bytes) is wrong: the bytes are read instead.
  const declared = labelled?.startsWith('utf-16') ? undefined : labelled;
  if (declared && !DETECTABLE.has(declared)) return { text: decodeBytes(body, declared), encoding: declared }; // Cyrillic, CJK…: as declared
  const label = declared ?? 'utf-8';
  if (isAscii(body)) return { text: body.toString('latin1'), encoding: label };
  const why = labelled ? `declared ${labelled} but the bytes are` : 'no charset declared; the bytes are';

  // Well-formed multi-byte sequences do not happen by chance in single-byte text: this is UTF-8, whatever the
  // label, and the few stray bytes (an item pasted from elsewhere) become U+FFFD, which refuses their items.
  const { sequences, stray } = isUtf8(body) ? { sequences: 1, stray: 0 } : utf8Evidence(body);
  if (sequences > 0 && sequences >= 4 * stray) {
    const text = body.toString('utf8');
    return label === 'utf-8'
      ? { text, encoding: 'utf-8' }
      : { text, encoding: 'utf-8', note: `${why} utf-8` };
  }

  const best = mostPlausible(body, label);
  const text = decodeBytes(body, best);
  if (best === label) return { text, encoding: best };
  return { text, encoding: best, note: `${why} ${best}` };
}

/** Counts well-formed UTF-8 multi-byte sequences and the high bytes outside any. */
function utf8Evidence(body: Buffer): { sequences: number; stray: number } {
  let sequences = 0;
  let stray = 0;
  for (let i = 0; i < body.length; ) {
    const b = body[i] ?? 0;
    const length =
      b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 1) {
      i++;
      continue;
    }
    let ok = length > 0;
    for (let k = 1; ok && k < length; k++) ok = ((body[i + k] ?? 0) & 0xc0) === 0x80;
    if (ok) {
      sequences++;
      i += length;
    } else {
      stray++;
      i++;
    }
  }
  return { sequences, stray };
}

/** Bytes 0–3 are two ASCII characters in UTF-16, the non-zero byte of each at `at` (0: little-endian). */
function asciiPair(body: Buffer, at: 0 | 1): boolean {
  const zero = 1 - at;
  return (
    body.length >= 4 &&
    body[zero] === 0 &&
    body[zero + 2] === 0 &&
    (body[at] ?? 0) > 0 &&
    (body[at] ?? 0) < 0x80 &&
    (body[at + 2] ?? 0) > 0 &&
    (body[at + 2] ?? 0) < 0x80
  );
}

function declaredEncoding(body: Buffer, contentType: string | undefined): string | undefined {
  const head = body.subarray(0, 256).toString('latin1');
  const fromXml = /^\s*<\?xml[^>]{0,200}?\bencoding\s*=\s*["']([A-Za-z0-9._:-]{1,40})["']/.exec(head)?.[1];
  const fromHeader = /;\s*charset\s*=\s*"?([A-Za-z0-9._:-]{1,40})/i.exec(contentType ?? '')?.[1];
  for (const label of [fromXml, fromHeader]) {
    const name = label && encodingName(label);
    if (name) return name;
  }
  return undefined;
}

/** The single-byte candidate whose reading of the bytes looks most like Romanian text; the label wins ties. */
function mostPlausible(body: Buffer, label: string): string {
  const histogram = new Uint32Array(128);
  for (const b of body) if (b >= 0x80) histogram[b - 0x80] = (histogram[b - 0x80] ?? 0) + 1;
  const order = [...CANDIDATES].sort((a, b) => Number(b === label) - Number(a === label));
  let best: string = order[0] ?? 'windows-1250';
  let bestScore = Number.NEGATIVE_INFINITY;
  for (const candidate of order) {
    const s = score(candidate, histogram);
    if (s > bestScore) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}

function score(encoding: string, histogram: Uint32Array): number {
  const half = highHalf(encoding);
  let total = 0;
  for (let i = 0; i < 128; i++) {
    const n = histogram[i] ?? 0;
    if (n) total += n * weight(half[i] ?? '\uFFFD');
  }
  return total;
}

/** A Romanian letter counts most; C1 controls and U+FFFD are what a wrong reading produces. */
function weight(ch: string): number {
  if (ROMANIAN.has(ch)) return 2;
  if (PLAUSIBLE.has(ch)) return 1;
  const code = ch.charCodeAt(0);
  if (ch === '\uFFFD' || (code >= 0x80 && code <= 0x9f)) return -4;
  return -1;
}
