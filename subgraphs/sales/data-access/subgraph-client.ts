import { GraphQLError } from 'graphql';
import { SpanKind, inSpan, injectTraceHeaders } from '../../../platform/tracing/tracing.js';
import { signServiceToken } from '../../../platform/auth/access-token.js';
import { withSubgraphSignature } from '../../../platform/auth/request-signature.js';
import { config, subgraphUrl } from '../../../platform/config/config.js';
import { DomainError, type ErrorCode } from '../../../platform/errors/domain-error.js';
import { keepAliveFetch } from '../../../platform/server/keep-alive-fetch.js';

export type PeerSubgraph = 'catalog' | 'inventory';

/**
 * The other subgraph could not be reached or did not answer in time
 * (SUBGRAPH_TIMEOUT_MS): the outcome of the call is unknown, so a saga
 * compensates, and a retry may succeed.
 */
export class SubgraphUnavailableError extends GraphQLError {
  readonly code = 'SERVICE_UNAVAILABLE';
  constructor(readonly service: PeerSubgraph, reason: string) {
    super(`The ${service} service is unavailable (${reason}); try again`, { extensions: { code: 'SERVICE_UNAVAILABLE', service } });
  }
}

/** Codes of the other subgraph that mean the same to our caller and are passed on as they are. */
const PASSED_ON: ReadonlySet<string> = new Set<ErrorCode>(['INSUFFICIENT_STOCK', 'NOT_FOUND', 'CONFLICT', 'BAD_USER_INPUT']);

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
}

const TOKEN_REFRESH_MS = 60_000;
let cachedToken: { token: string; signedAt: number } | undefined;

/** The service token (valid 5 minutes) is re-signed every minute. */
async function serviceToken(): Promise<string> {
  if (!cachedToken || Date.now() - cachedToken.signedAt > TOKEN_REFRESH_MS) {
    cachedToken = { token: await signServiceToken('sales'), signedAt: Date.now() };
  }
  return cachedToken.token;
}

function reasonOf(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return `no answer within ${config().SUBGRAPH_TIMEOUT_MS} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

/**
 * Sends one operation to another subgraph as the sales service. The
 * contract's codes (INSUFFICIENT_STOCK, NOT_FOUND, CONFLICT, BAD_USER_INPUT)
 * come back as DomainErrors; network failures, timeouts and 5xx answers as
 * SubgraphUnavailableError; anything else (a rejected token, a query the
 * other side does not know) is an internal error.
 */
export async function callSubgraph<T>(service: PeerSubgraph, query: string, variables: Record<string, unknown>): Promise<T> {
  const signal = AbortSignal.timeout(config().SUBGRAPH_TIMEOUT_MS);
  let status: number;
  let body: GraphQLResponseBody<T>;
  try {
    ({ status, body } = await inSpan(`sales → ${service}`, SpanKind.CLIENT, undefined, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await serviceToken()}` };
      injectTraceHeaders((name, value) => (headers[name] = value));
      const url = subgraphUrl(service);
      const request = { method: 'POST', headers, body: JSON.stringify({ query, variables }) };
      const response = await keepAliveFetch(url, { ...request, headers: withSubgraphSignature(url, request), signal });
      return { status: response.status, body: (await response.json()) as GraphQLResponseBody<T> };
    }));
  } catch (error) {
    throw new SubgraphUnavailableError(service, reasonOf(error));
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, stacktrace: _stacktrace, ...details } = first.extensions ?? {};
    if (typeof code === 'string' && PASSED_ON.has(code)) throw new DomainError(code as ErrorCode, first.message, details);
    if (status >= 500 || code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') throw new SubgraphUnavailableError(service, `${String(code ?? status)}: ${first.message}`);
    throw new Error(`${service} refused a call from sales (${String(code)}): ${first.message}`);
  }
  if (status >= 500 || !body.data) throw new SubgraphUnavailableError(service, `HTTP ${status} without data`);
  return body.data;
}
