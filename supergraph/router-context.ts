import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { viewerFromAuthorization } from '../platform/auth/access-token.js';
import type { Viewer } from '../platform/auth/viewer.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { clientAddress } from './client-address.js';
import type { OperationFetches } from './operation-fetches.js';
import type { FetchOutcome } from './subgraph-response-cache.js';

export interface RouterContext {
  viewer: Viewer | null;
  /** Raw header, forwarded to subgraphs, which enforce roles themselves. */
  authorization?: string;
  /** Who is calling (client-address.ts), forwarded to subgraphs in x-client-address for the login limits. */
  clientAddress: string;
  /** Development only, when asked with the x-response-cache-debug header: how each subgraph fetch was served. */
  responseCacheLog?: Array<{ subgraph: string; outcome: FetchOutcome }>;
  /** Set by the whole-response cache for a query it may store: each subgraph fetch reports what it may be cached as. */
  operationFetches?: OperationFetches;
  /** Development only (x-response-cache: bypass): this request neither reads nor fills the response cache. */
  responseCacheBypass?: boolean;
}

/**
 * A token that does not verify fails the whole request at the router with
 * UNAUTHENTICATED instead of reaching any subgraph.
 */
export async function routerContext(req: IncomingMessage): Promise<RouterContext> {
  const authorization = req.headers.authorization;
  try {
    const context: RouterContext = { viewer: await viewerFromAuthorization(authorization), authorization, clientAddress: clientAddress(req) };
    if (process.env.NODE_ENV !== 'production') {
      if (req.headers['x-response-cache-debug']) context.responseCacheLog = [];
      // The same system without its response cache, for the differential test (test/property/response-cache.e2e.test.ts).
      if (req.headers['x-response-cache'] === 'bypass') context.responseCacheBypass = true;
    }
    return context;
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
}
