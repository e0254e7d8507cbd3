import type { Store, TeamRecord } from '../store/types.js';

export interface TeamCache {
  /** The team's record (limits and budget), or null when it has none. */
  get(id: string): Promise<TeamRecord | null>;
  clear(): void;
}

/**
 * Team records for SSO principals (keys read their team with the key), cached for the same short
 * TTL as keys, so a changed team limit reaches every replica within seconds without a store
 * round trip per request. Concurrent misses for one team share a lookup.
 */
export function createTeamCache(store: Store, ttlMs: number, maxEntries = 10_000, clock: () => number = Date.now): TeamCache {
  const cache = new Map<string, { record: TeamRecord | null; fetchedAt: number }>();
  const pending = new Map<string, Promise<TeamRecord | null>>();

  function fetch(id: string): Promise<TeamRecord | null> {
    let promise = pending.get(id);
    if (promise === undefined) {
      const fetchedAt = clock();
      promise = store.teams
        .get(id)
        .then((record) => {
          if (ttlMs > 0 && maxEntries > 0) {
            if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
            cache.set(id, { record, fetchedAt });
          }
          return record;
        })
        .finally(() => pending.delete(id));
      pending.set(id, promise);
    }
    return promise;
  }

  return {
    async get(id: string): Promise<TeamRecord | null> {
      const cached = cache.get(id);
      if (cached !== undefined && clock() - cached.fetchedAt < ttlMs) return cached.record;
      return fetch(id);
    },
    clear: () => cache.clear(),
  };
}
