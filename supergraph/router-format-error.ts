import type { GraphQLFormattedError } from 'graphql';
import { formatError } from '../platform/server/format-error.js';
import type { Logger } from '../platform/logging/logger.js';

/**
 * The router validates operations against the supergraph before any subgraph
 * sees them. A literal that does not fit its argument type (an unknown enum
 * value, a string for an Int) is bad input in the contract's terms, not a
 * malformed document.
 */
const BAD_VALUE = /^(Expected value of type|Enum "|Value "|Int cannot represent|Float cannot represent|String cannot represent|Boolean cannot represent|ID cannot represent|Field ".*" of required type .* was not provided|Field ".*" is not defined by type)/;

export function routerFormatError(logger: Logger, production: boolean) {
  const base = formatError(logger, production);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const result = base(formatted, error);
    if (result.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' && BAD_VALUE.test(result.message)) {
      return { ...result, extensions: { ...result.extensions, code: 'BAD_USER_INPUT' } };
    }
    return result;
  };
}
