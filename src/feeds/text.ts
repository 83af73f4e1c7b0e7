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
  if (!text.includes('&')) return text;
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

// Elements whose content is not text to read.
const RAW_TEXT = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'object']);
// Elements inside a line of text: removed without a space, so "<b>Ro</b>mânia" stays one word.
const INLINE = new Set(
  'a abbr b bdi bdo cite code data del dfn em font i ins kbd mark nobr q s samp small span strike strong sub sup time tt u var wbr'.split(
    ' ',
  ),
);

interface Tag {
  /** Lower-case local name; '' for comments, declarations and processing instructions. */
  name: string;
  closing: boolean;
  /** Index after the tag. */
  end: number;
  /** Raw source of the attributes. */
  attrs: string;
}

/** The markup starting at `lt` (a "<"), or undefined when it is a plain "<"; one forward scan, no backtracking. */
function tagAt(html: string, lt: number): Tag | undefined {
  if (html.startsWith('<!--', lt)) {
    const close = html.indexOf('-->', lt + 4);
    return { name: '', closing: false, end: close === -1 ? html.length : close + 3, attrs: '' };
  }
  const c = html.charCodeAt(lt + 1);
  const closing = c === 0x2f;
  const nameStart = closing ? lt + 2 : lt + 1;
  const first = html.charCodeAt(nameStart);
  const isLetter = (first | 0x20) >= 0x61 && (first | 0x20) <= 0x7a;
  if (!isLetter && !(c === 0x21 || c === 0x3f)) return undefined;
  let i = nameStart;
  while (i < html.length && isTagNameChar(html.charCodeAt(i))) i++;
  const name = isLetter ? (html.slice(nameStart, i).toLowerCase().split(':').pop() ?? '') : '';
  const attrsStart = i;
  // To ">" outside quotes; a "<" ends a broken tag, so an unclosed "<img " never swallows the rest.
  let quote = 0;
  for (; i < html.length; i++) {
    const ch = html.charCodeAt(i);
    if (ch === 0x3c) break;
    if (quote) {
      if (ch === quote) quote = 0;
    } else if (ch === 0x22 || ch === 0x27) quote = ch;
    else if (ch === 0x3e) {
      i++;
      break;
    }
  }
  return { name, closing, end: i, attrs: html.slice(attrsStart, i) };
}

/** Removes markup, keeping the words: comments, script/style bodies and every tag go; "a < b" stays. */
export function stripTags(html: string): string {
  const src = html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html;
  const lower = src.toLowerCase();
  const out: string[] = [];
  let pos = 0;
  while (pos < src.length) {
    const lt = src.indexOf('<', pos);
    if (lt === -1) {
      out.push(src.slice(pos));
      break;
    }
    out.push(src.slice(pos, lt));
    if (src.startsWith('<![CDATA[', lt)) {
      pos = lt + 9;
      continue;
    }
    const tag = tagAt(src, lt);
    if (!tag) {
      out.push('<');
      pos = lt + 1;
      continue;
    }
    pos = tag.end;
    if (!tag.closing && RAW_TEXT.has(tag.name)) {
      const close = lower.indexOf(`</${tag.name}`, pos);
      pos = close === -1 ? src.length : (tagAt(src, close)?.end ?? src.length);
    }
    out.push(INLINE.has(tag.name) ? '' : ' ');
  }
  return out.join('').replaceAll(']]>', '');
}

/** The first <img src> of an HTML fragment (feeds without media elements often carry their picture so). */
export function firstImageSrc(html: string): string | undefined {
  const src = html.length > MAX_INPUT ? html.slice(0, MAX_INPUT) : html;
  const lower = src.toLowerCase();
  for (let at = lower.indexOf('<img'); at !== -1; at = lower.indexOf('<img', at + 4)) {
    const tag = tagAt(src, at);
    if (tag?.name !== 'img') continue;
    const m = SRC_ATTRIBUTE.exec(tag.attrs);
    const value = (m?.[1] ?? m?.[2] ?? m?.[3])?.trim();
    if (value) return decodeEntities(value);
  }
  return undefined;
}

// Bounded by one tag's attribute text, so the scan stays linear in the fragment.
const SRC_ATTRIBUTE = /(?:^|\s)src\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

function isTagNameChar(c: number): boolean {
  const l = c | 0x20;
  return (
    (l >= 0x61 && l <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    c === 0x3a ||
    c === 0x2e ||
    c === 0x2d ||
    c === 0x5f
  );
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
  const once = decodeEntities(stripTags(text));
  // Escaped twice ("&amp;lt;b&amp;gt;"): the markup only shows after decoding, and goes too.
  return foldText(/<[A-Za-z/!]/.test(once) ? stripTags(once) : once);
}

export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}
