import { describe, expect, it } from 'vitest';
import { decodeXml } from '../src/feeds/charset.js';
import { parseFeedDate } from '../src/feeds/dates.js';
import { FeedFormatError, parseFeedDocument } from '../src/feeds/parse.js';
import { htmlToText, plainTitle } from '../src/feeds/text.js';
import { HostileXmlError } from '../src/feeds/xml.js';
import { renderFixture } from './support/feed-server.js';

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const FEED_URL = 'http://www.digi24.test:8080/feeds/rss';

describe('feed dates', () => {
  it.each([
    ['Lun, 29 Noi 2026 10:00:00 +0200', '2026-11-29T08:00:00.000Z'],
    ['Sâm, 1 Aug 2026 10:00:00 +0300', '2026-08-01T07:00:00.000Z'],
    ['Dum, 29 Noi 2026 10:00 EET', '2026-11-29T08:00:00.000Z'],
    ['Mie, 15 Iul 2026 21:30 EEST', '2026-07-15T18:30:00.000Z'],
    ['Vineri, 3 Iulie 2026 08:15:00 EEST', '2026-07-03T05:15:00.000Z'],
    ['29 Noiembrie 2026 10:00', '2026-11-29T08:00:00.000Z'], // no zone: Bucharest wall time (winter)
    ['29 Iun 2026 10:00', '2026-06-29T07:00:00.000Z'], // … and summer
    ['Sun, 29 Nov 2026 09:00:00 GMT', '2026-11-29T09:00:00.000Z'],
    ['Sun, 29 Nov 26 09:00:00 +0000', '2026-11-29T09:00:00.000Z'],
    ['Sun, 29 Nov 2026 09:00:00 UT', '2026-11-29T09:00:00.000Z'],
    ['Sun, 29 Nov 2026 04:00:00 EST', '2026-11-29T09:00:00.000Z'],
    ['2026-11-29T10:00:00+02:00', '2026-11-29T08:00:00.000Z'],
    ['2026-11-29T10:00+02:00', '2026-11-29T08:00:00.000Z'],
    ['2026-11-29T08:00:00.123Z', '2026-11-29T08:00:00.123Z'],
    ['2026-11-29 10:00:00', '2026-11-29T08:00:00.000Z'],
    ['2026-11-29', '2026-11-28T22:00:00.000Z'],
  ])('reads %s', (raw, expected) => {
    expect(iso(parseFeedDate(raw))).toBe(expected);
  });

  it.each([
    'ieri la prânz',
    '',
    '31 Noi 2026 10:00',
    '2026-13-01T00:00:00Z',
    'Lun, 29 Xyz 2026 10:00:00 +0200',
  ])('refuses %j', (raw) => {
    expect(parseFeedDate(raw)).toBeUndefined();
  });
});

describe('feed text', () => {
  it('strips markup, scripts and comments, decodes entities, folds white space and caps the length', () => {
    const html =
      '<p>Măsurile <b>intră</b>\n în&nbsp;vigoare &icirc;n ianuarie &#537;i &#x21B; &amp; altele.</p>' +
      '<script>alert("x")</script><style>p{}</style><!-- reclamă --><p>Pensiile cresc cu 5% dacă 2 < 3.</p>';
    expect(htmlToText(html, 1000)).toBe(
      'Măsurile intră în vigoare în ianuarie și ț & altele. Pensiile cresc cu 5% dacă 2 < 3.',
    );
    const long = htmlToText(`<p>${'cuvânt '.repeat(400)}</p>`, 1000);
    expect(long.length).toBeLessThanOrEqual(1000);
    expect(long.endsWith('cuvânt…')).toBe(true);
  });

  it('makes one clean line of a title, without control characters', () => {
    expect(plainTitle('  Titlu\n  pe <em>două</em>\trânduri\u0007 ')).toBe('Titlu pe două rânduri');
  });
});

describe('XML safety', () => {
  it('refuses a billion-laughs / external-entity document before any parser sees it', () => {
    const hostile = renderFixture('hostile-billion-laughs.xml');
    expect(() => parseFeedDocument(hostile, FEED_URL)).toThrow(HostileXmlError);
    expect(() => parseFeedDocument(hostile.replace(/<rss[\s\S]*$/, '<urlset/>'), FEED_URL)).toThrow(
      /entities/,
    );
  });

  it('refuses an internal DTD subset even without entities, and drops a plain external DOCTYPE unread', () => {
    expect(() => parseFeedDocument('<!DOCTYPE rss [ <!ELEMENT rss ANY> ]><rss/>', FEED_URL)).toThrow(
      HostileXmlError,
    );
    const parsed = parseFeedDocument(
      renderFixture('hostile-external-dtd.xml'),
      'https://www.mediafax.ro/sitemap',
    );
    expect(parsed.kind).toBe('news-sitemap');
    // The reference to an undeclared entity stays text; nothing was fetched or expanded.
    expect(parsed.entries[0]?.title).toBe('Știre dintr-un sitemap cu DTD extern &xxe;');
  });

  it('decodes the body by BOM, XML declaration or Content-Type (ISO-8859-2 still happens)', () => {
    const latin2 = Buffer.concat([
      Buffer.from('<?xml version="1.0" encoding="ISO-8859-2"?><rss><channel><title>'),
      Buffer.from([0xba, 0xfe, 0xe2, 0xee]), // ş ţ â î
      Buffer.from('</title></channel></rss>'),
    ]);
    expect(decodeXml(latin2).text).toContain('<title>şţâî</title>');
    expect(decodeXml(Buffer.from('\ufeff<rss/>')).text).toBe('<rss/>');
    expect(decodeXml(Buffer.from([0xe3]), 'text/xml; charset=windows-1250').text).toBe('ă');
  });
});

describe('feed documents', () => {
  it('reads RSS 2.0: CDATA with cedilla and comma diacritics, content:encoded, media:*, enclosure, Romanian dates', () => {
    const { kind, entries } = parseFeedDocument(
      renderFixture('rss-digi24.xml', Date.UTC(2026, 10, 29, 9)),
      FEED_URL,
    );
    expect(kind).toBe('rss');
    expect(entries).toHaveLength(4);
    expect(entries[0]).toEqual({
      url: 'https://www.digi24.ro/stiri/economie/guvernul-a-aprobat-bugetul-2027-3012345?utm_source=rss&utm_medium=feed',
      title: 'Guvernul a aprobat bugetul: ce se schimbă pentru pensionari şi ţărani în 2027',
      publishedAt: '2026-11-29T08:30:00.000Z',
      summary: 'Măsurile intră în vigoare de la 1 ianuarie, a anunţat ministrul Finanţelor.',
      imageUrl: 'https://s.iw.ro/gateway/g/buget-2027.jpg',
      category: 'Economie',
      tags: ['Economie', 'buget 2027'],
    });
    // Relative link (resolved against the channel's link), escaped HTML with entities, media:thumbnail, EET date.
    expect(entries[1]).toMatchObject({
      url: 'https://www.digi24.ro/stiri/meteo/ninsori-in-carpati-3012346',
      summary: 'Temperaturile scad în toată ţara. Prognoza completă',
      imageUrl: 'https://s.iw.ro/gateway/g/ninsori-carpati.jpg',
      publishedAt: '2026-11-29T07:25:00.000Z',
    });
    expect(entries[2]).toMatchObject({
      imageUrl: 'https://s.iw.ro/gateway/g/fcsb-cfr.jpg',
      category: 'Sport',
    });
    // Only an http image: the item keeps everything else.
    expect(entries[3]?.imageUrl).toBeUndefined();
    expect(entries[3]?.publishedAt).toBe('2026-11-29T04:00:00.000Z');
  });

  it('reads Atom: escaped HTML titles and summaries, categories, relative links, images from content', () => {
    const { kind, entries } = parseFeedDocument(
      renderFixture('atom-hotnews.xml'),
      'https://www.hotnews.ro/feed/atom',
    );
    expect(kind).toBe('atom');
    expect(entries.map((e) => e.title)).toEqual([
      'Parlamentul a votat legea pensiilor speciale – ce urmează',
      'Inflația a scăzut la 4,1% în octombrie',
    ]);
    expect(entries[0]).toMatchObject({
      summary: 'Legea a trecut de Camera Deputaților cu 230 de voturi în favoare.',
      category: 'Politică',
      imageUrl: 'https://media.hotnews.ro/media_server1/image-2026-11-pensii.jpg',
    });
    expect(entries[1]).toMatchObject({
      url: 'https://www.hotnews.ro/economie/inflatia-a-scazut-1900002',
      imageUrl: 'https://media.hotnews.ro/media_server1/inflatie.jpg',
    });
  });

  it('reads a Google News sitemap: title, publication date, keywords as tags, image:loc', () => {
    const { kind, entries } = parseFeedDocument(
      renderFixture('news-sitemap.xml'),
      'https://www.mediafax.ro/sitemap.xml',
    );
    expect(kind).toBe('news-sitemap');
    expect(entries[0]).toMatchObject({
      url: 'https://www.mediafax.ro/social/trafic-restrictionat-pe-a1-pentru-lucrari-22100001',
      title: 'Trafic restricționat pe A1 pentru lucrări & reparații, între Pitești și Sibiu',
      tags: ['trafic', 'A1', 'CNAIR', 'lucrari'],
      imageUrl: 'https://storage0.dms.mpinteractiv.ro/media/1/1/1/22100001/a1.jpg',
    });
    expect(entries[1]?.title).toBe('Summit UE la Bruxelles: liderii discută bugetul în noaptea aceasta');
    expect(entries[2]?.title).toBeUndefined();
  });

  it('resolves relative item links against the feed URL when the document declares no base', () => {
    const { entries } = parseFeedDocument(renderFixture('rss-broken-items.xml'), FEED_URL);
    expect(entries.at(-1)?.url).toBe(
      'http://www.digi24.test:8080/feeds/stiri/actualitate/link-relativ-3020009',
    );
  });

  it('names what is wrong with documents it cannot ingest', () => {
    expect(() => parseFeedDocument(renderFixture('malformed.xml'), FEED_URL)).toThrow(/malformed XML/);
    expect(() => parseFeedDocument('<html><body>Mentenanță</body></html>', FEED_URL)).toThrow(
      'not a feed: the document element is <html>',
    );
    expect(() => parseFeedDocument('{"items":[]}', FEED_URL)).toThrow(FeedFormatError);
    expect(() => parseFeedDocument('<?xml version="1.0"?><sitemapindex/>', FEED_URL)).toThrow(
      'a sitemap index that lists no sitemap',
    );
    expect(() => parseFeedDocument(renderFixture('news-sitemap.xml'), FEED_URL, 'rss')).toThrow(
      'registered as rss but the document is a news-sitemap',
    );
    // RSS and Atom stand in for each other.
    expect(parseFeedDocument(renderFixture('atom-hotnews.xml'), FEED_URL, 'rss').kind).toBe('atom');
  });

  it('bounds nesting depth', () => {
    const deep = `<rss><channel>${'<x>'.repeat(5000)}${'</x>'.repeat(5000)}</channel></rss>`;
    expect(() => parseFeedDocument(deep, FEED_URL)).toThrow(FeedFormatError);
  });
});
