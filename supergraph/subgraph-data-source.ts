import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { GraphQLError } from 'graphql';
import { injectTraceHeaders } from '../platform/tracing/tracing.js';
import { subgraphFetchDuration, subgraphFetches } from './gateway-metrics.js';
import type { RouterContext } from './router-context.js';

/**
 * Node's fetch (undici) pools keep-alive connections per subgraph origin, so
 * the router does not pay a TCP handshake per subgraph fetch; every fetch is
 * bounded by the subgraph timeout.
 */
function keepAliveFetcher(timeoutMs: number): Fetcher {
  return ((url: string, init: RequestInit) => fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })) as unknown as Fetcher;
}

/** Forwards the caller's identity (the bearer token) to the subgraph that owns the data. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    timeoutMs: number,
  ) {
    super({ url, fetcher: keepAliveFetcher(timeoutMs) });
  }

  override async process(options: GraphQLDataSourceProcessOptions<RouterContext>) {
    const stop = subgraphFetchDuration.startTimer({ subgraph: this.subgraph });
    try {
      const response = await super.process(options);
      subgraphFetches.inc({ subgraph: this.subgraph, outcome: response.errors?.length ? 'graphql_errors' : 'success' });
      return response;
    } catch (error) {
      subgraphFetches.inc({ subgraph: this.subgraph, outcome: 'failure' });
      throw error;
    } finally {
      stop();
    }
  }

  /**
   * A subgraph that cannot be reached (refused, reset, down) or does not
   * answer within SUBGRAPH_TIMEOUT_MS fails the fields it owns with a clear
   * SERVICE_UNAVAILABLE error instead of an opaque "fetch failed"; the rest
   * of the answer still comes from the other subgraphs.
   */
  override didEncounterError(error: Error, ...rest: Parameters<RemoteGraphQLDataSource<RouterContext>['didEncounterError']> extends [unknown, ...infer R] ? R : never): void {
    if (error instanceof GraphQLError) return super.didEncounterError(error, ...rest);
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const unreachable = error instanceof TypeError && error.message === 'fetch failed';
    if (!timedOut && !unreachable) return super.didEncounterError(error, ...rest);
    throw new GraphQLError(
      timedOut ? `The ${this.subgraph} service did not answer in time; retry later` : `The ${this.subgraph} service is unavailable; retry later`,
      { extensions: { code: 'SERVICE_UNAVAILABLE', service: this.subgraph }, originalError: error },
    );
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const authorization = (context as Partial<RouterContext>).authorization;
    if (authorization) request.http?.headers.set('authorization', authorization);
    injectTraceHeaders((name, value) => request.http?.headers.set(name, value));
  }
}
