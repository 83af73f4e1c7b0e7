// Conformance of the feed reader over small hand-written fixtures, one class of real-world fault per file:
// malformed items recovered, encodings (declared, wrong, missing), dates, links and titles, nesting, entities.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeXml } from '../src/feeds/charset.js';
import { type ParsedFeed, parseFeedDocument } from '../src/feeds/parse.js';

const FIXTURES = new URL('./fixtures/feeds/conformance/', import.meta.url);
const BASE = 'https://www.exemplu.ro/rss';

function bytes(name: string): Buffer {
  return readFileSync(new URL(name, FIXTURES));
}

function parse(name: string, contentType?: string): ParsedFeed & { encoding: string; note?: string } {
  const decoded = decodeXml(bytes(name), contentType);
  const parsed = parseFeedDocument(decoded.text, BASE);
  return { ...parsed, encoding: decoded.encoding, ...(decoded.note ? { note: decoded.note } : {}) };
}

const titles = (p: ParsedFeed) => p.entries.map((e) => e.title);
const reasons = (p: ParsedFeed) => p.rejections.map((r) => [r.item, r.errors[0]?.path, r.errors[0]?.message]);

describe('malformed items are recovered, the rest of the document is kept', () => {
  it('reads all ten items around an unclosed <br>, <img>, a raw "<" and stray end tags', () => {
    const p = parse('recover-malformed-items.xml');
    expect(p.items).toBe(10);
    expect(p.rejections).toEqual([]);
    expect(titles(p)).toEqual([
      'Unu',
      'Doi',
      'Trei',
      'Patru',
      'Cinci',
      'Șase',
      'Șapte',
      'Opt',
      'Nouă',
      'Zece',
    ]);
    const [, doi, trei, patru, cinci, sase] = p.entries;
    expect(doi?.summary).toBe('Primul rând al doilea rând al treilea');
    expect(trei).toMatchObject({
      summary: 'Poza: și text după ea',
      imageUrl: 'https://img.exemplu.ro/3.jpg',
    });
    expect(patru?.summary).toBe('Inflația < 5% și dobânda <3% în 2026');
    expect(cinci).toMatchObject({ summary: 'Tag neînchis', imageUrl: 'https://img.exemplu.ro/5.jpg' });
    expect(sase?.summary).toBe('Un rătăcit și un italic neînchis');
    expect(p.entries.every((e) => e.publishedAt?.startsWith('2026-01-05T08:0'))).toBe(true);
  });

  it('refuses one item that ends the document unclosed, keeping the items before it', () => {
    const whole = bytes('recover-malformed-items.xml').toString('utf8');
    const cut = whole.slice(0, whole.indexOf('<item><title>Opt') + 40);
    const p = parseFeedDocument(cut, BASE);
    expect(titles(p)).toEqual(['Unu', 'Doi', 'Trei', 'Patru', 'Cinci', 'Șase', 'Șapte']);
    expect(reasons(p)).toEqual([[8, 'item', 'the document ends inside this item (truncated or unclosed)']]);
  });
});

describe('encodings', () => {
  it('reads ISO-8859-1 labels as WHATWG windows-1252: „ ” – — € survive', () => {
    const p = parse('enc-windows-1252-as-latin1.xml');
    expect(p.encoding).toBe('windows-1252');
    expect(titles(p)).toEqual(['Piata „Unirii” – 5 € — café']);
    // The same from the Content-Type alone.
    const body = bytes('enc-windows-1252-as-latin1.xml')
      .toString('latin1')
      .replace(' encoding="ISO-8859-1"', '');
    const fromHeader = decodeXml(Buffer.from(body, 'latin1'), 'application/rss+xml; charset=latin1');
    expect(fromHeader.text).toContain('„Unirii” – 5 € — café');
  });

  it('detects windows-1250 without a charset', () => {
    const p = parse('enc-windows-1250-undeclared.xml');
    expect(p.encoding).toBe('windows-1250');
    expect(p.note).toBe('no charset declared; the bytes are windows-1250');
    expect(titles(p)).toEqual(['Ştiri şi ţări: „citat” – analiză — 5 €', 'Ţara aşteaptă răspunsuri']);
  });

  it('overrules a wrong UTF-8 label on ISO-8859-2 bytes', () => {
    const p = parse('enc-iso-8859-2-labelled-utf8.xml');
    expect(p.note).toMatch(/^declared utf-8 but the bytes are (windows-1250|iso-8859-2)$/);
    expect(titles(p)).toEqual(['Ştiri şi ţări din Braşov', 'Băsescu şi Iaşi']);
  });

  it('decodes ISO-8859-16 (Latin-10) declared, and detects it undeclared from „ ” € and comma-below letters', () => {
    expect(titles(parse('enc-iso-8859-16-declared.xml'))).toEqual(['Știri și țări: „citat” - 5 €']);
    const p = parse('enc-iso-8859-16-undeclared.xml');
    expect(p.encoding).toBe('iso-8859-16');
    expect(titles(p)).toEqual(['Știri și țări: „citat” - 5 €', 'Țările „mici” și marile puteri']);
  });

  it('reads UTF-16 with a BOM, and without one from the zero bytes', () => {
    for (const [name, encoding] of [
      ['enc-utf16le-no-bom.xml', 'utf-16le'],
      ['enc-utf16be-bom.xml', 'utf-16be'],
    ] as const) {
      const p = parse(name);
      expect(p.encoding).toBe(encoding);
      expect(titles(p)).toEqual(['Știri și țări în UTF-16']);
    }
  });

  it('reads UTF-8 labelled ISO-8859-1 as UTF-8, never as "PreÈ›ul â€ž"', () => {
    const p = parse('enc-utf8-labelled-latin1.xml');
    expect(p).toMatchObject({ encoding: 'utf-8', note: 'declared windows-1252 but the bytes are utf-8' });
    expect(titles(p)).toEqual(['Prețul „pâinii” – 5 € în Brașov']);
    // The same from a Content-Type that says latin1, with no XML declaration.
    const body = bytes('enc-utf8-labelled-latin1.xml')
      .toString('utf8')
      .replace(/^<\?xml[^>]*>/, '');
    expect(decodeXml(Buffer.from(body), 'text/xml; charset=ISO-8859-1').text).toContain('„pâinii” – 5 €');
  });

  it('refuses the one item whose bytes do not decode, never storing U+FFFD', () => {
    const p = parse('enc-utf8-one-bad-item.xml');
    expect(p.encoding).toBe('utf-8');
    expect(titles(p)).toEqual(['Ştire bună în UTF-8', 'Încă o ştire în regulă']);
    expect(reasons(p)).toEqual([
      [
        2,
        'text',
        'text with U+FFFD replacement characters: bytes that do not decode in the document’s encoding',
      ],
    ]);
    // A numeric reference to nothing decodes to U+FFFD too, and is refused the same way.
    const ref = parseFeedDocument(
      '<rss><channel><item><title>A &#xD800; b</title></item></channel></rss>',
      BASE,
    );
    expect(ref.entries).toEqual([]);
    expect(reasons(ref)[0]?.[1]).toBe('text');
  });
});

describe('dates: unambiguous forms only', () => {
  const p = parse('dates.xml');
  const dates = Object.fromEntries(p.entries.map((e) => [e.title, e.publishedAt]));

  it('reads Romanian day-first numeric dates and the zone forms feeds use', () => {
    expect(dates).toEqual({
      'Zi întâi cu punct': '2026-01-05T08:30:00.000Z',
      'Zi întâi cu bară': '2026-01-04T22:00:00.000Z',
      'Comentariu de zonă': '2026-01-05T08:00:00.000Z',
      'GMT+2': '2026-01-05T08:00:00.000Z',
      'Ore cu două puncte': '2026-01-05T08:00:00.000Z',
      MET: '2026-01-05T08:00:00.000Z',
      MEST: '2026-07-05T08:00:00.000Z',
      CEST: '2026-07-05T08:00:00.000Z',
      EEST: '2026-07-05T08:00:00.000Z',
      'dc:date': '2026-01-05T08:00:00.000Z',
    });
  });

  it('refuses garbage with a reason naming the text', () => {
    expect(reasons(p)).toEqual([
      [11, 'publishedAt', expect.stringContaining('unreadable date "2013-01-27-01"')],
      [12, 'publishedAt', expect.stringContaining('unreadable date "03-12-31"')],
      [13, 'publishedAt', expect.stringContaining('unreadable date "Mon, 05 Jan 2026 10:00:00 XYZ"')],
    ]);
  });
});

describe('more dates feeds write', () => {
  it('reads "Mon,05 …", ISO dates with a zone word or comment, 12-hour clocks; refuses year 0 and "13:00 PM"', () => {
    const p = parse('dates-more.xml');
    expect(Object.fromEntries(p.entries.map((e) => [e.title, e.publishedAt]))).toEqual({
      'Fără spațiu': '2026-01-05T08:00:00.000Z',
      'ISO cu comentariu': '2026-01-05T08:00:00.000Z',
      'ISO cu zonă': '2026-01-05T08:00:00.000Z',
      'Ceas de 12 ore': '2026-01-05T08:00:00.000Z',
      'Zi întâi, PM': '2026-01-05T11:30:00.000Z',
    });
    expect(reasons(p)).toEqual([
      [6, 'publishedAt', expect.stringContaining('unreadable date "0000-01-01"')],
      [7, 'publishedAt', expect.stringContaining('unreadable date "05.01.2026 13:00 PM"')],
    ]);
  });
});

describe('links and titles', () => {
  const p = parse('links-titles.xml');

  it('resolves a relative guid marked as the permalink, prefers FeedBurner origLink, resolves against the channel', () => {
    expect(parse('links-more.xml').entries.map((e) => e.url)).toEqual([
      'https://www.exemplu.ro/stiri/guid-relativ',
      'https://www.exemplu.ro/stiri/original',
      'https://www.exemplu.ro/stiri/articol-relativ.html',
    ]);
  });

  it('takes a permalink guid as the URL when there is no link, never a guid marked isPermaLink="false"', () => {
    expect(p.entries[0]).toMatchObject({
      title: 'Doar guid permalink',
      url: 'https://www.exemplu.ro/guid-permalink',
    });
    expect(p.entries[1]?.url).toBeUndefined();
  });

  it('prefers <title> to <media:title>, and makes clean text of inline markup in CDATA or escaped titles', () => {
    expect(titles(p).slice(2)).toEqual([
      'Titlul articolului câștigă',
      'România votează azi',
      'București: trafic blocat',
      'Articol despre entități XML',
    ]);
  });

  it('does not refuse a feed whose article text (CDATA) talks about <!ENTITY>', () => {
    expect(p.entries.at(-1)?.summary).toBe('Un articol despre XML: nu e periculos aici.');
  });

  it('reads XHTML Atom titles as text, an http(s) Atom id as the permalink, day-first dates in Atom', () => {
    const atom = parse('atom-xhtml-title.xml');
    expect(atom.kind).toBe('atom');
    expect(atom.entries).toEqual([
      {
        url: 'https://www.exemplu.ro/atom-id-permalink',
        title: 'Cluj-Napoca: tramvaiul nou',
        publishedAt: '2026-01-05T08:00:00.000Z',
      },
      {
        url: 'https://www.exemplu.ro/sibiu',
        title: 'Sibiu, capitală',
        publishedAt: '2026-01-05T08:30:00.000Z',
      },
    ]);
  });
});

describe('nesting', () => {
  it('keeps an item whose HTML nests past the limit (its text read from the source), and the items around it', () => {
    const p = parse('deep-item.xml');
    expect(titles(p)).toEqual(['Înainte', 'Imbricat prea adânc', 'După']);
    expect(p.entries[1]?.summary).toBe('adânc');
    expect(p.rejections).toEqual([]);
  });

  it('reads the items beside a deeply nested run; refuses, saying why, a document whose items it hides', () => {
    const deep = `<x>${'<y>'.repeat(300)}${'</y>'.repeat(300)}</x>`;
    const item = (t: string) => `<item><title>${t}</title><link>https://www.exemplu.ro/${t}</link></item>`;
    const beside = parseFeedDocument(`<rss><channel>${item('A')}${deep}${item('B')}</channel></rss>`, BASE);
    expect(titles(beside)).toEqual(['A', 'B']);
    expect(() =>
      parseFeedDocument(`<rss>${'<x>'.repeat(300)}<channel>${item('A')}</channel></rss>`, BASE),
    ).toThrow('malformed feed: elements nested deeper than 128 levels, and no item outside them');
  });
});

describe('records broken the ways templates break them', () => {
  it('closes an item at the next <item>, a description at </item>, and skips declarations in article text', () => {
    const p = parse('recover-unclosed-records.xml');
    expect(p.items).toBe(6);
    expect(p.rejections).toEqual([]);
    expect(titles(p)).toEqual([
      'Fără sfârșit de item',
      'Următorul',
      'Descriere deschisă',
      'Titlu pe două rânduri',
      'Despre DTD',
      'Ultimul',
    ]);
    expect(p.entries.map((e) => e.url)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `https://www.exemplu.ro/r${n}`),
    );
    expect(p.entries[2]?.summary).toBe('Un paragraf listă');
  });

  it('closes a sitemap <url> and an Atom <entry> left open at the next one', () => {
    const sitemap = parseFeedDocument(
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://www.exemplu.ro/1</loc><url><loc>https://www.exemplu.ro/2</loc></url></urlset>',
      BASE,
    );
    expect(sitemap.entries.map((e) => e.url)).toEqual([
      'https://www.exemplu.ro/1',
      'https://www.exemplu.ro/2',
    ]);
    const atom = parseFeedDocument(
      '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>Unu</title><link href="https://www.exemplu.ro/1"/><entry><title>Doi</title><link href="https://www.exemplu.ro/2"/></entry></feed>',
      BASE,
    );
    expect(titles(atom)).toEqual(['Unu', 'Doi']);
  });
});

describe('HTML character references in feeds without a DTD', () => {
  it('decodes HTML names, numeric references (windows-1252 meanings for 128-159), split CDATA, double escaping', () => {
    const p = parse('entities-html.xml');
    expect(titles(p)).toEqual([
      'În Brașov țara şi ă… ½ º Škoda €',
      'Ghilimele “vechi” – liniuţă „jos”',
      'Secțiuni CDATA lipite & text',
      'Dublu escapat: încă "o"',
      'Necunoscut &bogus; rămâne',
    ]);
    expect(p.entries[4]?.summary).toBe('Prețul: 5 lei');
  });
});

describe('formats', () => {
  it('Atom: xml:base on the feed and the entry, relative links, titles read by their type', () => {
    const p = parse('atom-base-types.xml');
    expect(p.entries.map((e) => [e.url, e.title])).toEqual([
      ['https://www.exemplu.ro/blog/articol/1', 'Top <10> orașe'],
      ['https://www.exemplu.ro/arhiva/2026/doi', 'Sibiu & Brașov'],
      ['https://cdn.exemplu.ro/trei', 'Eticheta <blink> revine'],
      ['https://www.exemplu.ro/patru', 'Baza64 și text'],
    ]);
    expect(p.entries[2]).toMatchObject({
      summary: 'Corp',
      imageUrl: 'https://www.exemplu.ro/blog/img/3.jpg',
    });
  });

  it('Atom 1.0: a title of a non-text media type is base64 content, read as HTML', () => {
    const title = Buffer.from('<b>Titlu</b> în base64').toString('base64');
    const p = parseFeedDocument(
      `<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="application/octet-stream">${title}</title><link href="https://www.exemplu.ro/b64"/></entry></feed>`,
      BASE,
    );
    expect(titles(p)).toEqual(['Titlu în base64']);
  });

  it('RSS 1.0 (RDF): items beside the channel, rdf:about as the link, Dublin Core dates and subjects', () => {
    const p = parse('rdf.xml');
    expect(p.entries).toEqual([
      {
        url: 'https://www.exemplu.ro/rdf1',
        title: 'Știre RDF',
        category: 'Politică',
        tags: ['Politică'],
        publishedAt: '2026-01-05T08:00:00.000Z',
      },
      {
        url: 'https://www.exemplu.ro/rdf2',
        title: 'Doar rdf:about',
        publishedAt: '2026-01-05T08:30:00.000Z',
      },
    ]);
  });

  it('a sitemap index lists its sitemaps newest first (undated after, the later listed first), no items of its own', () => {
    const p = parseFeedDocument(
      '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">' +
        '<sitemap><loc>/s/a.xml</loc></sitemap><sitemap><loc>/s/b.xml</loc></sitemap>' +
        '<sitemap><loc>/s/old.xml</loc><lastmod>2025-01-01</lastmod></sitemap>' +
        '<sitemap><loc>/s/new.xml.gz</loc><lastmod>2026-01-05T10:00:00+02:00</lastmod></sitemap>' +
        '<sitemap><loc>javascript:alert(1)</loc></sitemap></sitemapindex>',
      BASE,
    );
    expect(p).toMatchObject({ kind: 'news-sitemap', items: 0, entries: [] });
    expect(p.sitemaps).toEqual(
      ['new.xml.gz', 'old.xml', 'b.xml', 'a.xml'].map((f) => `https://www.exemplu.ro/s/${f}`),
    );
  });
});
