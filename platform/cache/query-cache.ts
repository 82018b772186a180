import type { Logger } from '../logging/logger.js';
import { countCache, countInvalidations } from './cache-metrics.js';
import { EPOCH_TAG, EpochTrust } from './epoch-trust.js';
import type { CacheStore } from './cache-store.js';

export interface CacheRequest {
  /** What is asked (query and arguments), unique within the cache's name. */
  key: string;
  /** What the answer depends on: bumping any of these tags makes it stale. */
  tags: readonly string[];
  ttlSeconds: number;
}

/**
 * Query results, cached. Never wrong and never the reason a request fails:
 * a store that errs or is slow is skipped and the database answers.
 */
export interface QueryCache {
  readonly kind: 'redis' | 'memory' | 'off';
  /**
   * The cached answer, or `compute()` stored for the next caller.
   * Concurrent misses of one entry in this process compute once.
   */
  getOrCompute<T>(request: CacheRequest, compute: () => Promise<T>): Promise<T>;
  /**
   * Many entries at once (a DataLoader batch): what is cached comes from the
   * cache, the rest from one call of `computeMissing` with the requests that
   * missed (it answers in their order).
   */
  getOrComputeMany<T>(requests: readonly CacheRequest[], computeMissing: (missed: readonly CacheRequest[]) => Promise<T[]>): Promise<T[]>;
  /** After a change has committed: every entry tagged with one of these becomes stale. Never throws. */
  invalidate(tags: readonly string[]): Promise<void>;
  /** Resolves once answers may come from the cache (a Redis cache first resets its epoch); never rejects. */
  ready(timeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export { EPOCH_TAG } from './epoch-trust.js';

/** JSON that keeps Dates. */
export function serialize(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key, v) {
    const raw = this[key];
    return raw instanceof Date ? { $date: raw.toISOString() } : v;
  });
}

/** Turns `{ $date }` back into Dates, in place. */
function reviveDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = reviveDates(value[i]);
    return value;
  }
  const object = value as Record<string, unknown>;
  if (typeof object.$date === 'string' && Object.keys(object).length === 1) return new Date(object.$date);
  for (const key in object) object[key] = reviveDates(object[key]);
  return object;
}

/** A plain parse then a walk: a JSON.parse reviver (called for every value) took about 2.5 times as long on a cached stock page. */
export function deserialize<T>(text: string): T {
  return reviveDates(JSON.parse(text)) as T;
}

export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`cache operation timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface QueryCacheOptions {
  /** Name in the metrics (stock, reports …). */
  name: string;
  store: CacheStore;
  /** A store operation slower than this is given up on. */
  timeoutMs: number;
  /** A bump slower than this is given up on (default timeoutMs): longer where it waits for other processes to apply it. */
  invalidateTimeoutMs?: number;
  /** Answers larger than this are not cached. */
  maxEntryBytes?: number;
  logger?: Logger;
  /**
   * The store may have lost invalidations before this process connected
   * (Redis): it is bypassed until its connection calls distrust(), which
   * resets the epoch, as every reconnection does.
   */
  startsUntrusted?: boolean;
}

/**
 * A QueryCache over a store (Redis or in-process LRU). When an invalidation
 * may have been lost (the store failed or timed out while a write was
 * invalidating, or Redis reconnected and may have restarted), this process
 * reads from the database until it has bumped the epoch tag, which makes
 * every older entry unreachable; it keeps trying by itself.
 */
export class StoreQueryCache implements QueryCache {
  readonly kind: 'redis' | 'memory';
  private readonly flights = new Map<string, Promise<unknown>>();
  private readonly trust: EpochTrust;

  constructor(private readonly options: QueryCacheOptions) {
    this.kind = options.store.kind;
    this.trust = new EpochTrust({
      resetEpoch: () => withTimeout(options.store.bump([EPOCH_TAG]), options.timeoutMs * 5),
      // An untrusted store is reset on its first connection (its onReady calls distrust()).
      startsUntrusted: options.startsUntrusted,
      onUsableAgain: () => options.logger?.info({ cache: options.name }, 'cache usable again'),
    });
  }

  /** The store may hold entries whose invalidation was lost: bypass it until the epoch is bumped. */
  distrust(): void {
    this.trust.distrust();
  }

  async getOrCompute<T>(request: CacheRequest, compute: () => Promise<T>): Promise<T> {
    const { name } = this.options;
    if (!this.trust.trusted) {
      countCache(name, 'bypass');
      return compute();
    }
    const fullKey = `${name}:${request.key}`;
    let lookup: { versionedKey: string; value: string | undefined };
    try {
      lookup = await withTimeout(this.options.store.lookup(fullKey, [EPOCH_TAG, ...request.tags]), this.options.timeoutMs);
    } catch {
      countCache(name, 'error');
      return compute();
    }
    if (lookup.value !== undefined) {
      countCache(name, 'hit');
      return deserialize<T>(lookup.value);
    }
    countCache(name, 'miss');
    const inFlight = this.flights.get(lookup.versionedKey);
    if (inFlight) return inFlight as Promise<T>;
    const flight = (async () => {
      const value = await compute();
      const text = serialize(value);
      if (text.length <= (this.options.maxEntryBytes ?? 1_000_000)) {
        await withTimeout(this.options.store.set(lookup.versionedKey, text, request.ttlSeconds), this.options.timeoutMs).catch(() => countCache(name, 'error'));
      }
      return value;
    })().finally(() => this.flights.delete(lookup.versionedKey));
    this.flights.set(lookup.versionedKey, flight);
    return flight;
  }

  async getOrComputeMany<T>(requests: readonly CacheRequest[], computeMissing: (missed: readonly CacheRequest[]) => Promise<T[]>): Promise<T[]> {
    const { name, store, timeoutMs } = this.options;
    if (requests.length === 0) return [];
    if (!this.trust.trusted) {
      countCache(name, 'bypass', requests.length);
      return computeMissing(requests);
    }
    let lookups: Array<{ versionedKey: string; value: string | undefined }>;
    try {
      lookups = await withTimeout(store.lookupMany(requests.map((r) => ({ key: `${name}:${r.key}`, tags: [EPOCH_TAG, ...r.tags] }))), timeoutMs);
    } catch {
      countCache(name, 'error', requests.length);
      return computeMissing(requests);
    }
    const results: T[] = new Array(requests.length);
    const missed: number[] = [];
    lookups.forEach((lookup, i) => {
      if (lookup.value === undefined) missed.push(i);
      else results[i] = deserialize<T>(lookup.value);
    });
    countCache(name, 'hit', requests.length - missed.length);
    if (missed.length === 0) return results;
    countCache(name, 'miss', missed.length);
    const computed = await computeMissing(missed.map((i) => requests[i]!));
    await withTimeout(
      Promise.all(
        missed.map((i, j) => {
          results[i] = computed[j]!;
          const text = serialize(computed[j]);
          return text.length <= (this.options.maxEntryBytes ?? 1_000_000) ? store.set(lookups[i]!.versionedKey, text, requests[i]!.ttlSeconds) : undefined;
        }),
      ),
      timeoutMs,
    ).catch(() => countCache(name, 'error'));
    return results;
  }

  ready(timeoutMs?: number): Promise<boolean> {
    return this.trust.ready(timeoutMs);
  }

  async invalidate(tags: readonly string[]): Promise<void> {
    if (tags.length === 0) return;
    // Not connected yet or recovering: the epoch reset to come makes every entry stale anyway.
    if (this.trust.resetting) {
      countCache(this.options.name, 'invalidation');
      return;
    }
    try {
      const unique = [...new Set(tags)];
      await withTimeout(this.options.store.bump(unique), this.options.invalidateTimeoutMs ?? this.options.timeoutMs);
      countCache(this.options.name, 'invalidation');
      countInvalidations('write', unique);
    } catch (error) {
      countCache(this.options.name, 'invalidation_error');
      // While untrusted the cache is bypassed and will be reset anyway: nothing to report.
      if (this.trust.trusted) this.options.logger?.warn({ err: error, cache: this.options.name }, 'cache invalidation failed; reading from the database until the cache is reset');
      this.distrust();
    }
  }

  async close(): Promise<void> {
    this.trust.close();
    await this.options.store.close();
  }
}

/** CACHE_ENABLED=false: every request computes. */
export class NoQueryCache implements QueryCache {
  readonly kind = 'off' as const;
  getOrCompute<T>(_: CacheRequest, compute: () => Promise<T>): Promise<T> {
    return compute();
  }
  getOrComputeMany<T>(requests: readonly CacheRequest[], computeMissing: (missed: readonly CacheRequest[]) => Promise<T[]>): Promise<T[]> {
    return requests.length ? computeMissing(requests) : Promise.resolve([]);
  }
  async invalidate(): Promise<void> {}
  async ready(): Promise<boolean> {
    return true;
  }
  async close(): Promise<void> {}
}
