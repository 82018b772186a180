import type { ApolloServerPlugin } from '@apollo/server';
import type { RouterContext } from './router-context.js';

/**
 * Development only (router-context.ts sets the log when asked with the
 * `x-response-cache-debug` header outside production): the answer's
 * `extensions.responseCache` lists each subgraph fetch and how it was served
 * (hit, partial, miss, bypass, uncacheable), like Apollo's cache debugger.
 */
export function responseCacheDebugPlugin(): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (!contextValue.responseCacheLog) return;
      return {
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, responseCache: contextValue.responseCacheLog };
        },
      };
    },
  };
}
