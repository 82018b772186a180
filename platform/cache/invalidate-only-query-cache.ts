import type { CacheRequest, QueryCache } from './query-cache.js';

/**
 * CACHE_ENABLED=false with REDIS_URL: this process caches nothing, but its
 * writes still bump their tags in Redis, where the router's response cache
 * (docs/response-cache.md) checks the versions of the tags its entries were
 * stored with. Without it, turning a subgraph's own cache off would leave
 * the router serving answers that no write invalidates.
 */
export class InvalidateOnlyQueryCache implements QueryCache {
  readonly kind = 'off' as const;
  constructor(private readonly bumping: QueryCache) {}
  getOrCompute<T>(_: CacheRequest, compute: () => Promise<T>): Promise<T> {
    return compute();
  }
  getOrComputeMany<T>(requests: readonly CacheRequest[], computeMissing: (missed: readonly CacheRequest[]) => Promise<T[]>): Promise<T[]> {
    return requests.length ? computeMissing(requests) : Promise.resolve([]);
  }
  invalidate(tags: readonly string[]): Promise<void> {
    return this.bumping.invalidate(tags);
  }
  async ready(): Promise<boolean> {
    return true;
  }
  close(): Promise<void> {
    return this.bumping.close();
  }
}
