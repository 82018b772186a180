import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Viewer } from '../platform/auth/viewer.js';
import { InMemoryResponseCacheStore } from '../platform/response-cache/in-memory-response-cache-store.js';
import { ResponseCache } from '../platform/response-cache/response-cache.js';
import { remainingSeconds, SubgraphResponseCache, type SubgraphAnswer } from './subgraph-response-cache.js';

const ENTITIES = 'query($representations:[_Any!]!){_entities(representations:$representations){...on Store{stock{totalCount}}}}';
const clerk1: Viewer = { kind: 'staff', id: 'c1', role: 'CLERK', storeId: 's1' };
const clerk2: Viewer = { kind: 'staff', id: 'c2', role: 'CLERK', storeId: 's2' };
const service: Viewer = { kind: 'service', id: 'sales', role: null, storeId: null };

/** A subgraph that answers each representation with its id and counts what it was asked; declarations as given. */
function subgraph(declare: (id: string) => { maxAge: number; scope: string; tags: string[] } | null = (id) => ({ maxAge: 60, scope: 'PUBLIC', tags: [`stock:location:${id}`] })) {
  const asked: string[][] = [];
  let version = 1;
  const send = async (variables: Record<string, unknown>): Promise<SubgraphAnswer> => {
    const reps = variables.representations as Array<{ id: string }>;
    asked.push(reps.map((r) => r.id));
    return {
      data: { _entities: reps.map((r) => (r.id === 'missing' ? null : { stock: { totalCount: version, of: r.id } })) },
      extensions: { cacheable: { entities: reps.map((r) => (r.id === 'missing' ? null : declare(r.id))) } },
    };
  };
  return { send, asked, setVersion: (v: number) => (version = v) };
}

function setup() {
  const store = new InMemoryResponseCacheStore({ maxBytes: 1_000_000 });
  const cache = new ResponseCache({ store, timeoutMs: 100 });
  return { cache, rc: new SubgraphResponseCache(cache, 'inventory', 'schema-1', 100_000) };
}

const request = (...ids: string[]) => ({ query: ENTITIES, variables: { representations: ids.map((id) => ({ __typename: 'Store', id })) } });
const ids = (answer: SubgraphAnswer) => (answer.data!._entities as Array<{ stock: { of: string } } | null>).map((e) => e?.stock.of ?? null);

describe('router response cache of one subgraph', () => {
  it('when part of an entity fetch is cached, then the subgraph is asked only for the rest and the answer comes back in the order asked', async () => {
    const { rc } = setup();
    const s = subgraph();
    await rc.entities(request('a', 'b'), null, s.send);
    const { answer, outcome } = await rc.entities(request('c', 'a', 'missing', 'b'), null, s.send);
    expect(s.asked).toEqual([['a', 'b'], ['c', 'missing']]);
    expect(ids(answer)).toEqual(['c', 'a', null, 'b']);
    expect(outcome).toBe('partial');
    const again = await rc.entities(request('b', 'c', 'a'), clerk1, s.send);
    expect(again.outcome).toBe('hit');
    expect(ids(again.answer)).toEqual(['b', 'c', 'a']);
    expect(s.asked).toHaveLength(2);
  });

  it('when a tag of a cached entity is bumped, then that entity is asked again and the others still come from the cache', async () => {
    const { rc, cache } = setup();
    const s = subgraph();
    await rc.entities(request('a', 'b'), null, s.send);
    s.setVersion(2);
    await cache.invalidate(['stock:location:b']);
    const { answer } = await rc.entities(request('a', 'b'), null, s.send);
    expect(s.asked.at(-1)).toEqual(['b']);
    expect((answer.data!._entities as Array<{ stock: { totalCount: number } }>).map((e) => e.stock.totalCount)).toEqual([1, 2]);
  });

  it('when an answer is declared per role and store, then a clerk of another store is never served it', async () => {
    const { rc } = setup();
    const s = subgraph(() => ({ maxAge: 60, scope: 'ROLE_AND_STORE', tags: [] }));
    await rc.entities(request('a'), clerk1, s.send);
    await rc.entities(request('a'), clerk1, s.send);
    expect(s.asked).toHaveLength(1);
    await rc.entities(request('a'), clerk2, s.send);
    await rc.entities(request('a'), null, s.send);
    expect(s.asked).toHaveLength(3);
  });

  it('when the subgraph declares nothing for an entity, or a service asks, then nothing is stored or served', async () => {
    const { rc } = setup();
    const undeclared = subgraph(() => null);
    await rc.entities(request('a'), null, undeclared.send);
    await rc.entities(request('a'), null, undeclared.send);
    expect(undeclared.asked).toHaveLength(2);
    const s = subgraph();
    await rc.entities(request('z'), null, s.send);
    expect((await rc.entities(request('z'), service, s.send)).outcome).toBe('bypass');
    expect(s.asked).toHaveLength(2);
  });

  it('when an answer has errors, then nothing of it is stored, and error paths point at the representations as asked', async () => {
    const { rc } = setup();
    const s = subgraph();
    await rc.entities(request('a'), null, s.send);
    const failing = async (variables: Record<string, unknown>): Promise<SubgraphAnswer> => ({
      ...(await s.send(variables)),
      errors: [{ message: 'FORBIDDEN', path: ['_entities', 0, 'stock'] }],
    });
    const { answer } = await rc.entities(request('a', 'b'), null, failing);
    expect(answer.errors?.[0]?.path).toEqual(['_entities', 1, 'stock']);
    await rc.entities(request('b'), null, s.send);
    expect(s.asked.at(-1)).toEqual(['b']);
  });

  it('when a root fetch is asked again with other variables, then it is a different entry; with the same ones, a hit', async () => {
    const { rc } = setup();
    let calls = 0;
    const send = async (variables: Record<string, unknown>): Promise<SubgraphAnswer> => {
      calls++;
      return { data: { store: { id: variables.id } }, extensions: { cacheable: { root: { maxAge: 60, scope: 'PUBLIC', tags: ['stock:locations'] } } } };
    };
    const query = 'query($id:ID!){store(id:$id){id}}';
    await rc.root({ query, variables: { id: '1' } }, null, send);
    expect((await rc.root({ query, variables: { id: '1' } }, clerk2, send)).answer).toEqual({ data: { store: { id: '1' } } });
    await rc.root({ query, variables: { id: '2' } }, null, send);
    expect(calls).toBe(2);
  });

  describe('an entry lives its maxAge from when the fetch was sent (a lifetime the subgraph capped is never lengthened)', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    /** A subgraph whose answer takes `ms` to come back, declared for `maxAge`; what the store was given. */
    function slow(ms: number, maxAge: number) {
      const { cache, rc } = setup();
      const stored: number[] = [];
      const write = cache.write.bind(cache);
      cache.write = async (entries, since) => {
        stored.push(...entries.map((e) => e.ttlSeconds));
        return write(entries, since);
      };
      const send = async (variables: Record<string, unknown>): Promise<SubgraphAnswer> => {
        vi.setSystemTime(Date.now() + ms);
        const reps = variables.representations as Array<{ id: string }> | undefined;
        const declared = { maxAge, scope: 'ROLE_AND_STORE', tags: ['sales:all'] };
        return reps
          ? { data: { _entities: reps.map((r) => ({ id: r.id })) }, extensions: { cacheable: { entities: reps.map(() => declared) } } }
          : { data: { dashboard: { today: '2026-12-06' } }, extensions: { cacheable: { root: declared } } };
      };
      return { rc, stored, send };
    }

    it('when a root answer took 400 ms to come back, then it is stored for its maxAge less those 400 ms', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { rc, stored, send } = slow(400, 30);
      expect((await rc.root({ query: '{dashboard{today}}', variables: {} }, clerk1, send)).outcome).toBe('miss');
      expect(stored).toEqual([29.6]);
    });

    it('when entities came back after their whole maxAge had passed, then none is stored', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      const { rc, stored, send } = slow(2_000, 2);
      await rc.entities(request('a', 'b'), clerk1, send);
      await rc.root({ query: '{dashboard{today}}', variables: {} }, clerk1, send);
      expect(stored).toEqual([]);
    });

    it('when what is left is computed, then it is the maxAge less the time since sending, and nothing once that is spent', () => {
      expect(remainingSeconds(60, 1_000, 1_250)).toBe(59.75);
      expect(remainingSeconds(1, 1_000, 2_000)).toBeNull();
      expect(remainingSeconds(5, 1_000, 900)).toBe(5);
    });
  });
});
