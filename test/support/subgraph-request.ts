import { withSubgraphSignature } from '../../platform/auth/request-signature.js';
import type { GraphQLResponse } from './graphql-client.js';

/**
 * POSTs an operation straight to a subgraph (`…/graphql`), signed as the
 * router signs it, with this process's SUBGRAPH_SIGNING_SECRET: what tests
 * of a single subgraph use in place of the router.
 */
export async function postToSubgraph<T = Record<string, any>>(url: string, query: string, variables: Record<string, unknown> = {}, token?: string): Promise<GraphQLResponse<T>> {
  const request = {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  };
  const response = await fetch(url, { ...request, headers: withSubgraphSignature(url, request) });
  return (await response.json()) as GraphQLResponse<T>;
}
