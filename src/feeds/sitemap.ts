// Google News sitemaps (<urlset> of <url><loc> with <news:news> and <image:image>), read with fast-xml-parser.
import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface SitemapEntry {
  loc: string;
  title?: string;
  publicationDate?: string;
  lastmod?: string;
  keywords?: string;
  images: string[];
}

const parser = new XMLParser({
  ignoreAttributes: true,
  // Prefixes vary between sites (news:, n:, ...): the local names are what matters.
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // The DTD was refused before parsing (withoutDoctype): only the predefined, numeric and HTML entities are left.
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: 100_000 },
  htmlEntities: true,
  maxNestedTags: 20,
  isArray: (_name, jPath) => jPath === 'urlset.url' || jPath === 'urlset.url.image',
});

/** The entries of a news sitemap; throws on malformed XML or a document that is not a <urlset>. */
export function parseNewsSitemap(xml: string): SitemapEntry[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`malformed XML: ${valid.err.msg} (line ${valid.err.line})`);
  const doc: unknown = parser.parse(xml);
  const urlset = field(doc, 'urlset');
  if (urlset === undefined) throw new Error('not a sitemap: no <urlset>');
  const urls = field(urlset, 'url');
  if (!Array.isArray(urls)) return [];
  return urls.flatMap((url): SitemapEntry[] => {
    const loc = text(field(url, 'loc'));
    if (!loc) return [];
    const news = field(url, 'news');
    const entry: SitemapEntry = { loc, images: [] };
    const title = text(field(news, 'title'));
    if (title) entry.title = title;
    const published = text(field(news, 'publication_date'));
    if (published) entry.publicationDate = published;
    const lastmod = text(field(url, 'lastmod'));
    if (lastmod) entry.lastmod = lastmod;
    const keywords = text(field(news, 'keywords'));
    if (keywords) entry.keywords = keywords;
    const images = field(url, 'image');
    if (Array.isArray(images)) {
      for (const image of images) {
        const src = text(field(image, 'loc'));
        if (src) entry.images.push(src);
      }
    }
    return [entry];
  });
}

function field(value: unknown, name: string): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  return Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
}

function text(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  // An element with attributes or mixed content: its text is under #text.
  const inner = field(value, '#text');
  return typeof inner === 'string' ? inner.trim() || undefined : undefined;
}
