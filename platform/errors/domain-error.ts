import { GraphQLError } from 'graphql';

/** The error codes of the API contract (DESIGN.md). */
export type ErrorCode =
  | 'BAD_USER_INPUT'
  | 'NOT_FOUND'
  | 'INSUFFICIENT_STOCK'
  | 'CONFLICT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'TOO_MANY_ATTEMPTS';

/**
 * A failure the caller can act on. It is a GraphQLError so that the code
 * survives resolver wrapping and reaches clients through the router.
 */
export class DomainError extends GraphQLError {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
    this.code = code;
  }
}

export const badUserInput = (message: string, details?: Record<string, unknown>) => new DomainError('BAD_USER_INPUT', message, details);
export const notFound = (message: string, details?: Record<string, unknown>) => new DomainError('NOT_FOUND', message, details);
export const insufficientStock = (message: string, details?: Record<string, unknown>) => new DomainError('INSUFFICIENT_STOCK', message, details);
export const conflict = (message: string, details?: Record<string, unknown>) => new DomainError('CONFLICT', message, details);
export const unauthenticated = (message = 'Authentication required') => new DomainError('UNAUTHENTICATED', message);
export const forbidden = (message = 'Not allowed') => new DomainError('FORBIDDEN', message);
/** Refused for now (brute-force protection); `retryAfter`: seconds until it may be tried again. */
export const tooManyAttempts = (message: string, retryAfter: number) => new DomainError('TOO_MANY_ATTEMPTS', message, { retryAfter });

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
