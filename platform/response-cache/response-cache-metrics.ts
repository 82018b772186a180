import { counter } from '../metrics/registry.js';

/** What happened to one cacheable part of a subgraph fetch (a root fetch, or one entity representation). */
/** bypass: the store unreachable, slow or being reset, or a service asking. */
export type ResponseCacheOutcome = 'hit' | 'miss' | 'bypass' | 'uncacheable';

const operations = counter(
  'response_cache_operations_total',
  'Router response cache: root fetches and entity representations by subgraph, type and outcome (hit, miss, bypass, uncacheable)',
  ['subgraph', 'type', 'outcome'],
);
const bytes = counter('response_cache_bytes_total', 'Router response cache: bytes served from it (hit) and stored into it (stored), by subgraph and type', ['subgraph', 'type', 'direction']);

const counts = new Map<string, number>();

/** Counts one outcome (also on /metrics); `countOf` reads it back (tests, the benchmark). */
export function countResponseCache(subgraph: string, type: string, outcome: ResponseCacheOutcome, n = 1): void {
  if (n === 0) return;
  operations.inc({ subgraph, type, outcome }, n);
  const key = `${subgraph}|${type}|${outcome}`;
  counts.set(key, (counts.get(key) ?? 0) + n);
}

export function responseCacheCount(subgraph: string, type: string, outcome: ResponseCacheOutcome): number {
  return counts.get(`${subgraph}|${type}|${outcome}`) ?? 0;
}

export function countResponseCacheBytes(subgraph: string, type: string, direction: 'hit' | 'stored', n: number): void {
  bytes.inc({ subgraph, type, direction }, n);
}
