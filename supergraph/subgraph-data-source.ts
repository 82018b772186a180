import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { Fetcher } from '@apollo/utils.fetcher';
import type { RouterContext } from './router-context.js';

/**
 * Node's fetch (undici) pools keep-alive connections per subgraph origin, so
 * the router does not pay a TCP handshake per subgraph fetch.
 */
const keepAliveFetcher = ((url: string, init: RequestInit & { timeout?: number }) =>
  fetch(url, { ...init, signal: AbortSignal.timeout(init.timeout ?? 10_000) })) as unknown as Fetcher;

/** Forwards the caller's identity (the bearer token) to the subgraph that owns the data. */
export class SubgraphDataSource extends RemoteGraphQLDataSource<RouterContext> {
  constructor(url: string, timeoutMs: number) {
    super({ url, fetcher: ((u: string, init: RequestInit) => (keepAliveFetcher as unknown as (u: string, i: unknown) => unknown)(u, { ...init, timeout: timeoutMs })) as unknown as Fetcher });
  }

  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<RouterContext>): void {
    const authorization = (context as Partial<RouterContext>).authorization;
    if (authorization) request.http?.headers.set('authorization', authorization);
  }
}
