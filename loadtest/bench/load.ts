import autocannon from 'autocannon';
import { withSubgraphSignature } from '../../platform/auth/request-signature.js';
import { cpuPerRequest, type Watched } from './process-cpu.js';

export interface LoadSettings {
  connections: number;
  /** Seconds measured. */
  duration: number;
  /** Seconds of the same load before measuring (JIT, caches and pools warm up). */
  warmup: number;
}

export interface GraphQLRequest {
  url: string;
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
  /**
   * Client identities taken in turn, one per request, instead of `token`:
   * requests in flight at the same moment then come from different callers,
   * as when many users load the same page (a gateway cannot share their
   * subgraph fetches).
   */
  tokens?: readonly string[];
  /** Signs each request as the router does (a subgraph answers signed requests only). */
  signed?: boolean;
}

export interface LoadResult {
  /** Complete GraphQL answers (HTTP 200, data, no errors) per second. */
  rps: number;
  requests: number;
  /** Transport errors, timeouts, non-2xx answers and answers with GraphQL errors. */
  failures: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number };
  /** CPU milliseconds per request of each watched process that took part (and of the load generator). */
  cpuMsPerRequest: Record<string, number>;
}

/** A complete answer: data and no `errors` entry (a partial answer is a failure). */
export function isCompleteAnswer(body: string): boolean {
  return body.startsWith('{"data"') && !body.includes('"errors":');
}

function bodyOf(request: GraphQLRequest): string {
  return JSON.stringify({ query: request.query, variables: request.variables });
}

/** Headers of one request; a signature is valid for a limited time, so signed requests are signed each time. */
function headersOf(request: GraphQLRequest, body: string, seq = 0): Record<string, string> {
  const token = request.tokens?.length ? request.tokens[seq % request.tokens.length] : request.token;
  const headers = { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) };
  return request.signed ? withSubgraphSignature(request.url, { method: 'POST', headers, body }) : headers;
}

/** Sends one GraphQL request and returns its data; any error fails the bench (its setup is wrong). */
export async function graphql<T = any>(request: GraphQLRequest): Promise<T> {
  const body = bodyOf(request);
  const res = await fetch(request.url, { method: 'POST', headers: headersOf(request, body), body });
  const answer = (await res.json()) as { data?: T; errors?: unknown[] };
  if (answer.errors?.length || !answer.data) throw new Error(`${request.url}: ${JSON.stringify(answer.errors ?? answer)}`);
  return answer.data;
}

async function run(request: GraphQLRequest, connections: number, duration: number) {
  const body = bodyOf(request);
  let seq = 0;
  return autocannon({
    url: request.url,
    requests: [{ method: 'POST', body, setupRequest: (r) => ({ ...r, headers: headersOf(request, body, seq++) }) }],
    connections,
    duration,
    verifyBody: (body) => isCompleteAnswer(String(body ?? '')),
  });
}

/** Processes that used less than this per request did not take part (idle background work). */
const PART_TAKEN_MS = 0.05;

/**
 * The same request over `connections` keep-alive connections (autocannon,
 * in this process) for the warm-up, then for the measured duration, with the
 * CPU time the `watched` processes spent on it.
 */
export async function measure(request: GraphQLRequest, settings: LoadSettings, watched: readonly Watched[] = []): Promise<LoadResult> {
  await graphql(request); // fails fast with the reason when the request is wrong
  if (settings.warmup > 0) await run(request, settings.connections, settings.warmup);
  const result = await cpuPerRequest(watched, async () => {
    const r = await run(request, settings.connections, settings.duration);
    return { r, requests: r.requests.total };
  });
  const { r } = result;
  const failures = r.errors + r.timeouts + r.non2xx + r.mismatches;
  const complete = Math.max(0, r.requests.total - r.non2xx - r.mismatches);
  return {
    rps: complete / (r.duration || settings.duration),
    requests: r.requests.total,
    failures,
    latencyMs: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    cpuMsPerRequest: Object.fromEntries(Object.entries(result.cpuMsPerRequest).filter(([, ms]) => ms >= PART_TAKEN_MS)),
  };
}
