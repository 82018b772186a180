import { EPOCH_TAG, EpochTrust } from '../cache/epoch-trust.js';
import { withTimeout } from '../cache/query-cache.js';
import type { Logger } from '../logging/logger.js';
import type { ResponseCacheEntry, ResponseCacheStore } from './response-cache-store.js';

export interface ResponseCacheOptions {
  store: ResponseCacheStore;
  /** A store operation slower than this is given up on (the subgraph answers). */
  timeoutMs: number;
  /** A bump slower than this is given up on (default timeoutMs): longer where it waits for other processes to apply it. */
  invalidateTimeoutMs?: number;
  logger?: Logger;
  /** Redis: bypassed until its connection calls distrust() once, which resets the epoch (as every reconnection does). */
  startsUntrusted?: boolean;
}

/**
 * The router's response cache over a store. Never the reason a request
 * fails or gets an old answer: a store that errs or is slow is skipped; when
 * an invalidation may have been lost (a bump failed, Redis reconnected and
 * may have restarted), nothing is read or stored until the epoch tag, which
 * every entry carries, has been bumped.
 */
export class ResponseCache {
  readonly kind: 'redis' | 'memory';
  private readonly trust: EpochTrust;

  constructor(private readonly options: ResponseCacheOptions) {
    this.kind = options.store.kind;
    this.trust = new EpochTrust({ resetEpoch: () => withTimeout(options.store.bump([EPOCH_TAG]), options.timeoutMs * 5), startsUntrusted: options.startsUntrusted });
  }

  /**
   * Before a fetch, in one round trip: the position to store its answers
   * against (`since`; undefined: bypass the cache for this fetch, nothing
   * read) and the valid entries by key, in order (undefined where none).
   */
  async lookup(keys: readonly string[]): Promise<{ since: number | undefined; values: Array<string | undefined> }> {
    const none = { since: undefined, values: keys.map(() => undefined) };
    if (!this.trust.trusted) return none;
    try {
      const { position, values } = await withTimeout(this.options.store.lookup(keys), this.options.timeoutMs);
      return { since: position, values };
    } catch {
      return none;
    }
  }

  /** Stores answers fetched after `since` (from lookup()); those whose tags moved since are not stored. How many were. */
  async write(entries: readonly ResponseCacheEntry[], since: number): Promise<number> {
    if (!this.trust.trusted || entries.length === 0) return 0;
    const tagged = entries.map((e) => ({ ...e, tags: [EPOCH_TAG, ...new Set(e.tags)] }));
    try {
      return await withTimeout(this.options.store.writeMany(tagged, since), this.options.timeoutMs);
    } catch {
      return 0;
    }
  }

  /** Makes every entry tagged with one of these stale; never throws. False when the store could not be reached (the cache is then bypassed until reset). */
  async invalidate(tags: readonly string[]): Promise<boolean> {
    if (tags.length === 0) return true;
    if (this.trust.resetting) return true; // the epoch reset to come makes everything stale anyway
    try {
      await withTimeout(this.options.store.bump([...new Set(tags)]), this.options.invalidateTimeoutMs ?? this.options.timeoutMs);
      return true;
    } catch (error) {
      if (this.trust.trusted) this.options.logger?.warn({ err: error }, 'response cache invalidation failed; bypassing it until it is reset');
      this.distrust();
      return false;
    }
  }

  /** The store may hold entries whose invalidation was lost: bypass it until the epoch is bumped (retried by itself). */
  distrust(): void {
    this.trust.distrust();
  }

  /** Resolves once answers may come from the cache; never rejects. */
  ready(timeoutMs?: number): Promise<boolean> {
    return this.trust.ready(timeoutMs);
  }

  async close(): Promise<void> {
    this.trust.close();
    await this.options.store.close();
  }
}
