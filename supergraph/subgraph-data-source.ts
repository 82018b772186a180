import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { withSubgraphSignature } from '../platform/auth/request-signature.js';
import { keepAliveFetch, type KeepAliveRequestInit, type KeepAliveResponse } from '../platform/server/keep-alive-fetch.js';
import { injectTraceHeaders } from '../platform/tracing/tracing.js';
import { subgraphFetchDuration, subgraphFetches } from './gateway-metrics.js';
import { deduplicatingQueries } from './inflight-queries.js';
import type { RouterContext } from './router-context.js';
import { isQueryOperation, subgraphResilience, type SubgraphResilience, type SubgraphResilienceOptions } from './subgraph-resilience.js';

/** What a gateway data source answers (the gateway's own response type). */
type GraphQLResponse = Awaited<ReturnType<RemoteGraphQLDataSource<RouterContext>['process']>>;

type Send = (url: string, init: KeepAliveRequestInit) => Promise<KeepAliveResponse>;

/**
 * Keep-alive connections pooled per subgraph (keepAliveFetch: much cheaper
 * than Node's fetch), so the router does not pay a TCP handshake per
 * subgraph fetch. Identical queries in flight at once are sent once
 * (inflight-queries.ts). Each request sent is signed here, over the exact
 * body and identity headers (subgraphs refuse anything else).
 */
function signedKeepAliveSend(): Send {
  return deduplicatingQueries((url, init) => keepAliveFetch(url, { ...init, headers: withSubgraphSignature(url, init) }));
}

/** Never called: every fetch goes through `send` with its attempt's signal. RemoteGraphQLDataSource only requires one. */
const unusedFetcher = (() => Promise.reject(new Error('SubgraphDataSource sends its own requests'))) as unknown as Fetcher;

/** Forwards the caller's identity (the bearer token) and address to the subgraph that owns the data. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  private readonly resilience: SubgraphResilience;
  private readonly send = signedKeepAliveSend();

  constructor(
    private readonly subgraph: string,
    url: string,
    resilience: SubgraphResilienceOptions,
  ) {
    super({ url, fetcher: unusedFetcher });
    this.resilience = subgraphResilience(resilience);
  }

  /**
   * Each attempt builds its request again (fresh headers and signature);
   * see subgraph-resilience.ts for the deadlines, retries (queries only) and
   * the circuit breaker, and the SERVICE_UNAVAILABLE errors.
   */
  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GraphQLResponse> {
    const stop = subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    const idempotent = isQueryOperation(options.request.query, 'document' in options ? options.document : undefined);
    try {
      const response = await this.resilience.run((signal) => this.attempt(options, signal), { idempotent });
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

  /**
   * What RemoteGraphQLDataSource.process and sendRequest do for us, without
   * what we do not use (APQ towards subgraphs, cache-control hints) and
   * without building node-fetch Headers and Request objects per fetch; the
   * attempt's deadline reaches the socket as an argument (an
   * AsyncLocalStorage would tax every promise of the router).
   */
  private async attempt(options: GraphQLDataSourceProcessOptions<RouterContext>, signal: AbortSignal): Promise<GraphQLResponse> {
    const { query, http, ...rest } = options.request;
    if (!query) throw new Error('Missing query');
    const headers: Record<string, string> = {};
    if (http?.headers) for (const [name, value] of http.headers) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    const context = options.context as Partial<RouterContext>;
    if (context.authorization) headers.authorization = context.authorization;
    if (context.clientAddress) headers['x-client-address'] = context.clientAddress;
    injectTraceHeaders((name, value) => void (headers[name.toLowerCase()] = value));
    // The same serialization as RemoteGraphQLDataSource (query first): inflight-queries.ts recognizes queries by it.
    const body = JSON.stringify({ query, ...rest });
    const response = await this.send(this.url, { method: 'POST', headers, body, signal });
    if (!response.ok) throw await this.errorFromResponse(response as never);
    const answer: unknown = await this.parseBody(response as never);
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new Error(`Expected JSON response body, but received: ${answer}`);
    return { ...(answer as GraphQLResponse), http: response as never };
  }
}
