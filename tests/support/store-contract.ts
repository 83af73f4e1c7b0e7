// One contract every Store implementation must keep; run against the embedded store and real Redis.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Headline, Partner, Publisher } from '../../src/domain.js';
import { ConflictError, NotFoundError } from '../../src/errors.js';
import type { Store, StoreChange } from '../../src/store/types.js';

const HOUR = 3600_000;

export function headline(
  partnerId: string,
  n: number,
  nowMs: number,
  extra: Partial<Headline> = {},
): Headline {
  return {
    id: (n.toString(16).padStart(4, '0') + partnerId.padEnd(16, '0')).slice(0, 20).replace(/[^0-9a-f]/g, 'a'),
    partnerId,
    url: `https://www.${partnerId}.ro/stiri/articol-${n}`,
    title: `Știre ${n} despre Guvernul României și bugetul pe 2027`,
    tags: ['politică'],
    publishedAt: new Date(nowMs - n * 60_000).toISOString(),
    expiresAt: new Date(nowMs + 72 * HOUR).toISOString(),
    updatedAt: new Date(nowMs).toISOString(),
    ...extra,
  };
}

function partner(id: string): Partner {
  return { id, name: id.toUpperCase(), domains: [`${id}.ro`], createdAt: new Date().toISOString() };
}

export function storeContract(
  name: string,
  create: () => Promise<{ store: Store; cleanup: () => Promise<void> }>,
) {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    const now = Date.now();

    beforeEach(async () => {
      ({ store, cleanup } = await create());
    });
    afterEach(async () => {
      await store.close();
      await cleanup();
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('creates partners once and lists them by id', async () => {
      await store.createPartner(partner('mediafax'), 'hash-m');
      await store.createPartner(partner('digi24'), 'hash-d');
      await expect(store.createPartner(partner('digi24'), 'hash-x')).rejects.toBeInstanceOf(ConflictError);
      expect((await store.listPartners()).map((p) => p.id)).toEqual(['digi24', 'mediafax']);
      expect(await store.getPartner('digi24')).toMatchObject({ name: 'DIGI24', domains: ['digi24.ro'] });
      expect(await store.getPartner('nope')).toBeUndefined();
      expect(await store.partnerIdForKey('hash-d')).toBe('digi24');
      expect(await store.partnerIdForKey('hash-x')).toBeUndefined();
    });

    it('replacing a key makes the old one stop working', async () => {
      await store.createPartner(partner('digi24'), 'old');
      await store.replacePartnerKey('digi24', 'new');
      expect(await store.partnerIdForKey('old')).toBeUndefined();
      expect(await store.partnerIdForKey('new')).toBe('digi24');
      await expect(store.replacePartnerKey('ghost', 'k')).rejects.toBeInstanceOf(NotFoundError);
    });

    it('puts and replaces publishers', async () => {
      const p: Publisher = {
        id: 'evz',
        name: 'EVZ',
        title: 'Citește și',
        limit: 6,
        maxPerOutlet: 2,
        excludePartners: [],
        excludeCategories: ['Horoscop'],
        updatedAt: new Date().toISOString(),
      };
      await store.putPublisher(p);
      await store.putPublisher({ ...p, limit: 8 });
      expect(await store.getPublisher('evz')).toMatchObject({ limit: 8, excludeCategories: ['Horoscop'] });
      expect((await store.listPublishers()).length).toBe(1);
      expect(await store.getPublisher('other')).toBeUndefined();
    });

    it('upserts headlines by id and keeps Romanian text exactly', async () => {
      const h = headline('digi24', 1, now, { title: 'Șoferii de mașini hibride – „expuși” riscului' });
      await store.upsertHeadlines('digi24', [h]);
      await store.upsertHeadlines('digi24', [{ ...h, summary: 'Actualizat' }]);
      const got = await store.getHeadline('digi24', h.id, now);
      expect(got).toEqual({ ...h, summary: 'Actualizat' });
      expect((await store.listHeadlines('digi24', 10, undefined, now)).headlines).toHaveLength(1);
    });

    it('never returns an expired headline', async () => {
      await store.createPartner(partner('digi24'), 'k');
      const live = headline('digi24', 1, now);
      const old = headline('digi24', 2, now, { expiresAt: new Date(now + 200).toISOString() });
      await store.upsertHeadlines('digi24', [live, old]);
      const later = now + 1000;
      await new Promise((r) => setTimeout(r, 300));
      expect(await store.getHeadline('digi24', old.id, later)).toBeUndefined();
      expect((await store.listHeadlines('digi24', 10, undefined, later)).headlines.map((h) => h.id)).toEqual([
        live.id,
      ]);
      const scanned: string[] = [];
      for await (const chunk of store.scanLiveHeadlines(later)) scanned.push(...chunk.map((h) => h.id));
      expect(scanned).toEqual([live.id]);
      expect(await store.deleteHeadline('digi24', old.id, later)).toBe(false);
    });

    it('keeps a partner to its live-headline limit: updates go in, new ones only under it', async () => {
      const limits = { nowMs: now, maxLive: 3 };
      const first = [1, 2, 3].map((i) => headline('digi24', i, now));
      // An expired one does not count against the limit, and leaves.
      const expired = headline('digi24', 9, now, { expiresAt: new Date(now - 1).toISOString() });
      await store.upsertHeadlines('digi24', [expired]);
      expect(await store.upsertHeadlines('digi24', first, limits)).toEqual([]);
      const fourth = headline('digi24', 4, now);
      const fifth = headline('digi24', 5, now);
      const update = { ...(first[0] as Headline), title: 'Actualizat' };
      expect(await store.upsertHeadlines('digi24', [fourth, update, fifth], limits)).toEqual([
        fourth.id,
        fifth.id,
      ]);
      expect((await store.getHeadline('digi24', update.id, now))?.title).toBe('Actualizat');
      expect(await store.getHeadline('digi24', fourth.id, now)).toBeUndefined();
      // Another partner has its own limit; one deleted makes room.
      expect(await store.upsertHeadlines('mediafax', [headline('mediafax', 1, now)], limits)).toEqual([]);
      await store.deleteHeadline('digi24', first[1]?.id ?? '', now);
      expect(await store.upsertHeadlines('digi24', [fourth, fifth], limits)).toEqual([fifth.id]);
      const ids = (await store.listHeadlines('digi24', 10, undefined, now)).headlines.map((h) => h.id);
      expect(ids.sort()).toEqual([first[0]?.id, first[2]?.id, fourth.id].sort());
      // Without limits nothing is refused.
      expect(await store.upsertHeadlines('digi24', [fifth])).toEqual([]);
    });

    it('deletes a live headline once', async () => {
      const h = headline('digi24', 1, now);
      await store.upsertHeadlines('digi24', [h]);
      expect(await store.deleteHeadline('digi24', h.id, now)).toBe(true);
      expect(await store.deleteHeadline('digi24', h.id, now)).toBe(false);
      expect(await store.getHeadline('digi24', h.id, now)).toBeUndefined();
    });

    it('pages newest first with a cursor, ties included, without gaps or repeats', async () => {
      const same = new Date(now - 5 * 60_000).toISOString();
      const all = Array.from({ length: 23 }, (_, i) =>
        headline('digi24', i + 1, now, i % 3 === 0 ? { publishedAt: same } : {}),
      );
      await store.upsertHeadlines('digi24', all);
      await store.upsertHeadlines('mediafax', [headline('mediafax', 1, now)]);
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await store.listHeadlines('digi24', 5, cursor, now);
        seen.push(...page.headlines.map((h) => h.id));
        cursor = page.nextCursor;
        pages++;
      } while (cursor && pages < 20);
      expect(new Set(seen).size).toBe(23);
      expect(seen).toHaveLength(23);
      const times = seen.map((id) => Date.parse(all.find((h) => h.id === id)?.publishedAt ?? ''));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(pages).toBe(5);
    });

    it('scans every live headline of every partner', async () => {
      await store.createPartner(partner('digi24'), 'a');
      await store.createPartner(partner('mediafax'), 'b');
      await store.upsertHeadlines(
        'digi24',
        Array.from({ length: 30 }, (_, i) => headline('digi24', i, now)),
      );
      await store.upsertHeadlines('mediafax', [headline('mediafax', 1, now)]);
      let n = 0;
      for await (const chunk of store.scanLiveHeadlines(now)) n += chunk.length;
      expect(n).toBe(31);
    });

    it('counts each (page view, type, item) once and keeps totals per headline', async () => {
      const base = { publisherId: 'evz', day: '2026-11-29' };
      const first = await store.recordEvents([
        {
          ...base,
          impressionId: 'pv-1',
          type: 'impression',
          items: [
            { id: 'a1', partnerId: 'digi24' },
            { id: 'b2', partnerId: 'gsp' },
          ],
        },
        { ...base, impressionId: 'pv-1', type: 'click', items: [{ id: 'a1', partnerId: 'digi24' }] },
      ]);
      expect(first).toEqual(
        expect.arrayContaining([
          { id: 'a1', impressions: 1, viewable: 0, clicks: 1 },
          { id: 'b2', impressions: 1, viewable: 0, clicks: 0 },
        ]),
      );
      const again = await store.recordEvents([
        { ...base, impressionId: 'pv-1', type: 'click', items: [{ id: 'a1', partnerId: 'digi24' }] },
        { ...base, impressionId: 'pv-2', type: 'click', items: [{ id: 'a1', partnerId: 'digi24' }] },
      ]);
      expect(again).toEqual([{ id: 'a1', impressions: 0, viewable: 0, clicks: 1 }]);
      const totals = await store.readHeadlineStats();
      expect(totals).toEqual(
        expect.arrayContaining([
          { id: 'a1', impressions: 1, viewable: 0, clicks: 2 },
          { id: 'b2', impressions: 1, viewable: 0, clicks: 0 },
        ]),
      );
    });

    it('tells which event items it counted, duplicates left out', async () => {
      const base = { publisherId: 'evz', day: '2026-11-29' };
      const a1 = { id: 'a1', partnerId: 'digi24' };
      const b2 = { id: 'b2', partnerId: 'gsp' };
      const items = [a1, b2];
      await store.recordEvents([{ ...base, impressionId: 'pv-9', type: 'viewable', items: [a1] }]);
      const heard: [number, number][] = [];
      await store.recordEvents(
        [
          { ...base, impressionId: 'pv-9', type: 'viewable', items },
          { ...base, impressionId: 'pv-9', type: 'click', items: [b2] },
        ],
        (event, item) => heard.push([event, item]),
      );
      expect(heard.sort()).toEqual([
        [0, 1],
        [1, 0],
      ]);
    });

    it('counts an item whose outlet is no longer known (an empty partner) in its place', async () => {
      const base = { publisherId: 'evz', day: '2026-11-29', type: 'impression' as const };
      const items = [
        { id: 'c3', partnerId: '' },
        { id: 'b2', partnerId: 'gsp' },
      ];
      const heard: [number, number][] = [];
      const deltas = await store.recordEvents([{ ...base, impressionId: 'pv-10', items }], (event, item) =>
        heard.push([event, item]),
      );
      expect(heard).toEqual([
        [0, 0],
        [0, 1],
      ]);
      expect(deltas.map((d) => [d.id, d.impressions]).sort()).toEqual([
        ['b2', 1],
        ['c3', 1],
      ]);
    });

    it('counts a flush of tens of thousands of items (a busy second of events) once, in order', async () => {
      const base = { publisherId: 'evz', day: '2026-11-30' };
      const items = [
        { id: 'a1', partnerId: 'digi24' },
        { id: 'b2', partnerId: 'gsp' },
        { id: 'c3', partnerId: 'gsp' },
      ];
      const batch = Array.from({ length: 8000 }, (_, i) => ({
        ...base,
        impressionId: `pv-big-${i}`,
        type: 'impression' as const,
        items,
      }));
      const heard: [number, number][] = [];
      const first = await store.recordEvents(batch, (event, item) => heard.push([event, item]));
      expect(first).toEqual(
        expect.arrayContaining(items.map((it) => ({ id: it.id, impressions: 8000, viewable: 0, clicks: 0 }))),
      );
      expect(heard).toHaveLength(24_000);
      expect(heard[0]).toEqual([0, 0]);
      expect(heard[23_999]).toEqual([7999, 2]);
      // The same flush again (a retry after a failure part-way): nothing counts twice.
      expect(await store.recordEvents([...batch.slice(0, 10), ...batch.slice(7990)])).toEqual([]);
    });

    it('keeps learning counters decayed by their half-life, bounded, least recently updated dropped first', async () => {
      const t0 = Date.parse('2026-11-29T12:00:00Z');
      const limits = { nowMs: t0, halfLifeMs: HOUR, maxKeys: 3 };
      expect(await store.readLearning()).toEqual([]);
      await store.recordLearning(
        [
          { key: 'h|a1|sport', clicks: 2, exposure: 10 },
          { key: 'p|0', clicks: 1, exposure: 4.5 },
        ],
        limits,
      );
      // One half-life later: the old counts weigh half, the new ones in full.
      await store.recordLearning([{ key: 'h|a1|sport', clicks: 1, exposure: 2 }], {
        ...limits,
        nowMs: t0 + HOUR,
      });
      const byKey = new Map((await store.readLearning()).map((t) => [t.key, t]));
      expect(byKey.get('h|a1|sport')).toEqual({ key: 'h|a1|sport', clicks: 2, exposure: 7, at: t0 + HOUR });
      expect(byKey.get('p|0')).toEqual({ key: 'p|0', clicks: 1, exposure: 4.5, at: t0 });
      // Two more keys: the cap of 3 drops the one updated longest ago (p|0).
      await store.recordLearning(
        [
          { key: 'h|b2|sport', clicks: 0, exposure: 1 },
          { key: 'h|c3|', clicks: 0.5, exposure: 1 },
        ],
        { ...limits, nowMs: t0 + 2 * HOUR },
      );
      const keys = (await store.readLearning()).map((t) => t.key).sort();
      expect(keys).toEqual(['h|a1|sport', 'h|b2|sport', 'h|c3|']);
    });

    it('reads every learning counter back, however many there are', async () => {
      const deltas = Array.from({ length: 4500 }, (_, i) => ({ key: `h|${i}|`, clicks: 1, exposure: 2 }));
      await store.recordLearning(deltas, { nowMs: now, halfLifeMs: HOUR, maxKeys: 10_000 });
      const read = await store.readLearning();
      expect(read).toHaveLength(4500);
      expect(new Set(read.map((t) => t.key)).size).toBe(4500);
    });

    it('delivers published changes to subscribers of other instances only', async () => {
      const received: StoreChange[] = [];
      const unsubscribe = await store.subscribe((c) => received.push(c));
      await store.publish({ type: 'headlines.delete', partnerId: 'digi24', ids: ['x'] });
      await new Promise((r) => setTimeout(r, 100));
      // The publishing instance applies its own changes itself: it must not hear them back.
      expect(received).toEqual([]);
      unsubscribe();
    });

    it('keeps daily counters per pair, per headline and per variant; widget loads once per page view', async () => {
      const base = { publisherId: 'evz', day: '2026-11-29' };
      const d1 = { id: 'a1', partnerId: 'digi24' };
      const d2 = { id: 'a2', partnerId: 'digi24' };
      const g1 = { id: 'b1', partnerId: 'gsp' };
      await store.recordEvents([
        { ...base, impressionId: 'pv-1', type: 'impression', items: [d1, d2, g1], variant: 2 },
        { ...base, impressionId: 'pv-1', type: 'impression', items: [d1, d2, g1], variant: 2 },
        { ...base, impressionId: 'pv-1', type: 'viewable', items: [d1, g1], variant: 2 },
        { ...base, impressionId: 'pv-1', type: 'click', items: [d1], variant: 2 },
        { ...base, impressionId: 'pv-2', type: 'impression', items: [d1], variant: 1 },
        { ...base, impressionId: 'pv-3', type: 'impression', items: [g1] },
        { ...base, day: '2026-11-30', impressionId: 'pv-4', type: 'impression', items: [d1] },
      ]);
      const sortRows = <T extends { publisherId: string; day: string }>(rows: T[]) =>
        rows.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
      expect(sortRows(await store.readDailyStats(['2026-11-29', '2026-11-30', '2026-12-01']))).toEqual(
        sortRows([
          { ...base, outletId: 'digi24', widgetLoads: 2, impressions: 3, viewable: 1, clicks: 1 },
          { ...base, outletId: 'gsp', widgetLoads: 2, impressions: 2, viewable: 1, clicks: 0 },
          {
            publisherId: 'evz',
            day: '2026-11-30',
            outletId: 'digi24',
            widgetLoads: 1,
            impressions: 1,
            viewable: 0,
            clicks: 0,
          },
        ]),
      );
      const byHeadline = await store.readHeadlineDailyStats(['2026-11-29'], 'evz');
      expect(byHeadline).toEqual(
        expect.arrayContaining([
          { ...base, outletId: 'digi24', headlineId: 'a1', impressions: 2, viewable: 1, clicks: 1 },
          { ...base, outletId: 'digi24', headlineId: 'a2', impressions: 1, viewable: 0, clicks: 0 },
          { ...base, outletId: 'gsp', headlineId: 'b1', impressions: 2, viewable: 1, clicks: 0 },
        ]),
      );
      expect(byHeadline).toHaveLength(3);
      expect(await store.readHeadlineDailyStats(['2026-11-29'], 'other')).toEqual([]);
      expect(sortRows(await store.readVariantDailyStats(['2026-11-29']))).toEqual(
        sortRows([
          { ...base, variant: 2, widgetLoads: 1, impressions: 3, viewable: 2, clicks: 1 },
          { ...base, variant: 1, widgetLoads: 1, impressions: 1, viewable: 0, clicks: 0 },
          { ...base, variant: 0, widgetLoads: 1, impressions: 1, viewable: 0, clicks: 0 },
        ]),
      );
      expect(await store.readDailyStats(['2026-12-01'])).toEqual([]);
    });

    it('puts, replaces and lists editorial rules', async () => {
      const rules = {
        publisherId: 'evz',
        pins: [{ url: 'https://www.digi24.ro/a', position: 1, until: '2026-12-01T00:00:00.000Z' }],
        boosts: [{ partnerId: 'gsp', factor: 2 }],
        blocks: [{ id: '0123456789abcdef0123' }],
        updatedAt: new Date().toISOString(),
      };
      expect(await store.getRules('evz')).toBeUndefined();
      await store.putRules(rules);
      await store.putRules({ ...rules, boosts: [] });
      expect(await store.getRules('evz')).toEqual({ ...rules, boosts: [] });
      expect(await store.listRules()).toEqual([{ ...rules, boosts: [] }]);
    });
  });
}
