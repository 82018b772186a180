import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { formatError } from '../platform/server/format-error.js';
import type { Logger } from '../platform/logging/logger.js';
import { QUERY_TOO_COMPLEX, tokenLimitOf } from './operation-limits.js';

/**
 * The router validates operations against the supergraph before any subgraph
 * sees them. A literal that does not fit its argument type (an unknown enum
 * value, a string for an Int) is bad input in the contract's terms, not a
 * malformed document.
 */
const BAD_VALUE = /^(Expected value of type|Enum "|Value "|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent|Field ".*" of required type .* was not provided|Field ".*" is not defined by type)/;

/**
 * Apollo reports a limit rule's error as GRAPHQL_VALIDATION_FAILED (keeping
 * its other extensions) and a document over the token limit as
 * GRAPHQL_PARSE_FAILED: both are QUERY_TOO_COMPLEX for clients.
 */
function asLimitRefusal(result: GraphQLFormattedError, error: unknown): GraphQLFormattedError | undefined {
  const code = result.extensions?.code;
  const original = (error as { originalError?: unknown } | undefined)?.originalError;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && original instanceof GraphQLError && original.extensions.code === QUERY_TOO_COMPLEX) {
    return { ...result, extensions: { ...result.extensions, code: QUERY_TOO_COMPLEX } };
  }
  const maxTokens = code === 'GRAPHQL_PARSE_FAILED' ? tokenLimitOf(result.message) : undefined;
  if (maxTokens !== undefined) {
    return { message: `Token limit of ${maxTokens} exceeded: the document is too long.`, extensions: { code: QUERY_TOO_COMPLEX, limit: 'tokens', max: maxTokens } };
  }
  return undefined;
}

/**
 * Apollo Server refuses a malformed persisted-query request (a hash that does
 * not match the query, an unknown protocol version) with HTTP 400 but no code,
 * which would read as INTERNAL_SERVER_ERROR (masked in production): it is a
 * bad request.
 */
const BAD_PERSISTED_QUERY = /^(provided sha does not match query|Unsupported persisted query version)$/;

function asBadPersistedQuery(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR' || !BAD_PERSISTED_QUERY.test(formatted.message)) return formatted;
  return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_REQUEST' } };
}

export function routerFormatError(logger: Logger, production: boolean) {
  const base = formatError(logger, production);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = base(asBadPersistedQuery(formatted), error);
    const refusal = asLimitRefusal(result, error);
    if (refusal) return refusal;
    if (result.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && BAD_VALUE.test(result.message)) {
      return { ...result, extensions: { ...result.extensions, code: 'BAD_USER_INPUT' } };
    }
    return result;
  };
}
