import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { trace } from '@opentelemetry/api';
import type { Logger } from './logger.js';

/**
 * One log line per GraphQL operation: name, type, duration and error codes
 * (never variables: they may hold passwords). The active span gets the
 * operation's name so traces read like the operations clients sent.
 */
export function requestLoggingPlugin<T extends BaseContext>(logger: Logger): ApolloServerPlugin<T> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didResolveOperation({ operation, operationName }) {
          const span = trace.getActiveSpan();
          if (!operation) return;
          const name = operation.name?.value ?? operationName ?? 'anonymous';
          span?.setAttributes({ 'graphql.operation.name': name, 'graphql.operation.type': operation.operation });
          span?.updateName(`${operation.operation} ${name}`);
        },
        async willSendResponse({ operation, operationName, response, errors }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = (body?.errors ?? errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          logger.info(
            {
              operation: operation?.name?.value ?? operationName ?? 'anonymous',
              type: operation?.operation ?? 'unknown',
              durationMs: Number(process.hrtime.bigint() - started) / 1e6,
              ...(codes.length ? { errorCodes: codes } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
