import type { GraphQLFormattedError } from 'graphql';
import type { Viewer } from '../platform/auth/viewer.js';
import type { AnswerDeclaration } from '../platform/response-cache/cacheable-declarations.plugin.js';
import { countResponseCache, countResponseCacheBytes } from '../platform/response-cache/response-cache-metrics.js';
import { entityTag, responseCacheKey, scopePart, type CacheScope } from '../platform/response-cache/response-cache-key.js';
import type { ResponseCache } from '../platform/response-cache/response-cache.js';
import type { ResponseCacheEntry } from '../platform/response-cache/response-cache-store.js';
import { combineDeclarations, type FetchDeclaration } from './operation-fetches.js';

/** The part of a subgraph answer this module reads and writes. */
export interface SubgraphAnswer {
  data?: Record<string, unknown> | null;
  errors?: ReadonlyArray<GraphQLFormattedError>;
  extensions?: Record<string, unknown>;
}

/** How a fetch was served (the development debug header lists them). */
export type FetchOutcome = 'hit' | 'partial' | 'miss' | 'bypass' | 'uncacheable';

/** What is read of a subgraph request. */
interface FetchRequest {
  query?: string;
  variables?: Record<string, unknown>;
}

/** Sends the fetch; `since`, the position read before it, keeps it from sharing a flight that started earlier (inflight-queries.ts). */
type Send<A> = (variables: Record<string, unknown>, since?: number) => Promise<A>;

/** What a fetch resolves to: the answer, how it was served, and what it may be cached as (undefined: not cacheable). */
export interface FetchResult<A> {
  answer: A;
  outcome: FetchOutcome;
  declaration?: FetchDeclaration;
}

/** A stored entry: the data with its declaration, so a hit tells the whole-response cache what a miss would have. */
interface Envelope {
  data: unknown;
  tags: readonly string[];
  scope: CacheScope;
  expiresAt: number;
}

/** In every key: entries stored in an older format (bare data) are never read as envelopes. */
const ENTRY_FORMAT = 'envelope-1';

/** The lifetime counts from when the fetch was sent: the answer's way back never lengthens it. */
function envelope(data: unknown, declared: AnswerDeclaration, tags: readonly string[], sentAt: number): { value: string; declaration: FetchDeclaration } {
  const declaration = { tags, scope: declared.scope, expiresAt: sentAt + declared.maxAge * 1000 };
  return { value: JSON.stringify({ data, ...declaration } satisfies Envelope), declaration };
}

function opened(value: string): { data: unknown; declaration: FetchDeclaration } {
  const { data, ...declaration } = JSON.parse(value) as Envelope;
  return { data, declaration };
}

interface Representation {
  __typename: string;
  [field: string]: unknown;
}

/**
 * What is left of a declared maxAge once the fetch came back, in seconds
 * (null: nothing, do not store). It counts from when the fetch was
 * sent, not from when the entry is stored: a lifetime the subgraph capped
 * (a dashboard of today ends at midnight) must not be lengthened by the
 * answer's way back.
 */
export function remainingSeconds(maxAge: number, sentAt: number, now = Date.now()): number | null {
  const seconds = maxAge - Math.max(0, now - sentAt) / 1000;
  return seconds >= 0.001 ? seconds : null;
}

/**
 * The response cache of one subgraph's fetches at the router
 * (docs/response-cache.md): a root fetch cached whole, an `_entities` fetch
 * per representation (the subgraph is asked only for the missing ones).
 * Only what the subgraph declared with its answer is stored, under the
 * declared scope, and only if the answer has no error. Before a fetch its
 * scope comes from what the subgraph declared for the same selection before
 * (declarations are static); none known yet: the fetch is a miss.
 */
export class SubgraphResponseCache {
  /** Declared scope by selection (a root fetch) or selection and entity type. */
  private readonly scopes = new Map<string, CacheScope>();

  constructor(
    private readonly cache: ResponseCache,
    private readonly subgraph: string,
    /** The supergraph's hash: entries of another schema are never read. */
    private readonly schema: string,
    private readonly maxEntryBytes: number,
  ) {}

  private key(type: string, selection: string, keyFields: unknown, scope: string): string {
    return responseCacheKey({ schema: `${ENTRY_FORMAT}:${this.schema}`, subgraph: this.subgraph, type, keyFields, selection, scope });
  }

  /** A query fetch that is not an entity fetch: cached whole. */
  async root<A extends SubgraphAnswer>(request: FetchRequest, viewer: Viewer | null, send: Send<A>): Promise<FetchResult<A>> {
    const query = request.query!;
    const variables = request.variables ?? {};
    const known = this.scopes.get(query);
    const knownPart = known && scopePart(known, viewer);
    const { since, values } = viewer?.kind === 'service' ? { since: undefined, values: [] } : await this.cache.lookup(knownPart ? [this.key('Query', query, variables, knownPart)] : []);
    if (since === undefined) {
      countResponseCache(this.subgraph, 'Query', 'bypass');
      return { answer: await send(variables), outcome: 'bypass' };
    }
    if (values[0] !== undefined) {
      countResponseCache(this.subgraph, 'Query', 'hit');
      countResponseCacheBytes(this.subgraph, 'Query', 'hit', values[0].length);
      const { data, declaration } = opened(values[0]);
      return { answer: { data } as unknown as A, outcome: 'hit', declaration };
    }
    const sentAt = Date.now();
    const answer = await send(variables, since);
    const declared = (answer.extensions?.cacheable as { root?: AnswerDeclaration | null } | undefined)?.root;
    const ttlSeconds = declared && remainingSeconds(declared.maxAge, sentAt);
    if (!declared || !ttlSeconds || answer.errors?.length || !answer.data) {
      countResponseCache(this.subgraph, 'Query', 'uncacheable');
      return { answer, outcome: 'uncacheable' };
    }
    countResponseCache(this.subgraph, 'Query', 'miss');
    this.scopes.set(query, declared.scope);
    const part = scopePart(declared.scope, viewer)!;
    const { value, declaration } = envelope(answer.data, declared, declared.tags, sentAt);
    await this.store([{ key: this.key('Query', query, variables, part), value, tags: declared.tags, ttlSeconds }], since, 'Query');
    return { answer, outcome: 'miss', declaration };
  }

  /** An `_entities` fetch: each representation cached on its own; the subgraph is asked only for those not cached, and the answer reassembled in order. */
  async entities<A extends SubgraphAnswer>(request: FetchRequest, viewer: Viewer | null, send: Send<A>): Promise<FetchResult<A>> {
    const query = request.query!;
    const { representations, ...rest } = request.variables as { representations: Representation[] } & Record<string, unknown>;
    const keyOf = (r: Representation, scope: CacheScope | undefined) => {
      const part = scope && scopePart(scope, viewer);
      return part ? this.key(r.__typename, query, { representation: r, variables: rest }, part) : undefined;
    };
    const keys = representations.map((r) => keyOf(r, this.scopes.get(`${query}\0${r.__typename}`)));
    const known = keys.flatMap((k, i) => (k === undefined ? [] : [i]));
    const { since, values } = viewer?.kind === 'service' ? { since: undefined, values: [] } : await this.cache.lookup(known.map((i) => keys[i]!));
    if (since === undefined) {
      for (const r of representations) countResponseCache(this.subgraph, r.__typename, 'bypass');
      return { answer: await send(request.variables!), outcome: 'bypass' };
    }
    const results: unknown[] = new Array(representations.length);
    const declarations: Array<FetchDeclaration | undefined> = representations.map(() => undefined);
    const cached = new Set<number>();
    known.forEach((i, j) => {
      const value = values[j];
      if (value === undefined) return;
      ({ data: results[i], declaration: declarations[i] } = opened(value));
      cached.add(i);
      countResponseCache(this.subgraph, representations[i]!.__typename, 'hit');
      countResponseCacheBytes(this.subgraph, representations[i]!.__typename, 'hit', value.length);
    });
    const missing = representations.flatMap((_, i) => (cached.has(i) ? [] : [i]));
    if (missing.length === 0) return { answer: { data: { _entities: results } } as unknown as A, outcome: 'hit', declaration: combineDeclarations(declarations) };
    const sentAt = Date.now();
    const answer = await send({ ...rest, representations: missing.map((i) => representations[i]) }, since);
    const fetched = answer.data?._entities;
    if (!Array.isArray(fetched) || fetched.length !== missing.length) {
      for (const i of missing) countResponseCache(this.subgraph, representations[i]!.__typename, 'uncacheable');
      // Nothing to reassemble with: the subgraph's answer as it is, once every representation was asked.
      return cached.size ? { answer: await send(request.variables!, since), outcome: 'uncacheable' } : { answer, outcome: 'uncacheable' };
    }
    missing.forEach((i, j) => (results[i] = fetched[j]));
    const declaredOf = (answer.extensions?.cacheable as { entities?: Array<AnswerDeclaration | null> } | undefined)?.entities;
    const entries: ResponseCacheEntry[] = [];
    missing.forEach((i, j) => {
      const representation = representations[i]!;
      const declared = declaredOf?.[j];
      const ttlSeconds = declared && remainingSeconds(declared.maxAge, sentAt);
      if (!declared || !ttlSeconds || answer.errors?.length || fetched[j] == null) {
        countResponseCache(this.subgraph, representation.__typename, 'uncacheable');
        return;
      }
      countResponseCache(this.subgraph, representation.__typename, 'miss');
      this.scopes.set(`${query}\0${representation.__typename}`, declared.scope);
      const tags = [...declared.tags, entityTag(representation.__typename, representation)];
      const { value, declaration } = envelope(fetched[j], declared, tags, sentAt);
      declarations[i] = declaration;
      entries.push({ key: keyOf(representation, declared.scope)!, value, tags, ttlSeconds });
    });
    await this.store(entries, since, representations[missing[0]!]!.__typename);
    const errors = answer.errors?.map((e) => (e.path?.[0] === '_entities' && typeof e.path[1] === 'number' ? { ...e, path: ['_entities', missing[e.path[1]] ?? e.path[1], ...e.path.slice(2)] } : e));
    return {
      answer: { ...answer, data: { ...answer.data, _entities: results }, ...(errors ? { errors } : {}) },
      outcome: cached.size ? 'partial' : 'miss',
      declaration: answer.errors?.length ? undefined : combineDeclarations(declarations),
    };
  }

  private async store(entries: ResponseCacheEntry[], since: number, type: string): Promise<void> {
    const small = entries.filter((e) => e.value.length <= this.maxEntryBytes);
    if (small.length === 0) return;
    await this.cache.write(small, since);
    countResponseCacheBytes(this.subgraph, type, 'stored', small.reduce((n, e) => n + e.value.length, 0));
  }
}
