// Start-up from Redis measured in-process, step by step: N synthetic headlines (bench/synthetic.ts) stored
// through the Redis store on a fresh redis-server, then the scan alone (read + parse), then the index built
// from the store as a starting instance builds it (LiveIndex.start). `npx tsx bench/startup.ts [--headlines N]
// [--runs N]`.
import type { Headline } from '../src/domain.js';
import { createLogger } from '../src/log.js';
import { headlineId } from '../src/services/headlines.js';
import { LiveIndex } from '../src/services/live-index.js';
import { RedisStore } from '../src/store/redis.js';
import { startRedis } from '../tests/support/redis-server.js';
import { numberArg } from './args.js';
import { OUTLETS, seeded, syntheticHeadline } from './synthetic.js';

const size = numberArg('headlines', 100_000);
const runs = numberArg('runs', 3);
const logger = createLogger('silent');
const redis = await startRedis();
const store = await RedisStore.connect({ target: { kind: 'single', url: redis.url }, prefix: 'su:', logger });
try {
  const random = seeded(1000);
  const now = Date.now();
  for (const id of OUTLETS)
    await store.createPartner(
      { id, name: id, domains: [`${id}.ro`], createdAt: new Date().toISOString() },
      `k-${id}`,
    );
  for (let i = 0; i < size; i += 500) {
    const outlet = OUTLETS[(i / 500) % OUTLETS.length] ?? 'outlet-0';
    const batch: Headline[] = [];
    for (let j = 0; j < Math.min(500, size - i); j++) {
      const item = syntheticHeadline(outlet, i + j, random, now);
      const h: Headline = {
        ...item,
        id: headlineId(outlet, item.url),
        partnerId: outlet,
        expiresAt: new Date(now + 48 * 3_600_000).toISOString(),
        updatedAt: new Date(now).toISOString(),
      };
      batch.push(h);
    }
    await store.upsertHeadlines(outlet, batch);
  }
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  for (let r = 0; r < runs; r++) {
    let t = performance.now();
    let c = cpu();
    let n = 0;
    for await (const chunk of store.scanLiveHeadlines(Date.now())) n += chunk.length;
    const scanMs = performance.now() - t;
    const scanCpu = cpu() - c;
    global.gc?.();
    const heapBefore = process.memoryUsage();
    t = performance.now();
    c = cpu();
    const live = new LiveIndex(store, { ranking: { halfLifeHours: 24 }, now: () => Date.now(), logger });
    await live.start();
    const buildMs = performance.now() - t;
    const buildCpu = cpu() - c;
    live.stop();
    global.gc?.();
    const after = process.memoryUsage();
    const mb = (b: number) => (b / 2 ** 20).toFixed(0);
    process.stdout.write(
      `run ${r + 1}: ${n} headlines | scan alone ${scanMs.toFixed(0)} ms (CPU ${scanCpu.toFixed(0)}) | start (scan + index) ${buildMs.toFixed(0)} ms (CPU ${buildCpu.toFixed(0)}) | index ${live.size}: heap +${mb(after.heapUsed - heapBefore.heapUsed)} MB, buffers +${mb(after.arrayBuffers - heapBefore.arrayBuffers)} MB, RSS ${mb(after.rss)} MB\n`,
    );
  }
} finally {
  await store.close();
  await redis.stop();
}
