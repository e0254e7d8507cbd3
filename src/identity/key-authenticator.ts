import type { Store } from '../store/types.js';
import type { Logger } from '../telemetry/logger.js';
import { decideAuthentication, lookUpKey, type AuthenticationResult, type KeyLookup } from './authenticate-key.js';
import { hashApiKey, isWellFormedApiKey } from './keys.js';

export interface KeyAuthenticatorOptions {
  store: Store;
  /**
   * How long a lookup is trusted (default 2 s). It bounds how long a key revoked on another
   * replica keeps working here; 0 disables the cache.
   */
  cacheTtlMs?: number;
  /** Most cached lookups (default 10,000); the oldest is dropped first. */
  maxEntries?: number;
  /**
   * closed (default): a store failure fails the request (STORE_UNAVAILABLE is thrown).
   * open: a key seen valid before is still accepted from the expired cache entry (marked
   * `stale`, logged); a key never seen is still refused, so nothing unverified gets in.
   */
  failMode?: 'closed' | 'open';
  /** In failMode open, the oldest lookup still served while the store is down (default 5 min). */
  maxStaleMs?: number;
  logger?: Logger;
  /** Milliseconds since the epoch; injectable for tests. */
  clock?: () => number;
}

export interface KeyAuthenticator {
  authenticate(presentedKey: string): Promise<AuthenticationResult>;
  /** Forgets every cached lookup (after a local revocation, so this replica refuses at once). */
  clear(): void;
}

interface CacheEntry {
  lookup: KeyLookup;
  /** When the lookup started: an answer is never trusted for longer than the TTL from then. */
  fetchedAt: number;
}

/**
 * Authenticates keys with a small in-process cache, so the hot path usually does no I/O.
 * Concurrent requests with the same uncached key share one lookup. Expiry is re-checked against
 * the clock at every use, so an expiring key is refused on time even when cached.
 */
export function createKeyAuthenticator(options: KeyAuthenticatorOptions): KeyAuthenticator {
  const ttlMs = options.cacheTtlMs ?? 2_000;
  const maxEntries = options.maxEntries ?? 10_000;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, CacheEntry>();
  const pending = new Map<string, Promise<CacheEntry>>();

  function remember(hash: string, entry: CacheEntry): void {
    if (ttlMs === 0 || maxEntries === 0) return;
    cache.delete(hash);
    if (cache.size >= maxEntries) {
      const oldest = cache.keys().next();
      if (oldest.done !== true) cache.delete(oldest.value);
    }
    cache.set(hash, entry);
  }

  function fetch(hash: string, presentedKey: string): Promise<CacheEntry> {
    let promise = pending.get(hash);
    if (promise === undefined) {
      const fetchedAt = clock();
      promise = lookUpKey(options.store, presentedKey)
        .then((lookup) => {
          const entry = { lookup, fetchedAt };
          remember(hash, entry);
          return entry;
        })
        .finally(() => pending.delete(hash));
      pending.set(hash, promise);
    }
    return promise;
  }

  return {
    async authenticate(presentedKey: string): Promise<AuthenticationResult> {
      // Junk never costs a hash, a lookup or a cache slot.
      if (!isWellFormedApiKey(presentedKey)) return { ok: false, reason: 'unknown' };
      const hash = hashApiKey(presentedKey);
      const cached = cache.get(hash);
      if (cached !== undefined && clock() - cached.fetchedAt < ttlMs) {
        return decideAuthentication(cached.lookup, new Date(clock()));
      }
      try {
        const entry = await fetch(hash, presentedKey);
        return decideAuthentication(entry.lookup, new Date(clock()));
      } catch (error) {
        const maxStaleMs = options.maxStaleMs ?? 300_000;
        if (options.failMode !== 'open' || cached === undefined || clock() - cached.fetchedAt >= maxStaleMs) throw error;
        const result = decideAuthentication(cached.lookup, new Date(clock()));
        if (!result.ok) return result;
        options.logger?.warn(
          { keyId: result.principal.keyId, code: 'STORE_UNAVAILABLE' },
          'store unavailable: key accepted from a stale cache entry (failMode open)',
        );
        return { ...result, stale: true };
      }
    },
    clear: () => cache.clear(),
  };
}
