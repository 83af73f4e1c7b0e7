// A regression guard that is not a timed test: Redis commands per request on the hot paths.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, createTestRedisStore, type TestContext, testPrefix } from './support/harness.js';
import { type RedisProcess, startRedis } from './support/redis-server.js';
import { seedExchange } from './support/seed.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36';

/** Calls per command since the server started, from INFO commandstats. */
async function commandCalls(redis: Redis): Promise<Map<string, number>> {
  const info = await redis.info('commandstats');
  const calls = new Map<string, number>();
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) calls.set(m[1] ?? '', Number(m[2]));
  return calls;
}

function delta(
  before: Map<string, number>,
  after: Map<string, number>,
  ignore: string[],
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [cmd, n] of after) {
    const d = n - (before.get(cmd) ?? 0);
    if (d > 0 && !ignore.includes(cmd)) out[cmd] = d;
  }
  return out;
}

describe('Redis commands per request', () => {
  let server: RedisProcess;
  let ctx: TestContext;
  let probe: Redis;
  // The change feed's blocking read and INFO itself run on their own schedule.
  const background = ['xread', 'info', 'ping'];

  beforeAll(async () => {
    server = await startRedis();
    // Events and event budgets wait for an explicit flush here, so the count of writes does not depend on timing; the feed
    // poller's once-a-second schedule read is off, as it is no request's cost and would land in a window at random.
    ctx = await createTestContext({
      store: await createTestRedisStore(testPrefix(), server.url),
      env: { FEEDS_ENABLED: 'false' },
      services: { eventFlushMs: 3_600_000, eventBudgetShareMs: 3_600_000 },
    });
    await seedExchange(ctx);
    probe = new Redis(server.url);
  });
  afterAll(async () => {
    probe.disconnect();
    await ctx.close();
    await server.stop();
  });

  it('a widget answer, cached or not, costs no Redis command, learning included', async () => {
    // Readers' viewables and clicks first, so the answers below rank with learned counters.
    const first = await ctx.app.request('/v1/widget?publisher=evz&section=Sport');
    const served = (await first.json()) as { token: string; items: { id: string }[] };
    for (const [type, items] of [
      ['viewable', served.items.map((x) => x.id)],
      ['click', served.items.slice(1, 2).map((x) => x.id)],
    ] as const) {
      const res = await ctx.app.request('/v1/events', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER },
        body: JSON.stringify({ token: served.token, type, items, impressionId: 'ops-learn-0001' }),
      });
      expect(res.status).toBe(204);
    }
    await ctx.services.events.flush();
    expect(ctx.services.learning?.counts('x|*')?.clicks).toBeCloseTo(1, 3);
    const before = await commandCalls(probe);
    for (let i = 0; i < 100; i++) {
      const title = encodeURIComponent(`Articol ${i} despre economie, fotbal și politică externă`);
      const res = await ctx.app.request(
        `/v1/widget?publisher=evz&url=https%3A%2F%2Fwww.evz.ro%2Fa-${i}&title=${title}`,
      );
      expect(res.status).toBe(200);
    }
    expect(delta(before, await commandCalls(probe), background)).toEqual({});
  });

  it('events are written in batches: one script call per flush, not per event', async () => {
    const res0 = await ctx.app.request('/v1/widget?publisher=evz');
    expect(res0.status, await res0.clone().text()).toBe(200);
    const answer = (await res0.json()) as {
      token: string;
      items: { id: string }[];
    };
    const before = await commandCalls(probe);
    for (let i = 0; i < 100; i++) {
      const res = await ctx.app.request('/v1/events', {
        method: 'POST',
        headers: { 'Content-Type': 'text/plain', 'User-Agent': BROWSER },
        body: JSON.stringify({
          token: answer.token,
          type: 'impression',
          items: answer.items.map((x) => x.id),
          impressionId: `ops-view-${String(i).padStart(4, '0')}`,
        }),
      });
      expect(res.status).toBe(204);
    }
    await ctx.services.events.flush();
    await ctx.services.limits.eventsPerToken.settle();
    const used = delta(before, await commandCalls(probe), background);
    // Per event request: nothing. Per flush: one recording script and one XADD; per share of the token's
    // budget (every 100 ms, once here), one script call.
    const scripts = (used.evalsha ?? 0) + (used.eval ?? 0);
    expect(scripts).toBe(1 + 1);
    expect(used.xadd ?? 0).toBe(1);
    // INFO counts the commands scripts run inside too; what must not appear is a read on the request path.
    const reads = [
      'get',
      'mget',
      'hget',
      'hgetall',
      'hvals',
      'hkeys',
      'zrange',
      'zrangebyscore',
      'smembers',
      'exists',
    ];
    expect(Object.keys(used).filter((c) => reads.includes(c))).toEqual([]);
  });
});
