import { cpuPerRequest, type Watched } from './process-cpu.js';
import type { ScaleOperation, ScaleSetting } from './scale-operations.js';

export interface OperationFigures {
  /** The first request after the system started (empty caches, no plans, no warm JIT). */
  coldMs: number;
  /** Median of the requests after it. */
  warmMs: number;
  warmMaxMs: number;
  /** Largest response body. */
  responseBytes: number;
  /** CPU of each process per request, cold and warm requests together. */
  cpuMsPerRequest: Record<string, number>;
  /** The first GraphQL error, when an answer had one (the row then fails). */
  error?: string;
}

export interface FetchSizes {
  subgraph: string;
  direction: string;
  fetches: number;
  /** Fetches above 1 MB. */
  above1MB: number;
  /** Upper bound of the smallest histogram bucket that holds every fetch (bytes), Infinity past the last. */
  atMostBytes: number;
}

async function timed(routerUrl: string, request: { query: string; variables: Record<string, unknown>; token: string }) {
  const started = performance.now();
  const res = await fetch(routerUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${request.token}` },
    body: JSON.stringify({ query: request.query, variables: request.variables }),
  });
  const text = await res.text();
  const ms = performance.now() - started;
  let error: string | undefined;
  try {
    const body = JSON.parse(text) as { data?: unknown; errors?: Array<{ message: string; extensions?: { code?: string } }> };
    if (body.errors?.length || !body.data) error = body.errors ? `${body.errors[0]!.extensions?.code ?? ''} ${body.errors[0]!.message}` : 'no data';
  } catch {
    error = `HTTP ${res.status}: ${text.slice(0, 200)}`;
  }
  return { ms, bytes: Buffer.byteLength(text), error };
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)]!;
};
const round = (ms: number) => Math.round(ms * 10) / 10;

/** Each operation once cold, then `warm` times, one request at a time, through the router. */
export async function measureOperations(routerUrl: string, operations: readonly ScaleOperation[], setting: ScaleSetting, watched: readonly Watched[], warm: number) {
  const figures: Record<string, OperationFigures> = {};
  for (const operation of operations) {
    const result = await cpuPerRequest(watched, async () => {
      const cold = await timed(routerUrl, operation.request(setting));
      const rest = [];
      for (let i = 0; i < warm; i++) rest.push(await timed(routerUrl, operation.request(setting)));
      return { cold, rest, requests: 1 + warm };
    });
    const all = [result.cold, ...result.rest];
    figures[operation.name] = {
      coldMs: round(result.cold.ms),
      warmMs: round(median(result.rest.map((r) => r.ms))),
      warmMaxMs: round(Math.max(...result.rest.map((r) => r.ms))),
      responseBytes: Math.max(...all.map((r) => r.bytes)),
      cpuMsPerRequest: Object.fromEntries(Object.entries(result.cpuMsPerRequest).filter(([, ms]) => ms >= 0.05)),
      ...(all.some((r) => r.error) ? { error: all.find((r) => r.error)!.error } : {}),
    };
    console.log(`bench:scale:   ${operation.name}: cold ${figures[operation.name]!.coldMs} ms, warm ${figures[operation.name]!.warmMs} ms${figures[operation.name]!.error ? ` — ${figures[operation.name]!.error}` : ''}`);
  }
  return figures;
}

/** Sizes of the router's subgraph fetches so far, from its /metrics (router_subgraph_fetch_bytes). */
export async function fetchSizes(routerBaseUrl: string): Promise<FetchSizes[]> {
  const text = await (await fetch(`${routerBaseUrl}/metrics`)).text();
  const series = new Map<string, { buckets: Array<[number, number]>; count: number }>();
  for (const line of text.split('\n')) {
    const match = /^router_subgraph_fetch_bytes_(bucket|count)\{([^}]*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[2]!.matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
    const key = `${labels.subgraph}|${labels.direction}`;
    const entry = series.get(key) ?? { buckets: [], count: 0 };
    if (match[1] === 'count') entry.count = Number(match[3]);
    else entry.buckets.push([labels.le === '+Inf' ? Infinity : Number(labels.le), Number(match[3])]);
    series.set(key, entry);
  }
  return [...series.entries()].map(([key, { buckets, count }]) => {
    const [subgraph, direction] = key.split('|') as [string, string];
    const sorted = buckets.sort((a, b) => a[0] - b[0]);
    const within1MB = sorted.find(([le]) => le === 1e6)?.[1] ?? count;
    return { subgraph, direction, fetches: count, above1MB: count - within1MB, atMostBytes: sorted.find(([, n]) => n === count)?.[0] ?? Infinity };
  });
}

/** Query-cache outcomes (hit, miss, error, bypass …) of each process, from its /metrics (cache_operations_total). */
export async function cacheOutcomes(services: ReadonlyArray<{ name: string; baseUrl: string }>): Promise<Record<string, Record<string, number>>> {
  const outcomes: Record<string, Record<string, number>> = {};
  for (const service of services) {
    const text = await (await fetch(`${service.baseUrl}/metrics`)).text().catch(() => '');
    for (const line of text.split('\n')) {
      const match = /^cache_operations_total\{([^}]*)\} (\S+)$/.exec(line);
      if (!match) continue;
      const outcome = /outcome="([^"]*)"/.exec(match[1]!)?.[1] ?? '?';
      const own = (outcomes[service.name] ??= {});
      own[outcome] = (own[outcome] ?? 0) + Number(match[2]);
    }
  }
  return outcomes;
}
