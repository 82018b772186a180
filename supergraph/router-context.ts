import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { viewerFromAuthorization } from '../platform/auth/access-token.js';
import type { Viewer } from '../platform/auth/viewer.js';
import { DomainError } from '../platform/errors/domain-error.js';

export interface RouterContext {
  viewer: Viewer | null;
  /** Raw header, forwarded to subgraphs, which enforce roles themselves. */
  authorization?: string;
}

/**
 * A token that does not verify fails the whole request at the router with
 * UNAUTHENTICATED instead of reaching any subgraph.
 */
export async function routerContext(req: IncomingMessage): Promise<RouterContext> {
  const authorization = req.headers.authorization;
  try {
    return { viewer: await viewerFromAuthorization(authorization), authorization };
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
}
