import type { IncomingMessage } from 'node:http';
import { GraphQLError } from 'graphql';
import { viewerFromAuthorization } from '../platform/auth/access-token.js';
import type { Viewer } from '../platform/auth/viewer.js';
import { DomainError } from '../platform/errors/domain-error.js';
import { clientAddress } from './client-address.js';

export interface RouterContext {
  viewer: Viewer | null;
  /** Raw header, forwarded to subgraphs, which enforce roles themselves. */
  authorization?: string;
  /** Who is calling (client-address.ts), forwarded to subgraphs in x-client-address for the login limits. */
  clientAddress: string;
}

/**
 * A token that does not verify fails the whole request at the router with
 * UNAUTHENTICATED instead of reaching any subgraph.
 */
export async function routerContext(req: IncomingMessage): Promise<RouterContext> {
  const authorization = req.headers.authorization;
  try {
    return { viewer: await viewerFromAuthorization(authorization), authorization, clientAddress: clientAddress(req) };
  } catch (error) {
    if (error instanceof DomainError) {
      throw new GraphQLError(error.message, { extensions: { code: error.code, http: { status: 401 } } });
    }
    throw error;
  }
}
