// The Redis store contract on a real 3-master Redis Cluster (REDIS_CLUSTER_NODES in production).

import { Cluster } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore } from '../src/store/redis.js';
import { silentLogger, testPrefix } from './support/harness.js';
import { type RedisCluster, startRedisCluster } from './support/redis-cluster.js';
import { headline, storeContract } from './support/store-contract.js';

let cluster: RedisCluster;

beforeAll(async () => {
  cluster = await startRedisCluster(3);
}, 60_000);
afterAll(async () => {
  await cluster?.stop();
});

const connect = (prefix: string) =>
  RedisStore.connect({ target: { kind: 'cluster', nodes: cluster.nodes }, prefix, logger: silentLogger });

// Each test gets its own prefix; the cluster is thrown away at the end, so nothing to drop.
storeContract('Redis Cluster store', async () => ({
  store: await connect(testPrefix()),
  cleanup: async () => {},
}));

describe('Redis Cluster', () => {
  it('spreads partners over the masters and still reads everything back', async () => {
    const store = await connect(testPrefix());
    const now = Date.now();
    const partners = Array.from({ length: 12 }, (_, i) => `outlet-${i}`);
    for (const id of partners) {
      await store.createPartner(
        { id, name: id, domains: [`${id}.ro`], createdAt: new Date().toISOString() },
        `k-${id}`,
      );
      await store.upsertHeadlines(id, [headline(id, 1, now), headline(id, 2, now)]);
    }
    let n = 0;
    for await (const chunk of store.scanLiveHeadlines(now)) n += chunk.length;
    expect(n).toBe(24);
    // The partners' hash tags land on more than one master.
    const owners = new Set<string>();
    for (const id of partners) {
      const node = store.redis instanceof Cluster ? await nodeOf(store.redis, `{p:${id}}`) : '';
      owners.add(node);
    }
    expect(owners.size).toBeGreaterThan(1);
    await store.close();
  });
});

async function nodeOf(client: Cluster, key: string): Promise<string> {
  const slot = Number(await client.cluster('KEYSLOT', key));
  const ranges = await client.cluster('SLOTS');
  const range = ranges.find(([from, to]) => slot >= from && slot <= to);
  const master = range?.[2];
  return master ? `${master[0]}:${master[1]}` : '';
}
