// Feed text to plain text: a small stripper for the HTML in summaries, entity decoding, whitespace folding, caps.

// Characters the headline validation refuses (controls, bidi overrides): feeds leak them, so they become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Longest markup looked at per item: bounds the work a hostile feed can ask for. */
const MAX_INPUT = 200_000;

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  icirc: 'î',
  Icirc: 'Î',
  acirc: 'â',
  Acirc: 'Â',
  abreve: 'ă',
  Abreve: 'Ă',
  scedil: 'ş',
  Scedil: 'Ş',
  tcedil: 'ţ',
  Tcedil: 'Ţ',
  laquo: '«',
  raquo: '»',
  bdquo: '„',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  middot: '·',
  bull: '•',
  deg: '°',
  euro: '€',
  copy: '©',
  reg: '®',
  trade: '™',
  times: '×',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  agrave: 'à',
  aacute: 'á',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  ouml: 'ö',
  uuml: 'ü',
  auml: 'ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  szlig: 'ß',
  ccedil: 'ç',
};

/** Decodes numeric and common named character references; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(
    /&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/g,
    (whole, ref: string) => {
      if (ref.startsWith('#')) {
        const code =
          ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number(ref.slice(1));
        const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
        return valid ? String.fromCodePoint(code) : '\uFFFD';
      }
      return NAMED[ref] ?? whole;
    },
  );
}

/** Removes markup, keeping the words: comments, script/style bodies and every tag go; "a < b" stays. */
export function stripTags(html: string): string {
  return html
    .slice(0, MAX_INPUT)
    .replace(/<!--[\s\S]*?(?:-->|$)/g, ' ')
    .replace(/<!\[CDATA\[|\]\]>/g, '')
    .replace(/<(script|style|noscript|template|iframe|svg)\b[\s\S]*?(?:<\/\1\s*>|$)/gi, ' ')
    .replace(/<\/?[A-Za-z][^<>]*(?:>|$)/g, ' ')
    .replace(/<[!?][^<>]*>/g, ' ');
}

/** One line of text: controls out, white space folded, trimmed. */
export function foldText(text: string): string {
  return text.replace(UNWANTED, ' ').replace(/\s+/g, ' ').trim();
}

/** Plain text of an HTML fragment, at most `max` characters (cut at a word, with an ellipsis). */
export function htmlToText(html: string, max: number): string {
  return truncate(foldText(decodeEntities(stripTags(html))), max);
}

/** A title: markup removed, entities left over by double-escaping CMSs decoded, one line; its length is left to
 * the headline validation. */
export function plainTitle(text: string): string {
  return foldText(decodeEntities(stripTags(text)));
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The first <img src> of an HTML fragment (feeds without media elements often carry their picture so). */
export function firstImageSrc(html: string): string | undefined {
  const tag = /<img\b[^>]*>/i.exec(html.slice(0, MAX_INPUT))?.[0];
  if (!tag) return undefined;
  const src = /\ssrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i.exec(tag);
  const value = src?.[1] ?? src?.[2] ?? src?.[3];
  return value ? decodeEntities(value.trim()) : undefined;
}
