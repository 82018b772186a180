import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import { subgraphFetchDuration, subgraphFetches } from './gateway-metrics.js';
import type { RouterContext } from './router-context.js';

/**
 * Node's fetch (undici) pools keep-alive connections per subgraph origin, so
 * the router does not pay a TCP handshake per subgraph fetch.
 */
const keepAliveFetcher = ((url: string, init: RequestInit & { timeout?: number }) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(init.timeout ?? 10_000) })) as unknown as Fetcher;

/** Forwards the caller's identity (the bearer token) to the subgraph that owns the data. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(
    private readonly subgraph: string,
    url: string,
    timeoutMs: number,
  ) {
    super({ url, fetcher: ((u: string, init: RequestInit) => (keepAliveFetcher as unknown as (u: string, i: unknown) => unknown)(u, { ...init, timeout: timeoutMs })) as unknown as Fetcher });
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

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const authorization = (context as Partial<RouterContext>).authorization;
    if (authorization) request.http?.headers.set('authorization', authorization);
  }
}
