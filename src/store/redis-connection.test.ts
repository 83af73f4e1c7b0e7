import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { StoreUnavailableError } from '../errors.js';
import { createRedisClient, isConnectionError, LUA_SCRIPTS, runRedis } from './redis-connection.js';

describe('createRedisClient', () => {
  it('registers every script of src/store/lua under its command name', () => {
    const files = readdirSync(new URL('./lua/', import.meta.url)).filter((f) => f.endsWith('.lua'));
    expect(Object.values(LUA_SCRIPTS).sort()).toEqual(files.sort());
    // Not connected (lazyConnect): defineCommand works on a client that has not met Redis yet.
    const client = createRedisClient({ kind: 'single', url: 'redis://127.0.0.1:1' });
    for (const name of Object.keys(LUA_SCRIPTS)) expect(typeof Reflect.get(client, name)).toBe('function');
    client.disconnect();
  });
});

describe('runRedis', () => {
  it('turns a connection failure into StoreUnavailableError and lets other errors through', async () => {
    const refused = new Error('connect ECONNREFUSED 127.0.0.1:6379');
    expect(isConnectionError(refused)).toBe(true);
    await expect(runRedis(() => Promise.reject(refused))).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(runRedis(() => undefined)).rejects.toBeInstanceOf(StoreUnavailableError);
    const wrongType = new Error('WRONGTYPE Operation against a key holding the wrong kind of value');
    await expect(runRedis(() => Promise.reject(wrongType))).rejects.toBe(wrongType);
  });
});
