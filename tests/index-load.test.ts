// A start-up's bulk load on two threads (services/index-load.ts) builds the index a load on one thread
// builds: the same answers for every host of the evaluation sets, scores to the last bits.
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headline } from '../src/domain.js';
import type { RankQuery } from '../src/ranking/index.js';
import type { LoadWorkerOptions } from '../src/services/index-load.js';
import { LiveIndex } from '../src/services/live-index.js';
import type { RedisStore } from '../src/store/redis.js';
import { loadEvalSet } from './fixtures/eval/harness.js';
import { createTestRedisStore, dropPrefix, testPrefix } from './support/harness.js';

const sets = [loadEvalSet('./set-a.json'), loadEvalSet('./set-b.json')];
const nowMs = Math.max(...sets.map((set) => Date.parse(set.now)));
// Several chunks of the store's scan (1,000 headlines each) and a stream large enough that the load learns
// the topic model itself: the evaluation sets' headlines, each several times under other ids and URLs.
const COPIES = 9;
const stream: Headline[] = sets.flatMap((set, k) =>
  set.headlines.flatMap(({ topic: _t, story: _s, ...h }, i) =>
    Array.from({ length: COPIES }, (_, c) => ({
      ...h,
      id: `${k}-${c}-${h.id}`,
      url: `${h.url}-${k}-${c}`,
      publishedAt: new Date(Date.parse(h.publishedAt) - (i * COPIES + c) * 7_000).toISOString(),
      expiresAt: new Date(Math.max(nowMs, Date.now()) + 48 * 3_600_000).toISOString(),
      updatedAt: new Date(nowMs).toISOString(),
    })),
  ),
);

describe('the bulk load with a worker thread', () => {
  const prefix = testPrefix();
  let store: RedisStore;
  beforeAll(async () => {
    store = await createTestRedisStore(prefix);
    const partners = [...new Set(stream.map((h) => h.partnerId))];
    for (const id of partners)
      await store.createPartner(
        { id, name: id, domains: [`${id}.ro`], createdAt: new Date().toISOString() },
        `k-${id}`,
      );
    for (const id of partners) {
      const own = stream.filter((h) => h.partnerId === id);
      for (let i = 0; i < own.length; i += 500) await store.upsertHeadlines(id, own.slice(i, i + 500));
    }
  });
  afterAll(async () => {
    await store.close();
    await dropPrefix(prefix);
  });

  const started = async (loadWorker: 'off' | 'eager', loadWorkerOptions?: LoadWorkerOptions) => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const live = new LiveIndex(store, {
      ranking: { halfLifeHours: 24 },
      now: () => nowMs,
      logger,
      loadWorker,
      ...(loadWorkerOptions && { loadWorkerOptions }),
    });
    await live.start();
    live.stop();
    const built = lines.map((l) => JSON.parse(l) as { msg: string; analysedByWorker?: number });
    return {
      live,
      said: built.map((l) => l.msg),
      analysedByWorker: built.find((l) => l.msg === 'index built from the store')?.analysedByWorker,
    };
  };
  const queries = (): RankQuery[] =>
    sets.flatMap((set) =>
      set.hosts.map((host, i) => {
        let seed = i + 1;
        const q: RankQuery = {
          articleUrl: host.url,
          limit: 6,
          maxPerOutlet: 2,
          nowMs,
          excludePartners: new Set([host.outlet]),
          engagement: () => undefined,
          random: () => {
            seed = (seed * 16807) % 2147483647;
            return seed / 2147483647;
          },
        };
        if (host.title !== undefined) q.title = host.title;
        if (host.section !== undefined) q.section = host.section;
        if (host.keywords !== undefined) q.keywords = host.keywords;
        return q;
      }),
    );

  it('serves what a load on one thread serves', async () => {
    const one = await started('off');
    const two = await started('eager');
    expect(one.live.size).toBe(stream.length);
    expect(two.live.size).toBe(stream.length);
    expect(one.analysedByWorker).toBe(0);
    // The worker took part.
    expect(two.analysedByWorker).toBeGreaterThan(0);
    const asked = (live: LiveIndex) => queries().map((q) => live.index.rank(q));
    const boxes = (answers: ReturnType<typeof asked>) =>
      answers.map((box) => box.map((r) => `${r.headline.id} ${r.reason}`));
    const answers = asked(one.live);
    const other = asked(two.live);
    expect(answers.filter((a) => a.length === 6).length).toBeGreaterThan(answers.length / 2);
    expect(boxes(other)).toEqual(boxes(answers));
    // Scores to the last bits only: the headlines came in another order (as a load on one thread whose scan
    // ran in another order, a sum may round differently in its last bit).
    for (const [i, box] of other.entries())
      for (const [j, r] of box.entries()) {
        const want = answers[i]?.[j];
        expect(Math.abs(r.score - (want?.score ?? 0))).toBeLessThan(1e-12);
        expect(Math.abs(r.relevance - (want?.relevance ?? 0))).toBeLessThan(1e-12);
      }
    const some = stream[1234] as Headline;
    expect(two.live.headline(some.id)).toEqual(one.live.headline(some.id));
  }, 60_000);
  /** The service's worker (run from source through tsx), with `before` run in it ahead of the worker's code. */
  const workerWith = (before: string) => () =>
    new Worker(
      `${before}\nimport('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
        new URL('../src/services/index-load-worker.ts', import.meta.url).href,
      )}); });`,
      { eval: true },
    );
  const boxesOf = (live: LiveIndex) =>
    queries().map((q) => live.index.rank(q).map((r) => `${r.headline.id} ${r.reason}`));

  it('loads on one thread when the worker stays silent, and serves the same', async () => {
    const one = await started('off');
    // Up, then deaf to every message: without a limit on its silence the load would wait for ever.
    const silent = () =>
      new Worker(
        "const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ type: 'ready' }); setInterval(() => {}, 60_000);",
        { eval: true },
      );
    const two = await started('eager', { start: silent, stallMs: 300 });
    expect(two.said).toContain('index load worker failed; loading on one thread');
    expect(two.live.size).toBe(stream.length);
    expect(boxesOf(two.live)).toEqual(boxesOf(one.live));
  }, 60_000);

  it('computes here the distributions a worker that failed at the end owed, says so, and serves the same', async () => {
    const one = await started('off');
    const failing = workerWith(
      "require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'distributions') process.exit(3); });",
    );
    const two = await started('eager', { start: failing });
    expect(two.analysedByWorker).toBeGreaterThan(0);
    expect(two.said).toContain(
      'index load worker failed at the end; its share of the distributions computed on this thread',
    );
    expect(two.said).not.toContain('index load worker failed; loading on one thread');
    expect(boxesOf(two.live)).toEqual(boxesOf(one.live));
  }, 60_000);
});
