import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { counter, histogram } from './registry.js';

const operations = counter('graphql_operations_total', 'GraphQL operations by name, type and outcome', ['operation', 'type', 'outcome']);
const duration = histogram('graphql_operation_duration_seconds', 'GraphQL operation duration', ['operation', 'type']);
const errors = counter('graphql_errors_total', 'GraphQL errors by extensions.code', ['operation', 'code']);

/** Unnamed or unparseable operations share one label value, so cardinality stays bounded. */
const MAX_NAME = 64;
const MAX_DISTINCT_NAMES = 500;
const seenNames = new Set<string>();

function operationLabel(name: string | null | undefined): string {
  if (!name) return 'anonymous';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return 'invalid';
  const label = name.slice(0, MAX_NAME);
  if (seenNames.has(label)) return label;
  if (seenNames.size >= MAX_DISTINCT_NAMES) return 'other';
  seenNames.add(label);
  return label;
}

/**
 * Requests, duration and errors of every GraphQL operation, labelled by
 * operation name and type (never by raw query text or ids).
 */
export function graphqlMetricsPlugin<T extends BaseContext>(): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse({ operationName, operation, response, errors: requestErrors }) {
          const name = operationLabel(operation?.name?.value ?? operationName);
          const type = operation?.operation ?? 'unknown';
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const responseErrors = body?.errors ?? requestErrors ?? [];
          const outcome = responseErrors.length === 0 ? 'success' : body?.data ? 'partial' : 'error';
          operations.inc({ operation: name, type, outcome });
          duration.observe({ operation: name, type }, Number(process.hrtime.bigint() - started) / 1e9);
          for (const error of responseErrors) {
            errors.inc({ operation: name, code: String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR') });
          }
        },
      };
    },
  };
}
