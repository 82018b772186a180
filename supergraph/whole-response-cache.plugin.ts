import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestContextResponseForOperation, type GraphQLResponse } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { Viewer } from '../platform/auth/viewer.js';
import { countResponseCache, countResponseCacheBytes } from '../platform/response-cache/response-cache-metrics.js';
import { responseCacheKey, scopePart, type CacheScope } from '../platform/response-cache/response-cache-key.js';
import type { ResponseCache } from '../platform/response-cache/response-cache.js';
import { OperationFetches } from './operation-fetches.js';
import type { RouterContext } from './router-context.js';

/** How long an operation found not cacheable skips the whole-response lookup before it is tried again. */
const UNDECLARED_REMEMBERED_MS = 10_000;

/** In metrics and the debug log: the whole operation rather than one subgraph's fetch. */
export const WHOLE_RESPONSE = { subgraph: '*', type: 'operation' } as const;

interface Operation {
  /** The document and the operation chosen in it. */
  id: string;
  variables: Record<string, unknown>;
  viewer: Viewer | null;
}

/**
 * Whole query answers at the router (docs/response-cache.md): a repeated
 * operation is answered after one store read, without planning or
 * executing it. An answer is stored only when every subgraph fetch of it
 * was declared cacheable (each reports through RouterContext.operationFetches,
 * a hit with what its entry was stored with): under the union of their
 * tags, the shortest remaining lifetime, the narrowest scope, and only if no
 * tag moved since the position read before the first fetch.
 */
export class WholeResponseCache {
  /**
   * The scope each operation's last stored execution declared: the key to look it up under. Bounded: operations
   * come from clients (an evicted one is executed once more before it is served whole again).
   */
  private readonly scopes = new LRUCache<string, CacheScope>({ max: 10_000 });
  /**
   * Operations whose last execution answered without errors with a fetch not declared cacheable: they skip the
   * lookup (a store round trip) for a while. Not after errors, which any caller can provoke (anonymous, say).
   */
  private readonly undeclared = new LRUCache<string, true>({ max: 10_000, ttl: UNDECLARED_REMEMBERED_MS });

  constructor(
    private readonly cache: ResponseCache,
    /** The supergraph's hash: entries of another schema are never read. */
    private readonly schema: string,
    private readonly maxEntryBytes: number,
  ) {}

  private key(operation: Operation, part: string): string {
    return responseCacheKey({ schema: this.schema, subgraph: WHOLE_RESPONSE.subgraph, type: WHOLE_RESPONSE.type, keyFields: operation.variables, selection: operation.id, scope: part });
  }

  /** The stored answer's data, or the position to store a fresh one against (undefined both: bypass the cache). */
  async lookup(operation: Operation): Promise<{ data?: unknown; since?: number }> {
    if (this.undeclared.has(operation.id)) {
      countResponseCache(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'uncacheable');
      return {};
    }
    const known = this.scopes.get(operation.id);
    const part = known && scopePart(known, operation.viewer);
    const { since, values } = await this.cache.lookup(part ? [this.key(operation, part)] : []);
    if (since === undefined) {
      countResponseCache(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'bypass');
      return {};
    }
    const value = values[0];
    if (value === undefined) return { since };
    countResponseCache(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'hit');
    countResponseCacheBytes(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'hit', value.length);
    return { data: JSON.parse(value) };
  }

  /** Stores an answer executed after `since` when every fetch of it was declared and it has no error. */
  async store(operation: Operation, fetches: OperationFetches, answer: { data?: unknown; errors?: readonly unknown[] }, since: number): Promise<void> {
    const declaration = fetches.combined();
    const ttlSeconds = declaration ? Math.floor((declaration.expiresAt - Date.now()) / 1000) : 0;
    const part = declaration && scopePart(declaration.scope, operation.viewer);
    if (!declaration || !part || ttlSeconds < 1 || answer.errors?.length || answer.data == null) {
      if (fetches.undeclaredFetch && !answer.errors?.length) this.undeclared.set(operation.id, true);
      countResponseCache(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'uncacheable');
      return;
    }
    countResponseCache(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'miss');
    this.scopes.set(operation.id, declaration.scope);
    const value = JSON.stringify(answer.data);
    if (value.length > this.maxEntryBytes) return;
    await this.cache.write([{ key: this.key(operation, part), value, tags: declaration.tags, ttlSeconds }], since);
    countResponseCacheBytes(WHOLE_RESPONSE.subgraph, WHOLE_RESPONSE.type, 'stored', value.length);
  }
}

function operationOf(request: GraphQLRequestContextResponseForOperation<RouterContext>): Operation {
  return {
    id: `${request.queryHash ?? request.source}\0${request.operationName ?? ''}`,
    variables: request.request.variables ?? {},
    viewer: request.contextValue.viewer,
  };
}

function answered(data: unknown): GraphQLResponse {
  return { http: { headers: new HeaderMap(), status: undefined }, body: { kind: 'single', singleResult: { data: data as Record<string, unknown> } } };
}

/**
 * Queries only, after they are parsed, validated and their limits checked;
 * never with `x-response-cache: bypass`, never for a service inside a saga.
 */
export function wholeResponseCachePlugin(whole: WholeResponseCache): ApolloServerPlugin<RouterContext> {
  return {
    async requestDidStart({ contextValue }) {
      if (contextValue.responseCacheBypass || contextValue.viewer?.kind === 'service') return;
      let pending: { operation: Operation; since: number } | undefined;
      return {
        async responseForOperation(request) {
          if (request.operation.operation !== 'query') return null;
          const operation = operationOf(request);
          const { data, since } = await whole.lookup(operation);
          if (data !== undefined) {
            contextValue.responseCacheLog?.push({ subgraph: WHOLE_RESPONSE.subgraph, outcome: 'hit' });
            return answered(data);
          }
          if (since !== undefined) {
            pending = { operation, since };
            contextValue.operationFetches = new OperationFetches();
          }
          return null;
        },
        async willSendResponse({ response }) {
          if (!pending || !contextValue.operationFetches || response.body.kind !== 'single') return;
          await whole.store(pending.operation, contextValue.operationFetches, response.body.singleResult, pending.since);
        },
      };
    },
  };
}
