import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import type { DocumentNode, GraphQLResolveInfo } from 'graphql';
import { answerLifetimeCap } from './answer-lifetime.js';
import { expandTag, readCacheableDeclarations, type CacheableDeclaration } from './cacheable-declarations.js';
import { narrowestScope, type CacheScope } from './response-cache-key.js';

/** What a subgraph declares for one cacheable part of its answer (the whole answer, or one entity). */
export interface AnswerDeclaration {
  maxAge: number;
  scope: CacheScope;
  tags: string[];
}

/** Sent in the answer's `extensions.cacheable` when some of it is cacheable: null where something resolved was not declared (or a tag could not be filled). */
export type CacheableExtension = { root: AnswerDeclaration | null } | { entities: Array<AnswerDeclaration | null> };

interface Slot {
  maxAge: number;
  scopes: Set<CacheScope>;
  tags: Set<string>;
  undeclared: boolean;
}

/** The part of the answer a field belongs to: 'root', or the index of its `_entities` representation; null for `_entities` itself. */
function slotOf(info: GraphQLResolveInfo): number | 'root' | null {
  let path = info.path;
  while (path.prev?.prev) path = path.prev;
  if (path.prev === undefined) return path.key === '_entities' ? null : 'root';
  return path.prev.key === '_entities' && typeof path.key === 'number' ? path.key : 'root';
}

/**
 * The declared maxAge under the domain's cap (answer-lifetime), in whole
 * seconds rounded down: an answer that may live less than a second is not
 * cached at all (stores count in whole seconds and would round it up).
 */
export function cappedMaxAge(declared: number, cap: number): number | null {
  const seconds = Math.floor(Math.min(declared, cap));
  return seconds >= 1 ? seconds : null;
}

/**
 * Tells the router, with each query answer, what the fields it resolved
 * declared with @cacheable (docs/response-cache.md): the router caches
 * nothing this does not vouch for. Per `_entities` representation for an
 * entity fetch. Mutations get nothing (never cached). A cap the domain put on
 * the answer's lifetime (limitAnswerLifetime) shortens every part of it.
 */
export function cacheableDeclarationsPlugin<TContext extends BaseContext>(typeDefs: DocumentNode): ApolloServerPlugin<TContext> {
  const declarations = readCacheableDeclarations(typeDefs).byCoordinate;
  // A subgraph that declares nothing pays nothing per field.
  if (declarations.size === 0) return {};
  const declarationOf = (type: string, field: string): CacheableDeclaration | undefined => declarations.get(`${type}.${field}`) ?? declarations.get(type);
  return {
    async requestDidStart() {
      const slots = new Map<number | 'root', Slot>();
      const slot = (key: number | 'root') => {
        let s = slots.get(key);
        if (!s) slots.set(key, (s = { maxAge: Infinity, scopes: new Set(), tags: new Set(), undeclared: false }));
        return s;
      };
      return {
        async executionDidStart({ operation }) {
          if (operation.operation !== 'query') return;
          return {
            willResolveField({ source, args, info }) {
              const key = slotOf(info);
              if (key === null) return;
              const target = slot(key);
              const declaration = declarationOf(info.parentType.name, info.fieldName);
              if (!declaration) {
                target.undeclared = true;
                return;
              }
              target.maxAge = Math.min(target.maxAge, declaration.maxAge);
              target.scopes.add(declaration.scope);
              for (const template of declaration.tags) {
                const tag = expandTag(template, args, source);
                if (tag === undefined) target.undeclared = true;
                else target.tags.add(tag);
              }
            },
          };
        },
        async willSendResponse({ response, operation, request }) {
          if (operation?.operation !== 'query' || response.body.kind !== 'single') return;
          const cap = answerLifetimeCap();
          const declared = (s: Slot | undefined): AnswerDeclaration | null => {
            if (!s || s.undeclared || s.maxAge === Infinity) return null;
            const maxAge = cappedMaxAge(s.maxAge, cap);
            return maxAge === null ? null : { maxAge, scope: narrowestScope([...s.scopes]), tags: [...s.tags] };
          };
          const representations = request.variables?.representations;
          const extension: CacheableExtension = Array.isArray(representations)
            ? { entities: representations.map((_, i) => declared(slots.get(i))) }
            : { root: declared(slots.get('root')) };
          // Nothing cacheable: the answer stays as it was (the router caches nothing it lacks a declaration for).
          if ('root' in extension ? extension.root === null : extension.entities.every((d) => d === null)) return;
          const result = response.body.singleResult;
          result.extensions = { ...result.extensions, cacheable: extension };
        },
      };
    },
  };
}
