import type { TypedDocumentString } from '../gql/graphql';

/**
 * The whole GraphQL client: one POST to the public endpoint `/graphql` with
 * the session's bearer token. Typed by the generated operation documents.
 */
export const endpoint = '/graphql';

export interface GraphQLErrorShape {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; [key: string]: unknown };
}

export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let tokenSource: () => string | null = () => null;
let onUnauthenticated: () => void = () => undefined;

/** Wired by the session: where the token comes from, what to do when it is refused. */
export function configureApi(options: { token: () => string | null; unauthenticated: () => void }): void {
  tokenSource = options.token;
  onUnauthenticated = options.unauthenticated;
}

export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
  signal?: AbortSignal,
): Promise<TResult> {
  const token = tokenSource();
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('NETWORK', 'The server cannot be reached.');
  }
  let body: { data?: TResult | null; errors?: GraphQLErrorShape[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError('NETWORK', `The server answered ${response.status} without a GraphQL response.`);
  }
  const first = body.errors?.[0];
  if (first) {
    const code = first.extensions?.code ?? 'INTERNAL_SERVER_ERROR';
    if (code === 'UNAUTHENTICATED' && token) onUnauthenticated();
    throw new ApiError(code, first.message, first.extensions ?? {});
  }
  if (!body.data) throw new ApiError('INTERNAL_SERVER_ERROR', 'The server returned no data.');
  return body.data;
}

export interface ErrorText {
  title: string;
  detail?: string;
}

/**
 * What a person reads for an API error, by its extensions.code. `nameOf`
 * turns a product id (INSUFFICIENT_STOCK carries one) into its name.
 */
export function describeError(error: unknown, nameOf?: (productId: string) => string | undefined): ErrorText {
  if (!(error instanceof ApiError)) return { title: 'Something went wrong.', detail: error instanceof Error ? error.message : String(error) };
  const { code, message, extensions } = error;
  switch (code) {
    case 'INSUFFICIENT_STOCK': {
      const productId = typeof extensions.productId === 'string' ? extensions.productId : undefined;
      const name = (productId && nameOf?.(productId)) || 'a product';
      const available = typeof extensions.available === 'number' ? extensions.available : undefined;
      return {
        title: 'Not enough stock.',
        detail: available === undefined ? `There is not enough of ${name} on the shelf.` : `Only ${available} of ${name} left in stock. Lower the quantity and try again.`,
      };
    }
    case 'FORBIDDEN':
      return { title: 'Not allowed.', detail: `${message}. Your role or store does not permit this.` };
    case 'UNAUTHENTICATED':
      return { title: 'Please sign in.', detail: `${message}.` };
    case 'NOT_FOUND':
      return { title: 'Not found.', detail: message };
    case 'CONFLICT':
      return { title: 'That clashes with what is already recorded.', detail: message };
    case 'BAD_USER_INPUT':
    case 'GRAPHQL_VALIDATION_FAILED':
      return { title: 'Please check what you entered.', detail: message };
    case 'SERVICE_UNAVAILABLE':
      return { title: 'A service is temporarily unavailable.', detail: 'Try again in a moment: nothing will be recorded twice.' };
    case 'TOO_MANY_ATTEMPTS': {
      const minutes = typeof extensions.retryAfter === 'number' ? Math.max(1, Math.ceil(extensions.retryAfter / 60)) : undefined;
      return { title: 'Too many failed sign-in attempts.', detail: minutes === undefined ? 'Wait a while, then try again.' : `Wait ${minutes} minute${minutes === 1 ? '' : 's'}, then try again.` };
    }
    case 'NETWORK':
      return { title: 'No connection to the server.', detail: `${message} Check the network and try again.` };
    default:
      return { title: 'Something went wrong on the server.', detail: 'Try again; if it persists, tell head office.' };
  }
}
