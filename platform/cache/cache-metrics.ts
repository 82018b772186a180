import { counter } from '../metrics/registry.js';

/** What happened to one cache request or invalidation. */
export type CacheOutcome = 'hit' | 'miss' | 'error' | 'bypass' | 'invalidation' | 'invalidation_error';

const exported = counter('cache_operations_total', 'Query-result cache operations by cache and outcome (hit, miss, error, bypass, invalidation, invalidation_error)', ['cache', 'outcome']);

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
