// A fetched body's character set: the BOM, else the declared label (XML declaration, then Content-Type) with
// WHATWG meanings, checked against the bytes; undeclared or wrong single-byte Romanian encodings are detected.
import { decodeBytes, encodingName, highHalf } from './single-byte.js';

export interface DecodedBody {
  text: string;
  /** WHATWG name of the encoding used. */
  encoding: string;
  /** Set when the bytes overruled the declared (or missing) label, for the feed's health. */
  note?: string;
}

/** Encodings the bytes are tested against when the label is missing, wrong, or itself one of these. */
const CANDIDATES = ['utf-8', 'windows-1250', 'iso-8859-2', 'iso-8859-16', 'windows-1252'] as const;
const DETECTABLE = new Set<string>(CANDIDATES);

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

  const declared = declaredEncoding(body, contentType);
  if (declared && !DETECTABLE.has(declared)) return { text: decodeBytes(body, declared), encoding: declared }; // UTF-16, Cyrillic, CJK…: as declared
  const label = declared ?? 'utf-8';
  if (isAscii(body)) return { text: body.toString('latin1'), encoding: label };
  if (label === 'utf-8' && isUtf8(body)) return { text: body.toString('utf8'), encoding: 'utf-8' };

  const best = mostPlausible(body, label);
  const text = decodeBytes(body, best);
  if (best === label) return { text, encoding: best };
  const why = declared ? `declared ${declared} but the bytes are` : 'no charset declared; the bytes are';
  return { text, encoding: best, note: `${why} ${best}` };
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

/** The candidate whose reading of the bytes looks most like Romanian text; the label wins ties. */
function mostPlausible(body: Buffer, label: string): string {
  const histogram = new Uint32Array(128);
  for (const b of body) if (b >= 0x80) histogram[b - 0x80] = (histogram[b - 0x80] ?? 0) + 1;
  let best = label;
  let bestScore = score(body, label, histogram);
  for (const candidate of CANDIDATES) {
    if (candidate === label) continue;
    const s = score(body, candidate, histogram);
    if (s > bestScore) {
      best = candidate;
      bestScore = s;
    }
  }
  return best;
}

function score(body: Buffer, encoding: string, histogram: Uint32Array): number {
  if (encoding === 'utf-8') {
    let total = 0;
    for (const ch of body.toString('utf8')) if (ch.charCodeAt(0) >= 0x80) total += weight(ch);
    return total;
  }
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

function isAscii(body: Buffer): boolean {
  for (const b of body) if (b >= 0x80) return false;
  return true;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

function isUtf8(body: Buffer): boolean {
  try {
    strictUtf8.decode(body);
    return true;
  } catch {
    return false;
  }
}
