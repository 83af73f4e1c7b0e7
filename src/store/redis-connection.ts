// The Redis plumbing every Redis store module shares: one way to create the ioredis client or Cluster, every
// .lua script registered on it once (defineCommand handles EVALSHA/NOSCRIPT), and `runRedis`, which turns a
// connection failure into StoreUnavailableError (503 at the API).
import { readFileSync } from 'node:fs';
import { Cluster, Redis, type Result } from 'ioredis';
import { ConflictError, NotFoundError, StoreUnavailableError } from '../errors.js';

type Args = (string | number)[];

declare module 'ioredis' {
  interface RedisCommander<Context> {
    csUpsertHeadlines(numKeys: number, ...args: Args): Result<string[], Context>;
    csDeleteHeadline(numKeys: number, ...args: Args): Result<number, Context>;
    csListHeadlines(numKeys: number, ...args: Args): Result<string[], Context>;
    csRecordEvents(numKeys: number, ...args: Args): Result<string, Context>;
    csRecordLearning(numKeys: number, ...args: Args): Result<number, Context>;
    csFeedCreate(numKeys: number, ...args: Args): Result<number, Context>;
    csFeedDelete(numKeys: number, ...args: Args): Result<number, Context>;
    csFeedSaveState(numKeys: number, ...args: Args): Result<number, Context>;
    csLeaseRelease(numKeys: number, ...args: Args): Result<number, Context>;
    csThumbsPut(numKeys: number, ...args: (string | number | Buffer)[]): Result<number, Context>;
    csRateLimitAdd(numKeys: number, ...args: Args): Result<number[], Context>;
  }
}

/** Every script of src/store/lua/, by the command name it is registered under. */
export const LUA_SCRIPTS = {
  csUpsertHeadlines: 'upsert-headlines.lua',
  csDeleteHeadline: 'delete-headline.lua',
  csListHeadlines: 'list-headlines.lua',
  csRecordEvents: 'record-events.lua',
  csRecordLearning: 'record-learning.lua',
  csFeedCreate: 'feed-create.lua',
  csFeedDelete: 'feed-delete.lua',
  csFeedSaveState: 'feed-save-state.lua',
  csLeaseRelease: 'lease-release.lua',
  csThumbsPut: 'thumbs-put.lua',
  csRateLimitAdd: 'rate-limit-add.lua',
} as const;

export type RedisTarget =
  | { kind: 'single'; url: string }
  | { kind: 'cluster'; nodes: readonly { host: string; port: number }[] };

export type RedisClient = Redis | Cluster;

let sources: Map<string, string> | undefined;

/** The scripts' text, read from disk once per process. */
function scriptSources(): Map<string, string> {
  sources ??= new Map(
    Object.entries(LUA_SCRIPTS).map(([name, file]) => [
      name,
      readFileSync(new URL(`./lua/${file}`, import.meta.url), 'utf8'),
    ]),
  );
  return sources;
}

/**
 * A client whose commands fail fast while Redis is away, instead of queueing forever, with every script
 * registered. Not connected yet (lazyConnect): call connect().
 */
export function createRedisClient(target: RedisTarget, timeoutMs = 2000): RedisClient {
  const common = {
    commandTimeout: timeoutMs,
    connectTimeout: Math.max(timeoutMs, 2000),
    maxRetriesPerRequest: 1,
    enableAutoPipelining: true,
    lazyConnect: true,
  };
  const retry = (attempt: number) => Math.min(100 * 2 ** attempt, 2000);
  const client =
    target.kind === 'single'
      ? new Redis(target.url, { ...common, enableOfflineQueue: false, retryStrategy: retry })
      : new Cluster([...target.nodes], {
          redisOptions: common,
          enableOfflineQueue: false,
          enableAutoPipelining: true,
          clusterRetryStrategy: retry,
          lazyConnect: true,
        });
  for (const [name, lua] of scriptSources()) client.defineCommand(name, { lua });
  return client;
}

/** True for the errors ioredis raises while Redis cannot be reached (as opposed to a bad command). */
export function isConnectionError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  return /Connection is closed|Stream isn't writeable|enableOfflineQueue|Command timed out|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|no Redis node|CLUSTERDOWN|MaxRetriesPerRequest|LOADING|None of startup nodes/i.test(
    err.message,
  );
}

/** Runs one Redis call; a connection failure becomes StoreUnavailableError, the store's own errors pass. */
export async function runRedis<T>(command: () => Promise<T> | undefined): Promise<T> {
  try {
    const result = command();
    if (result === undefined) throw new Error('no Redis node available');
    return await result;
  } catch (err) {
    if (err instanceof ConflictError || err instanceof NotFoundError) throw err;
    if (isConnectionError(err)) throw new StoreUnavailableError('Redis is unreachable', { cause: err });
    throw err;
  }
}
