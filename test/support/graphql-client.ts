import { inject } from 'vitest';

export interface GraphQLResponse<T = Record<string, any>> {
  data?: T | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; [key: string]: unknown } }>;
}

let endpoint: string | undefined;

/** Points every helper of this file at another endpoint: a test file that runs a system of its own. */
export function useEndpoint(url: string): void {
  endpoint = url;
  tokens.clear();
}

/** Sends one operation to the router under test; the HTTP status along with the body. */
export async function gqlHttp<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<{ status: number; body: GraphQLResponse<T> }> {
  const res = await fetch(endpoint ?? inject('routerUrl'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, body: (await res.json()) as GraphQLResponse<T> };
}

/** Sends one operation to the router under test. */
export async function gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse<T>> {
  return (await gqlHttp<T>(query, variables, token)).body;
}

/** The data of an operation that must succeed; fails the test with the errors otherwise. */
export async function gqlOk<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T> {
  const response = await gql<T>(query, variables, token);
  if (response.errors?.length || !response.data) throw new Error(`GraphQL errors: ${JSON.stringify(response.errors)}`);
  return response.data;
}

/** The first error code, for assertions on the contract's codes. */
export function errorCode(response: GraphQLResponse): string | undefined {
  return response.errors?.[0]?.extensions?.code;
}

const tokens = new Map<string, string>();

/** Signs in a demo account (password = the word before @), cached per run. */
export async function login(email: string): Promise<string> {
  const cached = tokens.get(email);
  if (cached) return cached;
  const data = await gqlOk<{ login: { token: string } }>(
    'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    { email, password: email.split('@')[0] },
  );
  tokens.set(email, data.login.token);
  return data.login.token;
}
