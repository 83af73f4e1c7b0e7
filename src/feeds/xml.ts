// A forgiving, linear XML reader for feeds: one forward pass builds a small element tree, recovering from the
// faults real feeds have (unclosed <br>/<img>, raw "<", stray end tags) the way an HTML parser would, and never
// expanding a DTD. It can run in slices, so a large document is read between other work on the event loop.
import { decodeEntities } from './text.js';

/** The document is refused before any of it is used (a DTD with entity declarations: "billion laughs", XXE). */
export class HostileXmlError extends Error {
  override readonly name = 'HostileXmlError';
}

/** Deepest element nesting kept; deeper elements are flagged, their text kept on the deepest element. */
export const MAX_DEPTH = 128;

/** Namespaces feeds use, by a short key; elements of an unknown namespace keep their prefix as the key. */
const NAMESPACES: Record<string, string> = {
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://purl.org/rss/1.0/': '',
  'http://backend.userland.com/rss2': '',
  'http://backend.userland.com/rss': '',
  'http://www.sitemaps.org/schemas/sitemap/0.9': '',
  'http://www.google.com/schemas/sitemap/0.84': '',
  'http://www.w3.org/2005/Atom': 'atom',
  'http://purl.org/atom/ns#': 'atom',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://www.google.com/schemas/sitemap-news/0.9': 'news',
  'http://www.google.com/schemas/sitemap-image/1.1': 'image',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://www.w3.org/1999/xhtml': 'xhtml',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://rssnamespace.org/feedburner/ext/1.0': 'feedburner',
};

type Scope = Readonly<Record<string, string>>;

// A feed's records: one never sits inside another, so a start tag of one closes an open one (a missing </item>).
const RECORDS = new Set(['item', 'entry', 'url']);

// HTML elements that never have content: raw HTML in a description writes "<br>" and "<img …>" unclosed.
const VOID_HTML = new Set([
  'br',
  'hr',
  'img',
  'input',
  'meta',
  'wbr',
  'area',
  'col',
  'embed',
  'param',
  'track',
]);

export interface XmlElement {
  /** `key:local` in lower case, e.g. "title", "atom:link", "media:thumbnail" (see NAMESPACES). */
  readonly key: string;
  /** As written, prefix included. */
  readonly name: string;
  readonly lowerName: string;
  /** Attributes by the name as written, lower-cased; values entity-decoded. */
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  /** Text directly inside, entity-decoded, CDATA unwrapped. */
  readonly text: string[];
  /** Source offsets of the content (after the start tag, before the end tag that closed it). */
  readonly innerStart: number;
  innerEnd: number;
  /** This element or one inside it was nested deeper than MAX_DEPTH. */
  tooDeep: boolean;
  /** Still open when the document ended (truncated, or its end tag misspelt). */
  unclosed: boolean;
  readonly scope: Scope;
}

/** Reads `source` in slices of at least `sliceChars`; `work` counts characters examined (linear in the input).
 * With `onRecord`, the document's records (the <item>s of the document element or its <channel>, the <entry>s and
 * <url>s of the document element) are handed over as each one closes and are not kept in the tree: a large feed
 * never holds more than one record's elements at a time, so garbage collection stays short. */
export class XmlTreeReader {
  readonly root: XmlElement;
  private readonly stack: XmlElement[];
  private pos = 0;
  /** Names of the open elements nested past MAX_DEPTH (not kept in the tree). */
  private readonly skipped: string[] = [];
  private sawElement = false;
  private openRecord: XmlElement | undefined;
  work = 0;

  constructor(
    private readonly src: string,
    private readonly onRecord?: (record: XmlElement) => void,
  ) {
    this.root = element('#document', '#document', {}, 0, Object.create(null) as Scope);
    this.stack = [this.root];
  }

  get done(): boolean {
    return this.pos >= this.src.length;
  }

  /** The document element, once read. */
  get documentElement(): XmlElement | undefined {
    return this.root.children[0];
  }

  /** Reads on until at least `sliceChars` more characters are consumed or the document ends. */
  readSlice(sliceChars: number): void {
    const { src } = this;
    const until = Math.min(src.length, this.pos + sliceChars);
    while (this.pos < until) {
      const lt = src.indexOf('<', this.pos);
      const runEnd = lt === -1 ? src.length : lt;
      // A long run of text is decoded a slice at a time, never cutting a character reference in two.
      const textEnd = runEnd - this.pos > sliceChars ? textCut(src, this.pos + sliceChars) : runEnd;
      this.work += textEnd - this.pos + 1;
      if (textEnd > this.pos) this.addText(decodeEntities(src.slice(this.pos, textEnd)));
      this.pos = textEnd;
      if (textEnd === lt) this.markup(lt);
    }
    if (this.done) this.finish();
  }

  private markup(lt: number): void {
    const { src } = this;
    const next = src.charCodeAt(lt + 1);
    if (src.startsWith('<!--', lt)) this.skipTo(lt + 4, '-->');
    else if (src.startsWith('<![CDATA[', lt)) {
      const end = this.find(']]>', lt + 9);
      this.addText(src.slice(lt + 9, end));
      this.pos = Math.min(src.length, end + 3);
    } else if (next === 0x3f /* ? */) this.skipTo(lt + 2, '?>');
    else if (next === 0x21 /* ! */) this.declaration(lt);
    else if (next === 0x2f /* / */ && isNameStart(src.charCodeAt(lt + 2))) this.endTag(lt);
    else if (isNameStart(next)) this.startTag(lt);
    else {
      // A "<" that starts no markup ("2 < 3", "<<"): text, as an HTML parser reads it.
      this.addText('<');
      this.pos = lt + 1;
    }
  }

  /** <!DOCTYPE …>: an external identifier is ignored; an internal subset is refused, louder with entities. Inside
   * the document element no declaration applies (article text that is not XML): it is skipped like other markup. */
  private declaration(lt: number): void {
    const { src } = this;
    const word = src.slice(lt + 2, lt + 9).toUpperCase();
    if (this.stack.length > 1) {
      this.skipMarkup(lt + 2);
      return;
    }
    if (word.startsWith('ENTITY')) throw new HostileXmlError('the document declares DTD entities; refused');
    if (word !== 'DOCTYPE') {
      this.skipMarkup(lt + 2);
      return;
    }
    let quote = 0;
    let i = lt + 9;
    for (; i < src.length; i++) {
      const c = src.charCodeAt(i);
      if (quote) {
        if (c === quote) quote = 0;
      } else if (c === 0x22 || c === 0x27) quote = c;
      else if (c === 0x5b /* [ */) {
        const close = this.find(']', i);
        this.work += close - lt;
        if (/<!ENTITY/i.test(src.slice(i, close)))
          throw new HostileXmlError('the document declares DTD entities; refused');
        throw new HostileXmlError('the document has a DTD internal subset; refused');
      } else if (c === 0x3e /* > */ || c === 0x3c /* < */) break;
    }
    this.work += i - lt;
    this.pos = i < src.length && src.charCodeAt(i) === 0x3e ? i + 1 : i;
  }

  private startTag(lt: number): void {
    const { src } = this;
    let i = lt + 1;
    while (i < src.length && isNameChar(src.charCodeAt(i))) i++;
    const name = src.slice(lt + 1, i);
    const raw: Record<string, string> = {};
    let selfClosing = false;
    // Attributes up to ">" outside quotes; a "<" ends a broken tag (no XML attribute value holds one).
    for (;;) {
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      const c = src.charCodeAt(i);
      if (i >= src.length || c === 0x3c) break;
      if (c === 0x3e) {
        i++;
        break;
      }
      if (c === 0x2f && src.charCodeAt(i + 1) === 0x3e) {
        selfClosing = true;
        i += 2;
        break;
      }
      const nameStart = i;
      while (i < src.length && isAttrNameChar(src.charCodeAt(i))) i++;
      if (i === nameStart) {
        i++; // a stray character (a lone quote, "/", "="): skipped
        continue;
      }
      const attr = src.slice(nameStart, i).toLowerCase();
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      if (src.charCodeAt(i) !== 0x3d /* = */) {
        raw[attr] ??= '';
        continue;
      }
      i++;
      while (i < src.length && isSpace(src.charCodeAt(i))) i++;
      const q = src.charCodeAt(i);
      let valueStart = i;
      if (q === 0x22 || q === 0x27) {
        valueStart = ++i;
        while (i < src.length && src.charCodeAt(i) !== q && src.charCodeAt(i) !== 0x3c) i++;
      } else {
        while (i < src.length && !isSpace(src.charCodeAt(i)) && !isTagEnd(src.charCodeAt(i))) i++;
      }
      raw[attr] ??= decodeEntities(src.slice(valueStart, i));
      if (src.charCodeAt(i) === q) i++;
    }
    this.work += i - lt;
    this.pos = i;
    this.open(name, raw, lt, i, selfClosing);
  }

  private open(
    name: string,
    attrs: Record<string, string>,
    lt: number,
    innerStart: number,
    selfClosing: boolean,
  ): void {
    if (this.skipped.length === 0) this.closeOpenRecord(name, lt);
    const parent = this.top();
    const scope = scopeOf(parent.scope, attrs);
    const key = qualifiedKey(name, scope);
    const empty = selfClosing || VOID_HTML.has(key);
    if (this.skipped.length > 0 || this.stack.length > MAX_DEPTH) {
      if (!empty) this.skipped.push(name.toLowerCase());
      this.flagTooDeep();
      return;
    }
    const el = element(key, name, attrs, innerStart, scope);
    if (parent === this.root && this.sawElement) return; // content after the document element
    if (parent === this.root) this.sawElement = true;
    if (this.onRecord && this.isRecord(key, parent)) {
      if (empty) this.onRecord(el);
      else this.openRecord = el;
    } else parent.children.push(el);
    if (!empty) this.stack.push(el);
  }

  private isRecord(key: string, parent: XmlElement): boolean {
    if (!RECORDS.has(key.slice(key.indexOf(':') + 1))) return false;
    return this.stack.length === 2 || (this.stack.length === 3 && parent.key === 'channel');
  }

  private closed(el: XmlElement): void {
    if (el !== this.openRecord) return;
    this.openRecord = undefined;
    this.onRecord?.(el);
  }

  private endTag(lt: number): void {
    const { src } = this;
    let i = lt + 2;
    while (i < src.length && isNameChar(src.charCodeAt(i))) i++;
    const name = src.slice(lt + 2, i).toLowerCase();
    // "</name   >" ends at ">", a broken "</name" at the next "<".
    while (i < src.length && src.charCodeAt(i) !== 0x3e && src.charCodeAt(i) !== 0x3c) i++;
    const end = src.charCodeAt(i) === 0x3e ? i + 1 : i;
    this.work += end - lt;
    this.pos = end;
    if (this.skipped.at(-1) === name) {
      this.skipped.pop();
      return;
    }
    // The nearest open element of that name closes, and every element left open inside it (HTML-like repair);
    // an end tag matching nothing open is ignored.
    for (let depth = this.stack.length - 1; depth > 0; depth--) {
      this.work++;
      if (this.stack[depth]?.lowerName !== name) continue;
      this.skipped.length = 0;
      this.closeFrom(depth, lt);
      return;
    }
  }

  /** A record (<item>, <entry>, a sitemap <url>) starting while one of the same name is open closes that one. */
  private closeOpenRecord(name: string, lt: number): void {
    const lower = name.toLowerCase();
    if (!RECORDS.has(lower.slice(lower.indexOf(':') + 1))) return;
    for (let depth = this.stack.length - 1; depth > 0; depth--) {
      this.work++;
      if (this.stack[depth]?.lowerName === lower) {
        this.closeFrom(depth, lt);
        return;
      }
    }
  }

  /** Closes the open elements from `depth` up, their content ending at `at`. */
  private closeFrom(depth: number, at: number): void {
    const closing = this.stack.slice(depth);
    this.stack.length = depth;
    for (const el of closing) el.innerEnd = at;
    for (const el of closing) this.closed(el);
  }

  private flagTooDeep(): void {
    for (let d = this.stack.length - 1; d >= 0; d--) {
      const el = this.stack[d];
      if (!el || el.tooDeep) return;
      el.tooDeep = true;
    }
  }

  private addText(text: string): void {
    if (text) this.top().text.push(text);
  }

  private top(): XmlElement {
    return this.stack[this.stack.length - 1] ?? this.root;
  }

  private finish(): void {
    const open = this.stack.slice(1);
    this.stack.length = 1;
    for (const el of open) {
      el.innerEnd = this.src.length;
      el.unclosed = true;
    }
    for (const el of open) this.closed(el);
  }

  /** Index of `needle` from `from`, or the end of the document; counts the characters passed over. */
  private find(needle: string, from: number): number {
    const at = this.src.indexOf(needle, from);
    const end = at === -1 ? this.src.length : at;
    this.work += end - from + 1;
    return end;
  }

  private skipTo(from: number, terminator: string): void {
    this.pos = Math.min(this.src.length, this.find(terminator, from) + terminator.length);
  }

  /** A markup declaration other than DOCTYPE (<!ELEMENT …> outside a DTD): skipped up to ">" or the next "<". */
  private skipMarkup(from: number): void {
    const { src } = this;
    let i = from;
    while (i < src.length && src.charCodeAt(i) !== 0x3e && src.charCodeAt(i) !== 0x3c) i++;
    this.work += i - from + 1;
    this.pos = i < src.length && src.charCodeAt(i) === 0x3e ? i + 1 : i;
  }
}

/** Where to cut a run of text near `at`: before a "&" whose reference may go on past `at` (references are short). */
function textCut(src: string, at: number): number {
  for (let i = at - 1; i > at - 40; i--) {
    const c = src.charCodeAt(i);
    if (c === 0x3b /* ; */) return at;
    if (c === 0x26 /* & */) return i;
  }
  return at;
}

/** Reads a whole document at once (tests, small documents). */
export function readXml(source: string): XmlTreeReader {
  const reader = new XmlTreeReader(source);
  while (!reader.done) reader.readSlice(1 << 20);
  if (source.length === 0) reader.readSlice(1);
  return reader;
}

function element(
  key: string,
  name: string,
  attrs: Record<string, string>,
  innerStart: number,
  scope: Scope,
): XmlElement {
  return {
    key,
    name,
    lowerName: name.toLowerCase(),
    attrs,
    children: [],
    text: [],
    innerStart,
    innerEnd: innerStart,
    tooDeep: false,
    unclosed: false,
    scope,
  };
}

/** The namespace scope inside an element: what its xmlns attributes declare, over its parent's (inherited through
 * the prototype chain, so a declaration costs the same however many the ancestors made). */
function scopeOf(parent: Scope, attrs: Record<string, string>): Scope {
  let scope: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(attrs)) {
    if (name !== 'xmlns' && !name.startsWith('xmlns:')) continue;
    scope ??= Object.create(parent) as Record<string, string>;
    scope[name === 'xmlns' ? '' : name.slice(6)] = value.trim();
  }
  return scope ?? parent;
}

function qualifiedKey(name: string, scope: Scope): string {
  const lower = name.toLowerCase();
  const colon = lower.indexOf(':');
  const prefix = colon === -1 ? '' : lower.slice(0, colon);
  const local = lower.slice(colon + 1);
  const uri = scope[prefix]; // the root scope has no prototype: nothing but declarations is found
  const known = uri === undefined ? undefined : NAMESPACES[uri];
  // An unknown default namespace keeps elements unprefixed; an unknown or undeclared prefix stays as written.
  const ns = known ?? prefix;
  return ns ? `${ns}:${local}` : local;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f || c === 0x3a || c > 0x7f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2e;
}

function isAttrNameChar(c: number): boolean {
  return !Number.isNaN(c) && !isSpace(c) && !isTagEnd(c) && c !== 0x3d && c !== 0x22 && c !== 0x27;
}

function isTagEnd(c: number): boolean {
  return c === 0x3e || c === 0x3c || c === 0x2f;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

/** Longest content handed on as HTML: a little more than the text cleaner reads of a field (64 KB). */
const MAX_HTML = 80 * 1024;

/** The element's content as HTML: its text when it has no child elements, else its source (XHTML content). */
export function htmlOf(el: XmlElement, source: string): string {
  if (el.children.length === 0) return joinedText(el, MAX_HTML);
  const end = Math.min(el.innerEnd, el.innerStart + MAX_HTML);
  return source.slice(el.innerStart, end).replace(/<!\[CDATA\[|\]\]>/g, '');
}

/** The element's own text, at most `max` characters. */
function joinedText(el: XmlElement, max: number): string {
  let length = 0;
  let pieces = 0;
  while (pieces < el.text.length && length < max) length += el.text[pieces++]?.length ?? 0;
  const text = el.text.slice(0, pieces).join('');
  return text.length > max ? text.slice(0, max) : text;
}

/** The text of an element holding only text (a link, a date); child elements' text is left out. */
export function leafText(el: XmlElement): string {
  return joinedText(el, MAX_HTML).trim();
}

// Children by key, built on the first look-up of an element: an item read field by field costs one pass over its
// children, however many fields are asked for and however many children a hostile item has.
// (Rebuilt if the element gained children since: an element still being read.)
const byKey = new WeakMap<XmlElement, { children: number; index: Map<string, XmlElement[]> }>();

function childrenByKey(el: XmlElement): Map<string, XmlElement[]> {
  const cached = byKey.get(el);
  if (cached?.children === el.children.length) return cached.index;
  const index = new Map<string, XmlElement[]>();
  for (const c of el.children) {
    const list = index.get(c.key);
    if (list) list.push(c);
    else index.set(c.key, [c]);
  }
  byKey.set(el, { children: el.children.length, index });
  return index;
}

/** The first child with one of the keys, by the order of `keys` (e.g. a plain <title> before <media:title>). */
export function child(el: XmlElement, ...keys: string[]): XmlElement | undefined {
  const index = childrenByKey(el);
  for (const key of keys) {
    const found = index.get(key)?.[0];
    if (found) return found;
  }
  return undefined;
}

/** The children with that key, in order; at most `limit` of them. */
export function childrenNamed(el: XmlElement, key: string, limit = Number.POSITIVE_INFINITY): XmlElement[] {
  const all = childrenByKey(el).get(key) ?? [];
  return all.length > limit ? all.slice(0, limit) : [...all];
}
