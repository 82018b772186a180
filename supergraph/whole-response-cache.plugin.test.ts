import { ApolloServer } from '@apollo/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../platform/auth/viewer.js';
import { EPOCH_TAG } from '../platform/cache/query-cache.js';
import { InMemoryResponseCacheStore } from '../platform/response-cache/in-memory-response-cache-store.js';
import { responseCacheCount } from '../platform/response-cache/response-cache-metrics.js';
import { ResponseCache } from '../platform/response-cache/response-cache.js';
import type { ResponseCacheEntry } from '../platform/response-cache/response-cache-store.js';
import type { RouterContext } from './router-context.js';
import { SubgraphResponseCache, type SubgraphAnswer } from './subgraph-response-cache.js';
import { WholeResponseCache, wholeResponseCachePlugin } from './whole-response-cache.plugin.js';

const clerk1: Viewer = { kind: 'staff', id: 'c1', role: 'CLERK', storeId: 's1' };
const clerk1b: Viewer = { kind: 'staff', id: 'c1b', role: 'CLERK', storeId: 's1' };
const clerk2: Viewer = { kind: 'staff', id: 'c2', role: 'CLERK', storeId: 's2' };
const customer: Viewer = { kind: 'customer', id: 'u1', role: 'CUSTOMER', storeId: null };
const service: Viewer = { kind: 'service', id: 'sales', role: null, storeId: null };

type Declared = { maxAge: number; scope: string; tags: string[] } | null;

/**
 * A router stand-in: each root field is one subgraph fetch through the
 * router's per-fetch cache, reporting to RouterContext.operationFetches as
 * SubgraphDataSource does (and to the debug log); the subgraph answers with a counter's value and
 * declares what `declare` says for each field.
 */
function router(declare: Record<'stock' | 'name', Declared>) {
  const store = new InMemoryResponseCacheStore({ maxBytes: 1_000_000 });
  const cache = new ResponseCache({ store, timeoutMs: 100 });
  const subgraphs = { stock: new SubgraphResponseCache(cache, 'inventory', 'schema-1', 100_000), name: new SubgraphResponseCache(cache, 'catalog', 'schema-1', 100_000) };
  const state = { fetches: 0, version: 1, failing: undefined as 'stock' | 'name' | undefined };
  const fetch = (field: 'stock' | 'name') => async (_: unknown, args: { id: string }, context: RouterContext) => {
    const report = context.operationFetches?.start();
    if (state.failing === field) throw new Error(`${field} subgraph down`);
    const send = async (): Promise<SubgraphAnswer> => {
      state.fetches++;
      return { data: { [field]: `${field}-${args.id}-v${state.version}` }, extensions: declare[field] ? { cacheable: { root: declare[field] } } : {} };
    };
    const { answer, outcome, declaration } = await subgraphs[field].root({ query: `{${field}(id:$id)}`, variables: { id: args.id } }, context.viewer, send);
    context.responseCacheLog?.push({ subgraph: field === 'stock' ? 'inventory' : 'catalog', outcome });
    report?.(declaration);
    return answer.data![field];
  };
  const server = new ApolloServer<RouterContext>({
    typeDefs: 'type Query { stock(id: ID!): String name(id: ID!): String } type Mutation { touch: Int }',
    resolvers: { Query: { stock: fetch('stock'), name: fetch('name') }, Mutation: { touch: () => 1 } },
    plugins: [wholeResponseCachePlugin(new WholeResponseCache(cache, 'schema-1', 100_000))],
  });
  const ask = async (viewer: Viewer | null, id = 'a', headers: Partial<RouterContext> = {}) => {
    const contextValue: RouterContext = { viewer, clientAddress: '127.0.0.1', responseCacheLog: [], ...headers };
    const res = await server.executeOperation({ query: 'query($id: ID!) { stock(id: $id) name(id: $id) }', variables: { id } }, { contextValue });
    const body = res.body.kind === 'single' ? res.body.singleResult : undefined;
    return { data: body?.data, log: contextValue.responseCacheLog };
  };
  return { ask, cache, state };
}

const publicStock = { maxAge: 60, scope: 'PUBLIC', tags: ['stock:location:a'] };
const publicName = { maxAge: 300, scope: 'PUBLIC', tags: ['catalog:product:a'] };
const WHOLE_HIT = [{ subgraph: '*', outcome: 'hit' }];

/**
 * Numbers the tags first (a tag numbered while an answer is fetched counts as moved: that answer is not stored),
 * then one execution stores the whole answer.
 */
async function warm({ ask, cache }: Pick<ReturnType<typeof router>, 'ask' | 'cache'>, viewer: Viewer | null) {
  await cache.invalidate([EPOCH_TAG, 'stock:location:a', 'catalog:product:a']);
  await ask(viewer);
}

describe('whole-response cache at the router', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('when the same operation is asked again by an identity of the same scope, then it is answered whole without any subgraph fetch', async () => {
    const { ask, cache, state } = router({ stock: { ...publicStock, scope: 'ROLE_AND_STORE' }, name: publicName });
    await warm({ ask, cache }, clerk1);
    const fetches = state.fetches;
    const hitsBefore = responseCacheCount('*', 'operation', 'hit');
    const again = await ask(clerk1b);
    expect(again.log).toEqual(WHOLE_HIT);
    expect(again.data).toEqual({ stock: 'stock-a-v1', name: 'name-a-v1' });
    expect(state.fetches).toBe(fetches);
    expect(responseCacheCount('*', 'operation', 'hit')).toBe(hitsBefore + 1);
  });

  it('when an identity of another scope asks (another store, a user, anonymous, a service, the bypass header), then it is not served the stored answer', async () => {
    const { ask, cache } = router({ stock: { ...publicStock, scope: 'ROLE_AND_STORE' }, name: { ...publicName, scope: 'USER' } });
    await warm({ ask, cache }, clerk1);
    expect((await ask(clerk1)).log).toEqual(WHOLE_HIT);
    for (const viewer of [clerk1b, clerk2, customer, null, service]) expect((await ask(viewer)).log).not.toEqual(WHOLE_HIT);
    expect((await ask(clerk1, 'a', { responseCacheBypass: true })).log).not.toEqual(WHOLE_HIT);
  });

  it('when one of its tags is bumped, then the stored answer is stale and the operation is executed again', async () => {
    const { ask, cache, state } = router({ stock: publicStock, name: publicName });
    await warm({ ask, cache }, null);
    expect((await ask(null)).log).toEqual(WHOLE_HIT);
    state.version = 2;
    await cache.invalidate(['stock:location:a']);
    const after = await ask(null);
    expect(after.log).toHaveLength(2);
    expect(after.log).toEqual(expect.arrayContaining([{ subgraph: 'inventory', outcome: 'miss' }, { subgraph: 'catalog', outcome: 'hit' }]));
    expect(after.data).toEqual({ stock: 'stock-a-v2', name: 'name-a-v1' });
  });

  it('when one fetch of the operation was not declared cacheable, then the whole answer is never stored', async () => {
    const { ask, cache } = router({ stock: publicStock, name: null });
    await warm({ ask, cache }, null);
    for (let i = 0; i < 4; i++) expect((await ask(null)).log).not.toEqual(WHOLE_HIT);
    expect((await ask(null)).log).toEqual([
      { subgraph: 'inventory', outcome: 'hit' },
      { subgraph: 'catalog', outcome: 'uncacheable' },
    ]);
  });

  it('when a fetch of the operation was not declared cacheable, then its next executions skip the whole-response lookup; after an answer with errors they do not', async () => {
    // Store reads: one per subgraph fetch, plus the whole operation's lookup unless it is skipped.
    const storeReads = (cache: ResponseCache) => {
      const calls = { count: 0 };
      const original = cache.lookup.bind(cache);
      cache.lookup = (keys) => {
        calls.count++;
        return original(keys);
      };
      return calls;
    };
    const undeclared = router({ stock: publicStock, name: null });
    const reads = storeReads(undeclared.cache);
    await undeclared.ask(null);
    expect(reads.count).toBe(3);
    for (let i = 0; i < 3; i++) expect((await undeclared.ask(null)).data).toEqual({ stock: 'stock-a-v1', name: 'name-a-v1' });
    expect(reads.count).toBe(3 + 3 * 2);

    // An answer with errors (here a fetch failed beside the undeclared one) is not remembered: any caller can provoke errors.
    const failing = router({ stock: publicStock, name: null });
    const failingReads = storeReads(failing.cache);
    failing.state.failing = 'stock';
    await failing.ask(null);
    expect(failingReads.count).toBe(2);
    failing.state.failing = undefined;
    await failing.ask(null);
    expect(failingReads.count).toBe(2 + 3);
  });

  it('when a tag is bumped while the operation is executing, then its answer is not stored', async () => {
    const { ask, cache, state } = router({ stock: publicStock, name: publicName });
    await warm({ ask, cache }, null);
    await cache.invalidate(['stock:location:a']);
    // A write lands after the whole lookup, just after the catalog fetch was served its (then current) entry.
    const bumpDuringFetch = state;
    let bumped = false;
    const original = cache.lookup.bind(cache);
    cache.lookup = async (keys) => {
      const result = await original(keys);
      if (!bumped && keys.some((k) => k.startsWith('catalog:'))) {
        bumped = true;
        bumpDuringFetch.version = 2;
        await cache.invalidate(['catalog:product:a']);
      }
      return result;
    };
    await ask(null);
    expect(bumped).toBe(true);
    cache.lookup = original;
    const after = await ask(null);
    expect(after.log).not.toEqual(WHOLE_HIT);
    expect(after.data).toEqual({ stock: 'stock-a-v2', name: 'name-a-v2' });
  });

  it('when a fetch is served from an entry stored earlier, then the whole answer lives no longer than that entry has left', async () => {
    const { ask, cache } = router({ stock: publicStock, name: publicName });
    await warm({ ask, cache }, null);
    const wholeWrites: ResponseCacheEntry[] = [];
    const write = cache.write.bind(cache);
    cache.write = async (entries, since) => {
      wholeWrites.push(...entries.filter((e) => e.key.startsWith('*:')));
      return write(entries, since);
    };
    // 50 s later (the entries' own expiry is in real time: the stock entry is still there, with 10 s left by its clock).
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 50_000);
    await cache.invalidate(['catalog:product:a']);
    const after = await ask(null);
    expect(after.log).toEqual(expect.arrayContaining([{ subgraph: 'inventory', outcome: 'hit' }]));
    expect(wholeWrites).toHaveLength(1);
    expect(wholeWrites[0]!.ttlSeconds).toBeLessThanOrEqual(10);
    expect(wholeWrites[0]!.ttlSeconds).toBeGreaterThanOrEqual(9);
  });
});
