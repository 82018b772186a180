import { AsyncLocalStorage } from 'node:async_hooks';
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { withSubgraphSignature } from '../platform/auth/request-signature.js';
import { keepAliveFetch } from '../platform/server/keep-alive-fetch.js';
import { injectTraceHeaders } from '../platform/tracing/tracing.js';
import { subgraphFetchDuration, subgraphFetches } from './gateway-metrics.js';
import { deduplicatingQueries } from './inflight-queries.js';
import type { RouterContext } from './router-context.js';
import { isQueryOperation, subgraphResilience, type SubgraphResilience, type SubgraphResilienceOptions } from './subgraph-resilience.js';

/** The signal that ends the current attempt (its deadline), from the resilience policy to the fetcher. */
const attemptSignal = new AsyncLocalStorage<AbortSignal>();

/**
 * Keep-alive connections pooled per subgraph (keepAliveFetch: much cheaper
 * than Node's fetch), so the router does not pay a TCP handshake per
 * subgraph fetch; every fetch is bounded by its attempt's deadline.
 * Identical queries in flight at once are sent once (inflight-queries.ts).
 * Each request sent is signed here, over the body exactly as
 * RemoteGraphQLDataSource serialized it and the identity headers
 * willSendRequest set (subgraphs refuse anything else).
 */
function keepAliveFetcher(): Fetcher {
  const send = deduplicatingQueries((url, init) => keepAliveFetch(url, { ...init, headers: withSubgraphSignature(url, init) }));
  return ((url: string, init: { method?: string; headers?: Record<string, string>; body?: string }) => send(url, { ...init, signal: attemptSignal.getStore() })) as unknown as Fetcher;
}

/** Forwards the caller's identity (the bearer token) and address to the subgraph that owns the data. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly resilience: SubgraphResilience;

  constructor(
    private readonly subgraph: string,
    url: string,
    resilience: SubgraphResilienceOptions,
  ) {
    super({ url, fetcher: keepAliveFetcher() });
    this.resilience = subgraphResilience(resilience);
  }

  /**
   * Each attempt goes through willSendRequest and the fetcher again (fresh
   * headers); see subgraph-resilience.ts for the deadlines, retries (queries
   * only) and the circuit breaker, and the SERVICE_UNAVAILABLE errors.
   */
  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>) {
    const stop = subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    const idempotent = isQueryOperation(options.request.query, 'document' in options ? options.document : undefined);
    try {
      const response = await this.resilience.run((signal) => attemptSignal.run(signal, () => super.process(options)), { idempotent });
      subgraphFetches.inc({ subgraph: this.subgraph, outcome: response.errors?.length ? 'graphql_errors' : 'success' });
      return response;
    } catch (error) {
      const failedFast = (error as { extensions?: { circuit?: string } }).extensions?.circuit === 'open';
      subgraphFetches.inc({ subgraph: this.subgraph, outcome: failedFast ? 'circuit_open' : 'failure' });
      throw error;
    } finally {
      stop();
    }
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const authorization = (context as Partial<RouterContext>).authorization;
    if (authorization) request.http?.headers.set('authorization', authorization);
    const address = (context as Partial<RouterContext>).clientAddress;
    if (address) request.http?.headers.set('x-client-address', address);
    injectTraceHeaders((name, value) => request.http?.headers.set(name, value));
  }
}
