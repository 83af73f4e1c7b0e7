// The embed script in real headless Chromium, on a publisher page of another origin, against the real service.
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetAnswer } from '../../src/services/widget.js';
import type { HeadlineStatsDelta } from '../../src/store/types.js';
import { launch, layoutShift, reader, type Sites, startSites } from './fixtures.js';
import { HEADLINES, outletOf } from './headlines.js';

let sites: Sites;
let browser: Browser;

beforeAll(async () => {
  [sites, browser] = await Promise.all([startSites(), launch()]);
});

afterAll(async () => {
  await browser?.close();
  await sites?.close();
});

const box = (attrs: string) => `<div data-citeste-si data-publisher="evz" ${attrs}></div>`;
const paragraph =
  '<p>Meteorologii au emis un cod roșu de caniculă pentru București și pentru mai multe județe din sud. ' +
  'Temperaturile vor depăși 40 de grade, iar autoritățile recomandă evitarea expunerii la soare.</p>';

interface Visit {
  page: Page;
  errors: Error[];
  /** Every /v1/widget request the page made. */
  widgetRequests: URL[];
  /** Every event the page sent, parsed. */
  events: { token: string; type: string; items: string[]; impressionId: string; at: number }[];
}

async function visit(context: BrowserContext, url: string): Promise<Visit> {
  const page = await context.newPage();
  const v: Visit = { page, errors: [], widgetRequests: [], events: [] };
  page.on('pageerror', (err) => v.errors.push(err));
  page.on('request', (req) => {
    const u = new URL(req.url());
    if (u.origin !== sites.service) return;
    if (u.pathname === '/v1/widget') v.widgetRequests.push(u);
    if (u.pathname === '/v1/events') v.events.push({ ...JSON.parse(req.postData() ?? '{}'), at: Date.now() });
  });
  await page.goto(url);
  return v;
}

/** Titles and outlet names of the cards rendered in the n-th box, read from its shadow root. */
const cardsOf = (page: Page, n = 0) =>
  page.evaluate((i) => {
    const root = document.querySelectorAll('[data-citeste-si]')[i]?.shadowRoot;
    return [...(root?.querySelectorAll('li a[href]') ?? [])].map((a) => ({
      href: a.getAttribute('href'),
      rel: a.getAttribute('rel'),
      title: a.querySelector('.t')?.textContent ?? '',
      outlet: a.querySelector('.o')?.textContent ?? '',
      img: a.querySelector('img')?.getAttribute('alt'),
    }));
  }, n);

const waitForCards = (page: Page, n = 0) =>
  page.waitForFunction(
    (i) => !!document.querySelectorAll('[data-citeste-si]')[i]?.shadowRoot?.querySelector('li a[href]'),
    n,
  );

async function stats(): Promise<Map<string, HeadlineStatsDelta>> {
  await sites.ctx.services.events.flush();
  const all = await sites.ctx.store.readHeadlineStats();
  return new Map(all.map((s) => [s.id, s]));
}

describe('embed script', () => {
  it('renders safe, themed cards in a shadow root without moving the page, and reports every event', async () => {
    const context = await reader(browser);
    const url = sites.page('/canicula', {
      canonical: 'https://www.evz.ro/actualitate/canicula-la-bucuresti',
      title: 'Alertă de caniculă la București',
      section: 'Actualitate',
      keywords: 'caniculă, București, vreme',
      body: `${paragraph}${box('data-limit="6"')}${paragraph}`,
    });
    const answered = (p: Page) => p.waitForResponse((r) => r.url().startsWith(`${sites.service}/v1/widget?`));
    const v = await visit(context, url);
    const answer = (await (await answered(v.page).catch(() => undefined))?.json()) as
      | WidgetAnswer
      | undefined;
    await waitForCards(v.page);

    // What the page told the service.
    const query = v.widgetRequests[0]?.searchParams;
    expect(query?.get('publisher')).toBe('evz');
    expect(query?.get('url')).toBe('https://www.evz.ro/actualitate/canicula-la-bucuresti');
    expect(query?.get('title')).toBe('Alertă de caniculă la București');
    expect(query?.get('section')).toBe('Actualitate');
    expect(query?.get('keywords')).toBe('caniculă,București,vreme');
    expect(query?.get('limit')).toBe('6');

    // The cards: the answer's headlines, with their outlets, the own outlet never among them.
    const cards = await cardsOf(v.page);
    expect(cards.map((c) => c.title)).toEqual(answer?.items.map((i) => i.title));
    expect(cards).toHaveLength(6);
    for (const card of cards) {
      expect(card.outlet).toBe(outletOf(card.title));
      expect(card.outlet).not.toBe('EVZ');
      expect(card.rel).toBe('noopener');
      expect(card.href).toMatch(/^https:\/\/www\.(digi24|hotnews|libertatea)\.ro\//);
    }
    const heading = await v.page.evaluate(
      () => document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelector('h2')?.textContent,
    );
    expect(heading).toBe('Citește și, de la parteneri');
    // The headline whose title holds markup shows it as text and runs nothing.
    expect(cards.map((c) => c.title)).toContain(HEADLINES.digi24[0]?.title);
    const injected = await v.page.evaluate(() => ({
      pwned: (window as unknown as { __pwned?: number }).__pwned,
      imgs: document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('img[src="x"]').length,
    }));
    expect(injected).toEqual({ pwned: undefined, imgs: 0 });
    // Images are lazy and decorative (the link text says it all); a card without one keeps its 16:9 tile.
    const tiles = await v.page.evaluate(() =>
      [...(document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('.i') ?? [])].map(
        (t) => {
          const r = t.getBoundingClientRect();
          const img = t.querySelector('img');
          return {
            ratio: r.width / r.height,
            lazy: img ? img.loading : 'none',
            alt: img?.getAttribute('alt'),
          };
        },
      ),
    );
    expect(tiles).toHaveLength(6);
    for (const t of tiles) expect(t.ratio).toBeCloseTo(16 / 9, 1);
    expect(tiles.filter((t) => t.lazy === 'none')).toHaveLength(1);
    for (const t of tiles.filter((t) => t.lazy !== 'none'))
      expect(t).toMatchObject({ lazy: 'lazy', alt: '' });
    // The page's own styles do not reach the cards; the publisher's theme variables do.
    await v.page.addStyleTag({ content: 'a{color:lime !important} [data-citeste-si]{--cs-accent:#0057b8}' });
    const look = await v.page.evaluate(() => {
      const root = document.querySelector('[data-citeste-si]')?.shadowRoot;
      const h2 = root?.querySelector('h2');
      const a = root?.querySelector('a');
      return {
        heading: h2 ? getComputedStyle(h2).color : '',
        link: a ? getComputedStyle(a).color : '',
        columns: root?.querySelector('ul')
          ? getComputedStyle(root.querySelector('ul') as Element).gridTemplateColumns.split(' ').length
          : 0,
      };
    });
    expect(look).toEqual({ heading: 'rgb(0, 87, 184)', link: 'rgb(27, 29, 33)', columns: 3 });

    // Keyboard users see where they are.
    await v.page.keyboard.press('Tab');
    const focus = await v.page.evaluate(() => {
      const a = document.querySelector('[data-citeste-si]')?.shadowRoot?.activeElement;
      return a ? getComputedStyle(a).outlineStyle : 'none';
    });
    expect(focus).toBe('solid');
    await v.page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());

    // No layout shift from the widget, with the box in the first screen.
    await v.page.waitForFunction(() =>
      [...(document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('img') ?? [])].every(
        (i) => i.complete,
      ),
    );
    await v.page.waitForTimeout(200);
    // The box reserved its space when the script ran: the cards, images and heading move nothing.
    expect((await layoutShift(v.page)).afterRequest).toBeLessThan(0.01);
    mkdirSync('tests/artifacts', { recursive: true });
    await v.page.screenshot({ path: 'tests/artifacts/embed.png' });

    // Impression at once; viewable for all six after a second in view, in one batch.
    const ids = answer?.items.map((i) => i.id) ?? [];
    await expect
      .poll(
        () =>
          v.events
            .filter((e) => e.type === 'viewable')
            .flatMap((e) => e.items)
            .sort(),
        { timeout: 5000 },
      )
      .toEqual([...ids].sort());
    expect(v.events.filter((e) => e.type === 'viewable')).toHaveLength(1);
    const impressionId = v.events[0]?.impressionId ?? '';
    expect(impressionId).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    for (const e of v.events) expect(e).toMatchObject({ token: answer?.token, impressionId });

    // A click on a card: counted, then the partner's article opens.
    const clicked = answer?.items[1];
    await Promise.all([
      v.page.waitForURL(clicked?.url ?? ''),
      // Keyboard activation: Enter on the focused card.
      v.page.locator(`[data-citeste-si] a[href="${clicked?.url}"]`).press('Enter'),
    ]);
    await expect
      .poll(
        async () => {
          const s = await stats();
          return {
            impressions: ids.every((id) => (s.get(id)?.impressions ?? 0) >= 1),
            viewable: ids.every((id) => (s.get(id)?.viewable ?? 0) >= 1),
            clicks: s.get(clicked?.id ?? '')?.clicks,
          };
        },
        { timeout: 5000 },
      )
      .toEqual({ impressions: true, viewable: true, clicks: 1 });

    // Back on the site, the clicked headline is not offered again.
    const again = await visit(context, url);
    await waitForCards(again.page);
    expect(again.widgetRequests[0]?.searchParams.get('exclude')).toBe(clicked?.id);
    const titles = (await cardsOf(again.page)).map((c) => c.title);
    expect(titles).toHaveLength(5);
    expect(titles).not.toContain(clicked?.title);
    // Five cards where six were reserved: the box keeps its height while on screen.
    expect((await layoutShift(again.page)).afterRequest).toBeLessThan(0.01);
    expect([...v.errors, ...again.errors]).toEqual([]);
    await context.close();
  });

  it('waits until a box is near the viewport, and gives each box of the page other headlines', async () => {
    const context = await reader(browser);
    const url = sites.page('/lung', {
      canonical: 'https://www.evz.ro/actualitate/articol-lung',
      title: 'Valul de căldură se întoarce în sudul țării',
      body: `${paragraph}<div style="height:3000px"></div>${box('data-limit="3"')}<div style="height:2500px"></div>${box('data-limit="3" data-layout="list"')}<p>Final.</p>`,
    });
    const v = await visit(context, url);
    await v.page.waitForTimeout(600);
    expect(v.widgetRequests).toHaveLength(0);
    // The space is reserved already, far below the fold.
    const reserved = await v.page.evaluate(() =>
      [...document.querySelectorAll('[data-citeste-si]')].map((b) => b.getBoundingClientRect().height),
    );
    for (const h of reserved) expect(h).toBeGreaterThan(150);

    await v.page.locator('[data-citeste-si]').first().scrollIntoViewIfNeeded();
    await waitForCards(v.page, 0);
    expect(v.widgetRequests).toHaveLength(1);
    expect(v.widgetRequests[0]?.searchParams.get('limit')).toBe('3');
    const first = await cardsOf(v.page, 0);
    expect(first).toHaveLength(3);

    await v.page.locator('[data-citeste-si]').nth(1).scrollIntoViewIfNeeded();
    await waitForCards(v.page, 1);
    expect(v.widgetRequests).toHaveLength(2);
    const second = await cardsOf(v.page, 1);
    expect(second).toHaveLength(3);
    // The second box excludes what the first one shows.
    const shown = v.events.filter((e) => e.type === 'impression').flatMap((e) => e.items);
    expect(v.widgetRequests[1]?.searchParams.get('exclude')?.split(',').sort()).toEqual(
      shown.slice(0, 3).sort(),
    );
    expect(second.map((c) => c.title).filter((t) => first.some((f) => f.title === t))).toEqual([]);
    // The list layout: the thumbnail beside the outlet and title.
    const row = await v.page.evaluate(() => {
      const a = document.querySelectorAll('[data-citeste-si]')[1]?.shadowRoot?.querySelector('a');
      const [tile, outlet, text] = ['.i', '.o', '.t'].map((c) =>
        a?.querySelector(c)?.getBoundingClientRect(),
      );
      return {
        beside: !!tile && !!text && text.left >= tile.right,
        aligned: tile?.top === outlet?.top,
        titleBelowOutlet: (text?.top ?? 0) >= (outlet?.bottom ?? 1),
      };
    });
    expect(row).toEqual({ beside: true, aligned: true, titleBelowOutlet: true });
    // Both boxes rendered below the fold first: the page never moved.
    expect((await layoutShift(v.page)).total).toBeLessThan(0.01);
    expect(v.errors).toEqual([]);
    await context.close();
  });

  it('leaves the page unharmed when the publisher is unknown, the network fails or the markup is wrong', async () => {
    const context = await reader(browser);
    await context.route(
      (u) => u.pathname === '/v1/widget' && u.searchParams.get('publisher') === 'offline',
      (route) => route.abort('internetdisconnected'),
    );
    const url = sites.page('/necunoscut', {
      canonical: 'https://www.evz.ro/actualitate/necunoscut',
      title: 'Un articol pe un site necunoscut',
      // Two boxes in the first screen, one with markup that names no publisher, one just below the fold.
      body:
        `${paragraph}<div data-citeste-si data-publisher="necunoscut" data-limit="3"><a href="/arhiva">Arhiva</a></div>` +
        '<div data-citeste-si data-publisher="offline" data-limit="3"></div>' +
        '<div data-citeste-si data-publisher="<b>rau</b>"></div><div style="height:150px"></div>' +
        '<div data-citeste-si data-publisher="nici-acesta" data-limit="3"></div><div style="height:2000px"></div>',
    });
    const v = await visit(context, url);
    const answers = [] as number[];
    v.page.on('response', (r) => {
      if (new URL(r.url()).pathname === '/v1/widget') answers.push(r.status());
    });
    await expect.poll(() => v.widgetRequests.length).toBe(3);
    await v.page.waitForTimeout(800);
    const boxes = await v.page.evaluate(() =>
      [...document.querySelectorAll('[data-citeste-si]')].map((b) => ({
        shadow: b.shadowRoot ? b.shadowRoot.querySelectorAll('h2, li').length : 'none',
        text: b.shadowRoot?.querySelector('aside')?.textContent ?? '',
        height: Math.round(b.getBoundingClientRect().height),
        fallbackVisible: b.querySelector('a')?.checkVisibility() ?? false,
      })),
    );
    expect(answers).toContain(404);
    // Nothing shown; the publisher's own fallback link inside the box is visible again.
    expect(boxes[0]).toMatchObject({ shadow: 0, text: '', fallbackVisible: true });
    expect(boxes[1]).toMatchObject({ shadow: 0, text: '' });
    // A box with a publisher id that cannot be one is not touched at all.
    expect(boxes[2]).toEqual({ shadow: 'none', text: '', height: 0, fallbackVisible: false });
    // Failed below the fold: the reserved space is given back at once; on screen it stays, so nothing jumps.
    expect(boxes[3]?.height).toBe(0);
    expect(boxes[1]?.height).toBeGreaterThan(0);
    expect((await layoutShift(v.page)).afterRequest).toBeLessThan(0.01);
    expect(v.errors).toEqual([]);
    expect(v.events).toEqual([]);
    await context.close();
  });

  it('gives up after about five seconds when the service does not answer', async () => {
    const context = await reader(browser);
    await context.route(
      (u) => u.pathname === '/v1/widget' && u.searchParams.get('publisher') === 'lent',
      (route) => void setTimeout(() => route.abort().catch(() => {}), 9000),
    );
    const url = sites.page('/lent', {
      canonical: 'https://www.evz.ro/actualitate/lent',
      title: 'Un serviciu care nu răspunde',
      body: `${paragraph}<div data-citeste-si data-publisher="lent" data-limit="3"></div>${paragraph}`,
    });
    const started = Date.now();
    const v = await visit(context, url);
    // The failed box empties (only a slot for the publisher's own fallback content is left).
    await v.page.waitForFunction(
      () => !!document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelector('slot'),
      undefined,
      { timeout: 8000 },
    );
    expect(Date.now() - started).toBeGreaterThan(4500);
    expect(
      await v.page.evaluate(
        () => document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('h2, li').length,
      ),
    ).toBe(0);
    expect(v.errors).toEqual([]);
    await context.close();
  });

  it('counts a card viewable only after half of it stayed on screen for one continuous second', async () => {
    const context = await reader(browser);
    const url = sites.page('/vizibil', {
      canonical: 'https://www.evz.ro/actualitate/vizibil',
      title: 'Caniculă și trenuri anulate',
      body: `<div style="height:300px"></div>${box('data-limit="4" data-columns="2"')}<div style="height:1500px"></div>`,
    });
    const v = await visit(context, url);
    await waitForCards(v.page);
    // Two rows of two: the first on screen, the second mostly below the fold.
    const layout = await v.page.evaluate(() =>
      [...(document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelectorAll('li a') ?? [])].map(
        (a) => {
          const r = a.getBoundingClientRect();
          return {
            id: a.getAttribute('href'),
            top: r.top + scrollY,
            visible: Math.max(0, Math.min(r.bottom, innerHeight) - r.top) / r.height,
          };
        },
      ),
    );
    const ids = v.events.find((e) => e.type === 'impression')?.items ?? [];
    expect(ids).toHaveLength(4);
    expect(layout.map((c) => c.visible >= 0.5)).toEqual([true, true, false, false]);
    const viewable = () => v.events.filter((e) => e.type === 'viewable').flatMap((e) => e.items);
    await expect.poll(viewable, { timeout: 4000 }).toEqual(ids.slice(0, 2));
    const [impression, seen] = [
      v.events.find((e) => e.type === 'impression'),
      v.events.find((e) => e.type === 'viewable'),
    ];
    expect((seen?.at ?? 0) - (impression?.at ?? 0)).toBeGreaterThanOrEqual(1000);

    // A glimpse of the second row, shorter than a second, counts nothing.
    const rowTwo = (layout[2]?.top ?? 0) - 100;
    await v.page.evaluate((y) => window.scrollTo(0, y), rowTwo);
    await v.page.waitForTimeout(300);
    await v.page.evaluate(() => window.scrollTo(0, 0));
    await v.page.waitForTimeout(1500);
    expect(viewable()).toEqual(ids.slice(0, 2));
    // Staying counts it.
    await v.page.evaluate((y) => window.scrollTo(0, y), rowTwo);
    await expect.poll(viewable, { timeout: 4000 }).toEqual(ids);

    // A mouse click counts too, with the reader's page view.
    const last = layout[3]?.id ?? '';
    await Promise.all([
      v.page.waitForURL(last),
      v.page.locator(`[data-citeste-si] a[href="${last}"]`).click(),
    ]);
    const clickedId = ids[3] ?? '';
    await expect.poll(async () => (await stats()).get(clickedId)?.clicks ?? 0).toBeGreaterThanOrEqual(1);
    const click = v.events.find((e) => e.type === 'click');
    expect(click).toMatchObject({ items: [clickedId], impressionId: impression?.impressionId });
    expect(v.errors).toEqual([]);
    await context.close();
  });

  it('renders every box again for the new article when a single-page site calls refresh()', async () => {
    const context = await reader(browser);
    const url = sites.page('/spa', {
      canonical: 'https://www.evz.ro/actualitate/canicula-spa',
      title: 'Caniculă în toată țara',
      body: `${box('data-limit="4" data-columns="2"')}${paragraph}`,
    });
    const v = await visit(context, url);
    await waitForCards(v.page);
    await expect.poll(() => v.events.length).toBe(1);
    const before = v.events[0]?.impressionId;
    await v.page.evaluate(() => {
      document
        .querySelector('link[rel=canonical]')
        ?.setAttribute('href', 'https://www.evz.ro/sport/halep-revine');
      document
        .querySelector('meta[property="og:title"]')
        ?.setAttribute('content', 'Simona Halep revine pe teren');
      history.pushState(null, '', '/sport/halep-revine');
      const old = document.querySelector('[data-citeste-si]')?.shadowRoot?.querySelector('ul');
      old?.setAttribute('data-old', '');
      (window as unknown as { citesteSi: { refresh(): void } }).citesteSi.refresh();
    });
    await expect.poll(() => v.widgetRequests.length).toBe(2);
    await v.page.waitForFunction(
      () =>
        !!document
          .querySelector('[data-citeste-si]')
          ?.shadowRoot?.querySelector('ul:not([data-old]) a[href]'),
    );
    const query = v.widgetRequests[1]?.searchParams;
    expect(query?.get('url')).toBe('https://www.evz.ro/sport/halep-revine');
    expect(query?.get('title')).toBe('Simona Halep revine pe teren');
    expect(await cardsOf(v.page)).toHaveLength(4);
    await expect.poll(() => v.events.filter((e) => e.type === 'impression').length).toBe(2);
    const after = v.events.filter((e) => e.type === 'impression')[1]?.impressionId;
    expect(after).toMatch(/^[A-Za-z0-9_-]{16,}$/);
    expect(after).not.toBe(before);
    expect(v.errors).toEqual([]);
    await context.close();
  });

  it('serves /v1/widget.html that works framed in a page of another origin, with no script', async () => {
    const context = await reader(browser);
    const src = `${sites.service}/v1/widget.html?publisher=evz&url=${encodeURIComponent('https://www.evz.ro/a')}&title=Canicul%C4%83`;
    const url = sites.page('/iframe', {
      canonical: 'https://www.evz.ro/actualitate/iframe',
      title: 'Caniculă, cu widgetul în iframe',
      body: `${paragraph}<iframe title="Citește și" src="${src}" style="width:100%;height:560px;border:0"></iframe>`,
    });
    const v = await visit(context, url);
    const frame = v.page.frameLocator('iframe');
    await expect.poll(() => frame.locator('a[href^="/r/"]').count()).toBe(6);
    expect(await frame.locator('h2').textContent()).toBe('Citește și, de la parteneri');
    await v.page.screenshot({ path: 'tests/artifacts/widget-html.png' });
    // target=_top: the reader leaves the publisher page for the partner's article, through the counting redirect.
    const href = (await frame.locator('a').first().getAttribute('href')) ?? '';
    // (The partner page itself is not reachable here: requests after a redirect cannot be answered locally.)
    const [redirect, partner] = await Promise.all([
      v.page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/r/')),
      v.page.waitForRequest(
        (r) => r.isNavigationRequest() && /^https:\/\/www\.(digi24|hotnews|libertatea)\.ro\//.test(r.url()),
      ),
      frame.locator('a').first().click(),
    ]);
    expect(redirect.status()).toBe(302);
    expect(partner.frame()).toBe(v.page.mainFrame());
    expect(partner.url()).toBe(redirect.headers().location);
    const id = href.split('/').pop() ?? '';
    await expect.poll(async () => (await stats()).get(id)?.clicks ?? 0).toBeGreaterThanOrEqual(1);
    expect(v.errors).toEqual([]);
    await context.close();
  });
});
