// Store modules that live beside the main store (feeds, thumbnails): on its Redis connection, or one
// embedded twin per memory store so every service of one process shares it.
import { MemoryStore } from './memory.js';
import { RedisStore } from './redis.js';
import type { Store } from './types.js';

export function companionOf<T>(
  store: Store,
  twins: WeakMap<Store, T>,
  make: { redis: (store: RedisStore) => T; memory: () => T },
  what: string,
): T {
  if (store instanceof RedisStore) return make.redis(store);
  if (!(store instanceof MemoryStore)) throw new Error(`no ${what} for a ${store.kind} store`);
  let twin = twins.get(store);
  if (twin === undefined) {
    twin = make.memory();
    twins.set(store, twin);
  }
  return twin;
}
