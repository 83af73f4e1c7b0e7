// Gives every test file a Redis: REDIS_URL when set, else a redis-server started here on a free port.
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { type RedisProcess, startRedis } from './redis-server.js';

let server: RedisProcess | undefined;

declare module 'vitest' {
  export interface ProvidedContext {
    redisUrl: string;
  }
}

export async function setup(project: TestProject): Promise<void> {
  // The browser bundles (embed, dashboard) are served by the app; build them once for the whole run.
  execFileSync(process.execPath, ['scripts/build.mjs', '--browser-only'], { stdio: 'inherit' });
  let url = process.env.REDIS_URL;
  if (!url) {
    server = await startRedis();
    url = server.url;
  }
  project.provide('redisUrl', url);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
