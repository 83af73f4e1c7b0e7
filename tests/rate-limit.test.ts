import { afterEach, describe, expect, it } from 'vitest';
import { createPartner, createRedisTestContext, jsonRequest, type TestContext } from './support/harness.js';
import { seedExchange } from './support/seed.js';
import { STORES } from './support/stores.js';

const LOW = {
  RATE_LIMIT_PUSH_PER_MINUTE: '3',
  RATE_LIMIT_EVENTS_PER_MINUTE: '4',
  RATE_LIMIT_EVENTS_PER_TOKEN_PER_MINUTE: '6',
  RATE_LIMIT_REDIRECTS_PER_MINUTE: '2',
  TRUST_PROXY: 'true',
};

const item = { url: 'https://digi24.ro/a', title: 'Titlu', publishedAt: new Date().toISOString() };

interface ServedBox {
  token: string;
  items: { id: string }[];
}

/** The box an instance serves the seeded publisher now. */
async function servedBox(ctx: TestContext): Promise<ServedBox> {
  return (await (await ctx.app.request('/v1/widget?publisher=evz')).json()) as ServedBox;
}

/** An impression of the box's first card, as the embed sends it. */
const impression = (box: ServedBox) =>
  JSON.stringify({ token: box.token, type: 'impression', items: [box.items[0]?.id] });

/** POST /v1/events from address `ip` (text/plain, as sendBeacon sends it). */
function postEvent(ctx: TestContext, ip: string, body: string): Promise<Response> {
  return Promise.resolve(
    ctx.app.request('/v1/events', {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', 'X-Forwarded-For': ip },
      body,
    }),
  );
}

describe.each(STORES)('rate limits on the %s', (_name, createContext) => {
  let ctx: TestContext;
  afterEach(async () => {
    await ctx.close();
  });

  it('limits pushes per partner key with 429 and Retry-After', async () => {
    ctx = await createContext({ env: LOW });
    const key = await createPartner(ctx.app, { id: 'digi24', domains: ['digi24.ro'] });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        (await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: [item] }, key))).status,
      );
    }
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    const limited = await ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: [item] }, key));
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ status: 429 });
    // Listing is not a push: still allowed.
    expect(
      (await ctx.app.request('/v1/headlines', { headers: { Authorization: `Bearer ${key}` } })).status,
    ).toBe(200);
  });

  it('limits events and redirects per client address, and events per token', async () => {
    ctx = await createContext({ env: LOW });
    await seedExchange(ctx);
    const a = await servedBox(ctx);
    const event = (ip: string) => postEvent(ctx, ip, impression(a));
    const fromOne: number[] = [];
    for (let i = 0; i < 5; i++) fromOne.push((await event('203.0.113.1')).status);
    expect(fromOne).toEqual([204, 204, 204, 204, 429]);
    // Another address has its own budget, until the token's budget (6) runs out.
    expect((await event('203.0.113.2')).status).toBe(204);
    expect((await event('203.0.113.2')).status).toBe(204);
    expect((await event('203.0.113.3')).status).toBe(429);

    const redirect = () =>
      ctx.app.request(`/r/${a.token}/${a.items[0]?.id}`, { headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect([(await redirect()).status, (await redirect()).status, (await redirect()).status]).toEqual([
      302, 302, 429,
    ]);
  });
  it('spends the address budget on event requests that do not verify, and refuses them past it', async () => {
    ctx = await createContext({ env: LOW });
    await seedExchange(ctx);
    const a = await servedBox(ctx);
    const send = (body: string) => postEvent(ctx, '203.0.113.9', body);
    const good = impression(a);
    const forged = JSON.stringify({ token: `${a.token}x`, type: 'impression', items: [a.items[0]?.id] });
    const statuses = [
      (await send('{not json')).status,
      (await send(forged)).status,
      (await send(good)).status,
      (await send('{}')).status,
      (await send(forged)).status,
      (await send(good)).status,
    ];
    expect(statuses).toEqual([400, 400, 204, 400, 429, 429]);
  });
});

describe('rate limits across instances', () => {
  it('two instances on one Redis share one budget', async () => {
    const a = await createRedisTestContext({ env: LOW });
    const b = await createRedisTestContext({ env: LOW, prefix: a.prefix });
    try {
      const key = await createPartner(a.app, { id: 'digi24', domains: ['digi24.ro'] });
      const push = (ctx: TestContext) =>
        ctx.app.request('/v1/headlines', jsonRequest('POST', { headlines: [item] }, key));
      const statuses = [
        (await push(a)).status,
        (await push(b)).status,
        (await push(a)).status,
        (await push(b)).status,
      ];
      expect(statuses).toEqual([200, 200, 200, 429]);
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('event budgets across instances', () => {
  it('two instances on one Redis share the address and the token budgets of events, as of their last share', async () => {
    // What each instance spent goes to Redis in batches (every 100 ms); here only when the test shares.
    const services = { eventBudgetShareMs: 3_600_000 };
    const a = await createRedisTestContext({ env: LOW, services });
    const b = await createRedisTestContext({ env: LOW, prefix: a.prefix, services });
    const share = async () => {
      for (const ctx of [a, b])
        await Promise.all([
          ctx.services.limits.eventsPerClient.settle(),
          ctx.services.limits.eventsPerToken.settle(),
        ]);
    };
    try {
      await seedExchange(a);
      const w = await servedBox(a);
      const event = async (ctx: TestContext, ip: string) => (await postEvent(ctx, ip, impression(w))).status;
      // The address budget (4), spent on both instances.
      const one = [
        await event(a, '203.0.113.1'),
        await event(b, '203.0.113.1'),
        await event(a, '203.0.113.1'),
        await event(b, '203.0.113.1'),
      ];
      expect(one).toEqual([204, 204, 204, 204]);
      await share();
      // b shared last and knows all four points. a knows the count of its own share (two): it allows one
      // more (the lag), and its next share tells it the rest.
      expect(await event(b, '203.0.113.1')).toBe(429);
      expect(await event(a, '203.0.113.1')).toBe(204);
      await share();
      expect(await event(a, '203.0.113.1')).toBe(429);
      // The token's budget (6) was spent by the five allowed events (not by the refused ones): one more on b,
      // and once shared, b refuses it from a new address.
      expect(await event(b, '203.0.113.2')).toBe(204);
      await share();
      expect(await event(b, '203.0.113.3')).toBe(429);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
