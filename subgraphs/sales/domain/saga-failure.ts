import { GraphQLError } from 'graphql';
import { DomainError } from '../../../platform/errors/domain-error.js';
import { SubgraphUnavailableError } from '../data-access/subgraph-client.js';

/** The saga lost its footing (recovery rolled it back while it was slow); nothing was sold. */
export class SagaInterruptedError extends GraphQLError {
  constructor() {
    super('The sale was interrupted and rolled back; nothing was sold. Try again.', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  }
}

/** How a saga records why it failed: the domain code, SERVICE_UNAVAILABLE for a peer or an interruption, else INTERNAL. */
export function failureOf(error: unknown): { failureCode: string; failureMessage: string } {
  if (error instanceof DomainError) return { failureCode: error.code, failureMessage: error.message };
  if (error instanceof SubgraphUnavailableError || error instanceof SagaInterruptedError) return { failureCode: 'SERVICE_UNAVAILABLE', failureMessage: error.message };
  return { failureCode: 'INTERNAL', failureMessage: error instanceof Error ? error.message : String(error) };
}
