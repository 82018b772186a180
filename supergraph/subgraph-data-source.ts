import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { withSubgraphSignature } from '../platform/auth/request-signature.js';
import { keepAliveFetch, type KeepAliveRequestInit, type KeepAliveResponse } from '../platform/server/keep-alive-fetch.js';
import { injectTraceHeaders } from '../platform/tracing/tracing.js';
import { subgraphFetchBytes, subgraphFetchDuration, subgraphFetches } from './gateway-metrics.js';
import { isWorthSplitting, mergeEntityAnswers, planEntityBatches } from './entity-batches.js';
import { deduplicatingQueries } from './inflight-queries.js';
import type { RouterContext } from './router-context.js';
import type { SubgraphResponseCache } from './subgraph-response-cache.js';
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
    /** Most entity representations in one fetch (see entity-batches.ts). */
    private readonly maxRepresentations = 500,
    /** RESPONSE_CACHE_ENABLED: query fetches go through it (subgraph-response-cache.ts). */
    private readonly responseCache?: SubgraphResponseCache,
  ) {
    super({ url, fetcher: unusedFetcher });
    this.resilience = subgraphResilience(resilience);
  }

  /**
   * An `_entities` fetch goes out as batches of distinct representations
   * (two at a time), answered as one; any other fetch as it is.
   */
  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>): Promise<GraphQLResponse> {
    const context = options.context as Partial<RouterContext>;
    // A fetch that never reports (not through the cache, or failed) keeps the whole operation from being stored.
    const report = context.operationFetches?.start();
    if (!this.responseCache || context.responseCacheBypass || !isQueryOperation(options.request.query, 'document' in options ? options.document : undefined)) return this.processUncached(options);
    const send = (variables: Record<string, unknown>, since?: number) => this.processUncached({ ...options, request: { ...options.request, variables } }, since === undefined ? undefined : String(since));
    const { answer, outcome, declaration } = Array.isArray(options.request.variables?.representations)
      ? await this.responseCache.entities(options.request, context.viewer ?? null, send)
      : await this.responseCache.root(options.request, context.viewer ?? null, send);
    context.responseCacheLog?.push({ subgraph: this.subgraph, outcome });
    report?.(declaration);
    return answer;
  }

  /** `shareKey`: see inflight-queries.ts (the response cache's position before this fetch). */
  private async processUncached(options: GraphQLDataSourceProcessOptions<RouterContext>, shareKey?: string): Promise<GraphQLResponse> {
    const representations = options.request.variables?.representations;
    if (!Array.isArray(representations)) return this.fetch(options, shareKey);
    const plan = planEntityBatches(representations, this.maxRepresentations);
    if (!isWorthSplitting(plan)) return this.fetch(options, shareKey);
    const answers: GraphQLResponse[] = new Array(plan.batches.length);
    let next = 0;
    const worker = async () => {
      for (let b = next++; b < plan.batches.length; b = next++) {
        answers[b] = await this.fetch({ ...options, request: { ...options.request, variables: { ...options.request.variables, representations: plan.batches[b] } } }, shareKey);
      }
    };
    await Promise.all([worker(), worker()]);
    return { ...mergeEntityAnswers(plan, answers), http: answers[0]?.http } as GraphQLResponse;
  }

  /**
   * Each attempt builds its request again (fresh headers and signature);
   * see subgraph-resilience.ts for the deadlines, retries (queries only) and
   * the circuit breaker, and the SERVICE_UNAVAILABLE errors.
   */
  private async fetch(options: GraphQLDataSourceProcessOptions<RouterContext>, shareKey?: string): Promise<GraphQLResponse> {
    const stop = subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    const idempotent = isQueryOperation(options.request.query, 'document' in options ? options.document : undefined);
    try {
      const response = await this.resilience.run((signal) => this.attempt(options, signal, shareKey), { idempotent });
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
  private async attempt(options: GraphQLDataSourceProcessOptions<RouterContext>, signal: AbortSignal, shareKey?: string): Promise<GraphQLResponse> {
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
    const response = await this.send(this.url, { method: 'POST', headers, body, signal, shareKey });
    subgraphFetchBytes.observe({ subgraph: this.subgraph, direction: 'request' }, Buffer.byteLength(body));
    subgraphFetchBytes.observe({ subgraph: this.subgraph, direction: 'response' }, response.bodyBytes);
    if (!response.ok) throw await this.errorFromResponse(response as never);
    const answer: unknown = await this.parseBody(response as never);
    if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) throw new Error(`Expected JSON response body, but received: ${answer}`);
    return { ...(answer as GraphQLResponse), http: response as never };
  }
}
