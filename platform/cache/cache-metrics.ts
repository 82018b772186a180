import { counter } from '../metrics/registry.js';

/** What happened to one cache request or invalidation. */
export type CacheOutcome = 'hit' | 'miss' | 'error' | 'bypass' | 'invalidation' | 'invalidation_error';

const exported = counter('cache_operations_total', 'Query-result cache operations by cache and outcome (hit, miss, error, bypass, invalidation, invalidation_error)', ['cache', 'outcome']);

/** Where a tag bump came from: a subgraph's write, the router's operator endpoint, or an epoch reset after a lost connection. */
export type InvalidationOrigin = 'write' | 'operator' | 'reset';

const invalidations = counter(
  'cache_invalidations_total',
  'Tags bumped, by origin (write, operator, reset) and tag family: each makes the entries carrying it stale in every subgraph cache and in the routers\' response cache; the service label says which process bumped',
  ['origin', 'family'],
);

/** The family of a tag: its kind without the id (`stock:location:<id>` → `stock:location`), a bounded label. */
export function tagFamily(tag: string): string {
  const parts = tag.split(':');
  return parts.length > 2 ? parts.slice(0, 2).join(':') : tag;
}

/** Counts tags bumped (on /metrics as cache_invalidations_total). */
export function countInvalidations(origin: InvalidationOrigin, tags: readonly string[]): void {
  for (const tag of tags) invalidations.inc({ origin, family: tagFamily(tag) });
}

const counts = new Map<string, Record<CacheOutcome, number>>();

const zero = (): Record<CacheOutcome, number> => ({ hit: 0, miss: 0, error: 0, bypass: 0, invalidation: 0, invalidation_error: 0 });

/** Counts one outcome of a named cache (also exported on /metrics as cache_operations_total). */
export function countCache(cache: string, outcome: CacheOutcome, n = 1): void {
  const entry = counts.get(cache) ?? zero();
  entry[outcome] += n;
  counts.set(cache, entry);
  exported.inc({ cache, outcome }, n);
}

/** Counts so far, per cache (tests, the benchmark). */
export function cacheCounts(cache: string): Record<CacheOutcome, number> {
  return { ...(counts.get(cache) ?? zero()) };
}
