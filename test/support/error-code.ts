import { DomainError } from '../../platform/errors/domain-error.js';

/**
 * The extensions.code of the DomainError that `run` throws; undefined when
 * it throws nothing; 'NOT_A_DOMAIN_ERROR' when it throws something else.
 */
export function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    return error instanceof DomainError ? error.code : 'NOT_A_DOMAIN_ERROR';
  }
  return undefined;
}
