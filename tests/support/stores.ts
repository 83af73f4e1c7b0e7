// The two stores every API test runs on: the embedded store and real Redis.
import { createRedisTestContext, createTestContext, type TestContext } from './harness.js';

export const STORES: [string, (options?: Parameters<typeof createTestContext>[0]) => Promise<TestContext>][] =
  [
    ['embedded store', (options) => createTestContext(options)],
    ['Redis', (options) => createRedisTestContext(options)],
  ];
