// Single-byte encodings Node's TextDecoder gets wrong or lacks, from the encoding standards' own tables.

/** WHATWG windows-1252, bytes 0x80–0x9F (Node 20 decodes the "latin1"/"iso-8859-1" labels as C1 controls there). */
const WINDOWS_1252_80: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
  0x008d, 0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
  0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178,
];

/** ISO/IEC 8859-16 (Latin-10, Romanian: Ș ș Ț ț with comma below, „ ” €), bytes 0xA0–0xFF; 0x80–0x9F are C1. */
const ISO_8859_16_A0: readonly number[] = [
  0x00a0, 0x0104, 0x0105, 0x0141, 0x20ac, 0x201e, 0x0160, 0x00a7, 0x0161, 0x00a9, 0x0218, 0x00ab, 0x0179,
  0x00ad, 0x017a, 0x017b, 0x00b0, 0x00b1, 0x010c, 0x0142, 0x017d, 0x201d, 0x00b6, 0x00b7, 0x017e, 0x010d,
  0x0219, 0x00bb, 0x0152, 0x0153, 0x0178, 0x017c, 0x00c0, 0x00c1, 0x00c2, 0x0102, 0x00c4, 0x0106, 0x00c6,
  0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce, 0x00cf, 0x0110, 0x0143, 0x00d2, 0x00d3,
  0x00d4, 0x0150, 0x00d6, 0x015a, 0x0170, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x0118, 0x021a, 0x00df, 0x00e0,
  0x00e1, 0x00e2, 0x0103, 0x00e4, 0x0107, 0x00e6, 0x00e7, 0x00e8, 0x00e9, 0x00ea, 0x00eb, 0x00ec, 0x00ed,
  0x00ee, 0x00ef, 0x0111, 0x0144, 0x00f2, 0x00f3, 0x00f4, 0x0151, 0x00f6, 0x015b, 0x0171, 0x00f9, 0x00fa,
  0x00fb, 0x00fc, 0x0119, 0x021b, 0x00ff,
];

/** The 128 characters of bytes 0x80–0xFF in one encoding. */
export type HighHalf = readonly string[];

function table(codes: (byte: number) => number): HighHalf {
  return Array.from({ length: 128 }, (_, i) => String.fromCharCode(codes(0x80 + i)));
}

const OWN: Record<string, HighHalf> = {
  'windows-1252': table((b) => (b < 0xa0 ? (WINDOWS_1252_80[b - 0x80] ?? b) : b)),
  'iso-8859-16': table((b) => (b < 0xa0 ? b : (ISO_8859_16_A0[b - 0xa0] ?? b))),
};

const ISO_8859_16_LABELS = new Set([
  'iso-8859-16',
  'iso8859-16',
  'iso_8859-16',
  'iso_8859-16:2001',
  'latin10',
  'l10',
  'csisolatin10',
  'iso-ir-226',
]);

/** The WHATWG name of an encoding label (ISO-8859-16 included), or undefined when unknown. */
export function encodingName(label: string): string | undefined {
  const lower = label.trim().toLowerCase();
  if (ISO_8859_16_LABELS.has(lower)) return 'iso-8859-16';
  try {
    return new TextDecoder(lower).encoding;
  } catch {
    return undefined;
  }
}

const halves = new Map<string, HighHalf>();

/** Bytes 0x80–0xFF of a single-byte encoding. */
export function highHalf(encoding: string): HighHalf {
  const own = OWN[encoding];
  if (own) return own;
  let half = halves.get(encoding);
  if (!half) {
    const decoded = new TextDecoder(encoding).decode(Uint8Array.from({ length: 128 }, (_, i) => 0x80 + i));
    half = [...decoded];
    halves.set(encoding, half);
  }
  return half;
}

/** Decodes with our own table where Node's is wrong or missing, else with TextDecoder. */
export function decodeBytes(bytes: Uint8Array, encoding: string): string {
  const own = OWN[encoding];
  if (!own) return new TextDecoder(encoding).decode(bytes);
  const out: string[] = [];
  let runStart = 0;
  // ASCII runs are copied whole; only the high bytes go through the table.
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) continue;
    if (i > runStart) out.push(ascii(bytes, runStart, i));
    out.push(own[b - 0x80] ?? '\uFFFD');
    runStart = i + 1;
  }
  if (runStart < bytes.length) out.push(ascii(bytes, runStart, bytes.length));
  return out.join('');
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
