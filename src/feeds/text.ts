// Feed text to plain text: a small stripper for the HTML in summaries, entity decoding, whitespace folding, caps.

// Characters the headline validation refuses (controls, bidi overrides): feeds leak them, so they become spaces.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNWANTED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/** Longest markup looked at per item: bounds the work a hostile feed can ask for. */
const MAX_INPUT = 64 * 1024;

// HTML's named character references as feeds use them without a DTD: HTML 4's full set (Latin-1, symbols, Greek,
// punctuation) and HTML5's names for the Central European letters Romanian and its neighbours write.
const LATIN1 =
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc uuml yacute thorn yuml';
const GREEK_UPPER = 'Alpha Beta Gamma Delta Epsilon Zeta Eta Theta Iota Kappa Lambda Mu Nu Xi Omicron Pi Rho';
const GREEK_UPPER_2 = 'Sigma Tau Upsilon Phi Chi Psi Omega';
const GREEK_LOWER =
  'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigmaf sigma tau upsilon phi chi psi omega';
const CODES: Record<string, number> = {
  quot: 34,
  amp: 38,
  apos: 39,
  lt: 60,
  gt: 62,
  OElig: 338,
  oelig: 339,
  Scaron: 352,
  scaron: 353,
  Yuml: 376,
  fnof: 402,
  circ: 710,
  tilde: 732,
  thetasym: 977,
  upsih: 978,
  piv: 982,
  ensp: 8194,
  emsp: 8195,
  thinsp: 8201,
  hairsp: 8202,
  zwnj: 8204,
  zwj: 8205,
  lrm: 8206,
  rlm: 8207,
  hyphen: 8208,
  dash: 8208,
  ndash: 8211,
  mdash: 8212,
  horbar: 8213,
  lsquo: 8216,
  rsquo: 8217,
  rsquor: 8217,
  sbquo: 8218,
  lsquor: 8218,
  ldquo: 8220,
  rdquo: 8221,
  rdquor: 8221,
  bdquo: 8222,
  ldquor: 8222,
  dagger: 8224,
  Dagger: 8225,
  bull: 8226,
  bullet: 8226,
  hellip: 8230,
  mldr: 8230,
  permil: 8240,
  prime: 8242,
  Prime: 8243,
  lsaquo: 8249,
  rsaquo: 8250,
  oline: 8254,
  frasl: 8260,
  euro: 8364,
  image: 8465,
  weierp: 8472,
  real: 8476,
  trade: 8482,
  TRADE: 8482,
  alefsym: 8501,
  larr: 8592,
  uarr: 8593,
  rarr: 8594,
  darr: 8595,
  harr: 8596,
  crarr: 8629,
  lArr: 8656,
  uArr: 8657,
  rArr: 8658,
  dArr: 8659,
  hArr: 8660,
  forall: 8704,
  part: 8706,
  exist: 8707,
  empty: 8709,
  nabla: 8711,
  isin: 8712,
  notin: 8713,
  ni: 8715,
  prod: 8719,
  sum: 8721,
  minus: 8722,
  lowast: 8727,
  radic: 8730,
  prop: 8733,
  infin: 8734,
  ang: 8736,
  and: 8743,
  or: 8744,
  cap: 8745,
  cup: 8746,
  int: 8747,
  there4: 8756,
  sim: 8764,
  cong: 8773,
  asymp: 8776,
  ne: 8800,
  equiv: 8801,
  le: 8804,
  ge: 8805,
  sub: 8834,
  sup: 8835,
  nsub: 8836,
  sube: 8838,
  supe: 8839,
  oplus: 8853,
  otimes: 8855,
  perp: 8869,
  sdot: 8901,
  lceil: 8968,
  rceil: 8969,
  lfloor: 8970,
  rfloor: 8971,
  lang: 10216,
  rang: 10217,
  loz: 9674,
  spades: 9824,
  clubs: 9827,
  hearts: 9829,
  diams: 9830,
  check: 10003,
  starf: 9733,
  star: 9734,
  phone: 9742,
  half: 189,
  COPY: 169,
  REG: 174,
  AMP: 38,
  LT: 60,
  GT: 62,
  QUOT: 34,
  Amacr: 256,
  amacr: 257,
  Abreve: 258,
  abreve: 259,
  Aogon: 260,
  aogon: 261,
  Cacute: 262,
  cacute: 263,
  Ccaron: 268,
  ccaron: 269,
  Dcaron: 270,
  dcaron: 271,
  Dstrok: 272,
  dstrok: 273,
  Eogon: 280,
  eogon: 281,
  Ecaron: 282,
  ecaron: 283,
  Gbreve: 286,
  gbreve: 287,
  Idot: 304,
  imath: 305,
  inodot: 305,
  Lstrok: 321,
  lstrok: 322,
  Nacute: 323,
  nacute: 324,
  Ncaron: 327,
  ncaron: 328,
  Odblac: 336,
  odblac: 337,
  Rcaron: 344,
  rcaron: 345,
  Sacute: 346,
  sacute: 347,
  Scedil: 350,
  scedil: 351,
  Tcedil: 354,
  tcedil: 355,
  Tcaron: 356,
  tcaron: 357,
  Uring: 366,
  uring: 367,
  Udblac: 368,
  udblac: 369,
  Zacute: 377,
  zacute: 378,
  Zdot: 379,
  zdot: 380,
  Zcaron: 381,
  zcaron: 382,
};

const NAMED: ReadonlyMap<string, string> = new Map([
  ...LATIN1.split(' ').map((name, i): [string, string] => [name, String.fromCharCode(0xa0 + i)]),
  ...GREEK_UPPER.split(' ').map((name, i): [string, string] => [name, String.fromCharCode(0x391 + i)]),
  ...GREEK_UPPER_2.split(' ').map((name, i): [string, string] => [name, String.fromCharCode(0x3a3 + i)]),
  ...GREEK_LOWER.split(' ').map((name, i): [string, string] => [name, String.fromCharCode(0x3b1 + i)]),
  ...Object.entries(CODES).map(([name, code]): [string, string] => [name, String.fromCodePoint(code)]),
  ['shy', ''], // a soft hyphen marks where a word may break: in a one-line headline, nowhere
]);

// Numeric references to 0x80–0x9F mean windows-1252 characters in HTML (&#150; is "–"), as CMSs write them.
const C1_AS_1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009Džž';

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
        if (!valid) return '\uFFFD';
        return code >= 0x80 && code <= 0x9f ? (C1_AS_1252[code - 0x80] ?? '') : String.fromCodePoint(code);
      }
      return NAMED.get(ref) ?? whole;
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
    // Inline and unrendered (script, style) elements leave no space: "x<script>…</script>z" reads "xz".
    out.push(INLINE.has(tag.name) || RAW_TEXT.has(tag.name) ? '' : ' ');
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
