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

interface GraphQLErrorBody {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: Record<string, unknown>;
}

interface GraphQLResponseBody<T> {
  data?: T | null;
  errors?: GraphQLErrorBody[];
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
  const { status, body } = await send<T>(service, query, variables);
  const first = body.errors?.[0];
  if (first) throw errorOf(service, status, first);
  if (status >= 500 || !body.data) throw new SubgraphUnavailableError(service, `HTTP ${status} without data`);
  return body.data;
}

/**
 * One operation with a root field per caller (aliases), answered field by
 * field: the data of each alias, or the error (as callSubgraph would throw
 * it) of the alias it names. A root mutation field that fails stops the
 * fields after it, which come back as `notRun`, and nulls the data of those
 * before it, which ran without an error: they come back as `ranWithoutData`.
 * An error naming no alias, or a failed call, is thrown.
 */
export async function callSubgraphFields<T>(
  service: PeerSubgraph,
  query: string,
  variables: Record<string, unknown>,
  aliases: readonly string[],
): Promise<Array<{ ok: true; value: T } | { ok: false; error: Error } | { notRun: true } | { ranWithoutData: true }>> {
  const { status, body } = await send<Record<string, T | null>>(service, query, variables);
  const byAlias = new Map<string, Error>();
  for (const error of body.errors ?? []) {
    const alias = typeof error.path?.[0] === 'string' ? error.path[0] : undefined;
    if (alias === undefined || !aliases.includes(alias)) throw errorOf(service, status, error);
    if (!byAlias.has(alias)) byAlias.set(alias, errorOf(service, status, error));
  }
  if (byAlias.size === 0 && (status >= 500 || !body.data)) throw new SubgraphUnavailableError(service, `HTTP ${status} without data`);
  const failedAt = aliases.findIndex((a) => byAlias.has(a));
  return aliases.map((alias, i) => {
    const error = byAlias.get(alias);
    if (error) return { ok: false as const, error };
    const value = body.data?.[alias];
    if (value != null) return { ok: true as const, value };
    if (failedAt < 0) return { ok: false as const, error: new SubgraphUnavailableError(service, `no answer for ${alias}`) };
    return i < failedAt ? { ranWithoutData: true as const } : { notRun: true as const };
  });
}

async function send<T>(service: PeerSubgraph, query: string, variables: Record<string, unknown>): Promise<{ status: number; body: GraphQLResponseBody<T> }> {
  const signal = AbortSignal.timeout(config().SUBGRAPH_TIMEOUT_MS);
  try {
    return await inSpan(`sales → ${service}`, SpanKind.CLIENT, undefined, async () => {
      const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${await serviceToken()}` };
      injectTraceHeaders((name, value) => (headers[name] = value));
      const url = subgraphUrl(service);
      const request = { method: 'POST', headers, body: JSON.stringify({ query, variables }) };
      const response = await keepAliveFetch(url, { ...request, headers: withSubgraphSignature(url, request), signal });
      return { status: response.status, body: (await response.json()) as GraphQLResponseBody<T> };
    });
  } catch (error) {
    throw new SubgraphUnavailableError(service, reasonOf(error));
  }
}

/** An error of the other subgraph as sales sees it (see callSubgraph). */
function errorOf(service: PeerSubgraph, status: number, error: GraphQLErrorBody): Error {
  const { code, stacktrace: _stacktrace, ...details } = error.extensions ?? {};
  if (typeof code === 'string' && PASSED_ON.has(code)) return new DomainError(code as ErrorCode, error.message, details);
  if (status >= 500 || code === 'INTERNAL_SERVER_ERROR' || code === 'SERVICE_UNAVAILABLE') return new SubgraphUnavailableError(service, `${String(code ?? status)}: ${error.message}`);
  return new Error(`${service} refused a call from sales (${String(code)}): ${error.message}`);
}
