// One item of an RSS, Atom or news-sitemap tree → a headline candidate, or the reason it cannot be one. Text is
// cleaned, dates read, links resolved; what the headline validation checks (domains, lengths) is left to it.
import { LIMITS } from '../shared/limits.js';
import { parseFeedDate } from './dates.js';
import { firstImageSrc, foldText, htmlToText, plainTitle, truncate } from './text.js';
import { child, childrenNamed, htmlOf, leafText, type XmlElement } from './xml.js';

/** Repeated fields (categories, links, media) looked at per item: a hostile item repeats one 200,000 times. */
const MAX_REPEATS = 64;

function repeated(el: XmlElement, key: string): XmlElement[] {
  return childrenNamed(el, key, MAX_REPEATS);
}

/** One item as the headline validation receives it (fields absent when the feed has none). */
export interface FeedEntry {
  url?: string;
  title?: string;
  publishedAt?: string;
  summary?: string;
  imageUrl?: string;
  category?: string;
  tags?: string[];
}

/** An item refused before validation; `item` is its 1-based position in the document. */
export interface ItemRejection {
  item: number;
  url?: string;
  errors: { path: string; message: string }[];
}

export type ItemResult = { entry: FeedEntry } | { rejection: ItemRejection };

export type ItemKind = 'rss' | 'atom' | 'news-sitemap';

/** Reads one item; `base` is the URL its relative links resolve against. */
export function readItem(
  kind: ItemKind,
  el: XmlElement,
  source: string,
  base: string,
  item: number,
): ItemResult {
  const itemBase = resolve(el.attrs['xml:base'], base) ?? base;
  const read = kind === 'atom' ? atomEntry : kind === 'rss' ? rssItem : sitemapUrl;
  const { entry, rawDate } = read(el, source, itemBase);
  const reject = (path: string, message: string): ItemResult => {
    const rejection: ItemRejection = { item, errors: [{ path, message }] };
    if (entry.url) rejection.url = entry.url;
    return { rejection };
  };
  if (el.unclosed) return reject('item', 'the document ends inside this item (truncated or unclosed)');
  if (hasReplacement(entry))
    return reject(
      'text',
      'text with U+FFFD replacement characters: bytes that do not decode in the document’s encoding',
    );
  if (rawDate !== undefined) {
    const ms = parseFeedDate(rawDate);
    if (ms === undefined)
      return reject(
        'publishedAt',
        `unreadable date "${rawDate.slice(0, 60)}" (RFC 822, ISO 8601 or day-first dd.mm.yyyy expected)`,
      );
    entry.publishedAt = new Date(ms).toISOString();
  }
  return { entry };
}

interface Read {
  entry: FeedEntry;
  rawDate: string | undefined;
}

const RSS_DATES = [
  'pubdate',
  'dc:date',
  'atom:published',
  'atom:updated',
  'dcterms:issued',
  'dcterms:created',
  'dcterms:modified',
  'dcterms:date',
];
const ATOM_DATES = [
  'atom:published',
  'atom:issued',
  'atom:created',
  'atom:updated',
  'atom:modified',
  'dc:date',
  'published',
  'updated',
];

function rssItem(el: XmlElement, source: string, base: string): Read {
  const entry: FeedEntry = {};
  const url =
    link(child(el, 'feedburner:origlink'), base) ??
    link(child(el, 'link'), base) ??
    atomLink(el, base) ??
    permalink(child(el, 'guid'), base) ??
    resolve(el.attrs['rdf:about'], base);
  if (url) entry.url = url;
  setTitle(entry, child(el, 'title', 'atom:title', 'dc:title', 'media:title'), source);
  setSummary(
    entry,
    child(el, 'description', 'content:encoded', 'atom:summary', 'atom:content', 'dc:description'),
    source,
  );
  const image = firstHttps(
    [...mediaImages(el), ...enclosures(el), child(el, 'itunes:image')?.attrs.href, imageElement(el)],
    [child(el, 'content:encoded'), child(el, 'description')],
    source,
    base,
  );
  if (image) entry.imageUrl = image;
  const labels = [...repeated(el, 'category'), ...repeated(el, 'dc:subject')].map(
    (c) => c.attrs.term ?? htmlOf(c, source),
  );
  Object.assign(entry, categoryAndTags(labels));
  return { entry, rawDate: firstText(el, RSS_DATES) };
}

function atomEntry(el: XmlElement, source: string, base: string): Read {
  const entry: FeedEntry = {};
  const id = child(el, 'atom:id', 'id');
  const url = atomLink(el, base) ?? permalink(id, base);
  if (url) entry.url = url;
  setTitle(entry, child(el, 'atom:title', 'title', 'dc:title', 'media:title'), source);
  const content = child(el, 'atom:content', 'content');
  const summaryEl = child(el, 'atom:summary', 'summary');
  setSummary(entry, summaryEl ?? content, source);
  const image = firstHttps([...mediaImages(el), ...atomEnclosures(el)], [content, summaryEl], source, base);
  if (image) entry.imageUrl = image;
  const labels = [...repeated(el, 'atom:category'), ...repeated(el, 'category')].map(
    (c) => c.attrs.label || c.attrs.term || htmlOf(c, source),
  );
  Object.assign(entry, categoryAndTags(labels));
  return { entry, rawDate: firstText(el, ATOM_DATES) };
}

function sitemapUrl(el: XmlElement, _source: string, base: string): Read {
  const entry: FeedEntry = {};
  const url = link(child(el, 'loc'), base);
  if (url) entry.url = url;
  const news = child(el, 'news:news');
  const title = news && child(news, 'news:title');
  if (title) {
    const text = plainTitle(leafText(title));
    if (text) entry.title = text;
  }
  const images = repeated(el, 'image:image').map((i) => leafTextOf(child(i, 'image:loc')));
  const image = firstHttps(images, [], '', base);
  if (image) entry.imageUrl = image;
  const keywords = leafTextOf(news && child(news, 'news:keywords')) ?? '';
  const { tags } = categoryAndTags(['', ...keywords.split(',')]);
  if (tags) entry.tags = tags;
  const rawDate =
    leafTextOf(news && child(news, 'news:publication_date')) ?? leafTextOf(child(el, 'lastmod'));
  return { entry, rawDate };
}

function setTitle(entry: FeedEntry, el: XmlElement | undefined, source: string): void {
  if (!el) return;
  const { text, type } = typedContent(el, source);
  // Untyped (RSS, most Atom) titles may hold markup, sometimes escaped twice; typed ones say what they hold.
  const title =
    type === 'text' ? foldText(text) : type === 'html' ? htmlToText(text, Infinity) : plainTitle(text);
  if (title) entry.title = title;
}

function setSummary(entry: FeedEntry, el: XmlElement | undefined, source: string): void {
  if (!el) return;
  const { text, type } = typedContent(el, source);
  const summary =
    type === 'text' ? truncate(foldText(text), LIMITS.summary) : htmlToText(text, LIMITS.summary);
  if (summary) entry.summary = summary;
}

const HTML_TYPES = new Set(['html', 'text/html', 'xhtml', 'application/xhtml+xml']);

/** A field's content by its declared type: Atom type="text|html|xhtml" (and 0.3's MIME types, mode="base64");
 * 'unknown' when undeclared. */
function typedContent(el: XmlElement, source: string): { text: string; type: 'text' | 'html' | 'unknown' } {
  const type = (el.attrs.type ?? '').trim().toLowerCase();
  // Atom 0.3's mode="base64"; in Atom 1.0 a media type other than text or XML means base64 content.
  const binary = type.includes('/') && !type.startsWith('text/') && !/[/+]xml$/.test(type);
  const base64 = binary || el.attrs.mode?.trim().toLowerCase() === 'base64';
  const text = base64 ? Buffer.from(leafText(el), 'base64').toString('utf8') : htmlOf(el, source);
  const plain = type === 'text' || type === 'text/plain';
  // Text with elements inside (markup the feed did not escape) is read as markup, never dropped.
  if (plain && (base64 || el.children.length === 0)) return { text, type: 'text' };
  if (plain || base64 || HTML_TYPES.has(type)) return { text, type: 'html' };
  return { text, type: 'unknown' };
}

function firstText(el: XmlElement, keys: readonly string[]): string | undefined {
  for (const key of keys) {
    const text = leafTextOf(child(el, key));
    if (text) return text;
  }
  return undefined;
}

function leafTextOf(el: XmlElement | undefined): string | undefined {
  return el ? leafText(el) || undefined : undefined;
}

function link(el: XmlElement | undefined, base: string): string | undefined {
  return resolve(el && (leafText(el) || el.attrs.href), base);
}

/** <atom:link rel="alternate"> (or no rel), the Atom way of naming the article. */
function atomLink(el: XmlElement, base: string): string | undefined {
  const links = [...repeated(el, 'atom:link'), ...repeated(el, 'link')].filter(
    (l) => l.attrs.href || leafText(l),
  );
  const alternate =
    links.find((l) => (l.attrs.rel ?? 'alternate') === 'alternate') ??
    links.find((l) => !['self', 'enclosure', 'replies', 'edit'].includes(l.attrs.rel ?? ''));
  return resolve(alternate && (alternate.attrs.href || leafText(alternate)), base);
}

/** A guid (or Atom id) stands in for the link when it is a permalink: marked isPermaLink="true" (resolved like a
 * link), or unmarked and an absolute http(s) URL; never when marked false. */
function permalink(el: XmlElement | undefined, base: string): string | undefined {
  const marked = el?.attrs.ispermalink?.trim().toLowerCase();
  if (!el || marked === 'false') return undefined;
  const text = leafText(el);
  if (marked === 'true') return resolve(text, base);
  return /^https?:\/\//i.test(text) ? resolve(text, base) : undefined;
}

function mediaImages(el: XmlElement): (string | undefined)[] {
  const groups = [el, ...repeated(el, 'media:group')];
  const out: (string | undefined)[] = [];
  for (const g of groups) {
    for (const c of repeated(g, 'media:content')) {
      const type = c.attrs.type ?? '';
      if (c.attrs.medium === 'image' || type.startsWith('image/') || (!c.attrs.medium && !type))
        out.push(c.attrs.url);
      const thumb = child(c, 'media:thumbnail');
      if (thumb) out.push(thumb.attrs.url);
    }
    for (const t of repeated(g, 'media:thumbnail')) out.push(t.attrs.url);
  }
  return out;
}

function enclosures(el: XmlElement): (string | undefined)[] {
  return repeated(el, 'enclosure')
    .filter((e) => (e.attrs.type ?? 'image/').startsWith('image/'))
    .map((e) => e.attrs.url);
}

function atomEnclosures(el: XmlElement): (string | undefined)[] {
  return [...repeated(el, 'atom:link'), ...repeated(el, 'link')]
    .filter((l) => l.attrs.rel === 'enclosure' && (l.attrs.type ?? '').startsWith('image/'))
    .map((l) => l.attrs.href);
}

/** RSS <image><url>…</url></image> inside an item (some CMSs put the picture so). */
function imageElement(el: XmlElement): string | undefined {
  const image = child(el, 'image');
  return image ? (leafTextOf(child(image, 'url')) ?? leafTextOf(image)) : undefined;
}

/** The first candidate, then the first <img> of the HTML fields, that resolves to an https URL. */
function firstHttps(
  candidates: readonly (string | undefined)[],
  htmlFields: readonly (XmlElement | undefined)[],
  source: string,
  base: string,
): string | undefined {
  for (const candidate of candidates) {
    const url = resolve(candidate, base);
    if (url?.startsWith('https://')) return url;
  }
  for (const field of htmlFields) {
    const url = field && resolve(firstImageSrc(htmlOf(field, source)), base);
    if (url?.startsWith('https://')) return url;
  }
  return undefined;
}

/** The first label is the category, all of them are tags; what the validation would refuse is left out. */
function categoryAndTags(raw: readonly string[]): Pick<FeedEntry, 'category' | 'tags'> {
  const labels = raw.map((l) => foldText(plainTitle(l)));
  const out: Pick<FeedEntry, 'category' | 'tags'> = {};
  const first = labels[0];
  if (first && first.length <= LIMITS.category) out.category = first;
  const tags = [...new Set(labels.filter((t) => t.length > 0 && t.length <= LIMITS.tag))].slice(
    0,
    LIMITS.tags,
  );
  if (tags.length) out.tags = tags;
  return out;
}

function hasReplacement(entry: FeedEntry): boolean {
  return [entry.title, entry.summary, entry.category, ...(entry.tags ?? [])].some((t) =>
    t?.includes('\uFFFD'),
  );
}

export function resolve(link: string | null | undefined, base: string): string | undefined {
  const trimmed = link?.trim();
  if (!trimmed || trimmed.length > LIMITS.url) return undefined;
  try {
    return new URL(trimmed, base).toString();
  } catch {
    return undefined;
  }
}
