import type { GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../db/database-unavailable.js';
import { DomainError } from '../errors/domain-error.js';
import type { Logger } from '../logging/logger.js';

/** Codes a client may see as they are; anything else is an internal failure. */
const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'INSUFFICIENT_STOCK',
  'CONFLICT',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  /** A dependency (another subgraph) is unreachable: transient, retry later. */
  'SERVICE_UNAVAILABLE',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  /** Refused before execution: too deep, too many aliases / root fields / directives / tokens, too costly. */
  'QUERY_TOO_COMPLEX',
  /** OPERATION_SAFELIST=enforce and the operation is not registered. */
  'OPERATION_NOT_IN_SAFELIST',
  /** Login refused after too many failed attempts (extensions.retryAfter seconds). */
  'TOO_MANY_ATTEMPTS',
  'PAYLOAD_TOO_LARGE',
]);

function findDomainError(error: unknown): DomainError | undefined {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    if (current instanceof DomainError) return current;
    current = (current as { originalError?: unknown }).originalError;
  }
  return undefined;
}

/**
 * Keeps the contract's error codes (also when a scalar rejected a literal
 * during validation) and hides internals of unexpected failures.
 */
export function formatError(logger: Logger, production: boolean) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domain = findDomainError(error);
    if (domain) {
      // A scalar that rejected a literal during validation: its own message is the clear one.
      const message = formatted.extensions?.code === 'GRAPHQL_VALIDATION_FAILED' ? domain.message : formatted.message;
      return { ...formatted, message, extensions: { ...formatted.extensions, ...domain.extensions, code: domain.code } };
    }
    const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
    if (CLIENT_CODES.has(code)) return formatted;
    if (isDatabaseUnavailable(error)) {
      // PostgreSQL down or restarting: transient, nothing was written half (transactions roll back).
      logger.warn({ err: error, path: formatted.path }, 'database unavailable');
      return { message: 'The database is unavailable; retry later', path: formatted.path, locations: formatted.locations, extensions: { code: 'SERVICE_UNAVAILABLE' } };
    }
    logger.error({ err: error, path: formatted.path }, 'unexpected error');
    if (!production) return formatted;
    return { message: 'Internal server error', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}
