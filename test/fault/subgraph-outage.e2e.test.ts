import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultSystem, type FaultSystem } from '../support/fault-system.js';
import { storeId } from '../support/demo.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A subgraph that dies or hangs, through the router: answers stay partial
 * (the fields of the other subgraphs, SERVICE_UNAVAILABLE on the nullable
 * fields of the lost one), never hang, the circuit breaker fails fast while
 * it is gone, and the same router answers fully again once it is back.
 * Its own catalog + inventory + router, so killing inventory disturbs no one.
 */
const TIMEOUT_MS = 2_000;
const OPEN_MS = 1_000;
let fault: FaultSystem;

beforeAll(async () => {
  fault = await startFaultSystem({
    subgraphs: ['catalog', 'inventory'],
    // Without the response cache: what is measured is how fetches to a lost subgraph fail (a cached answer would not ask it).
    env: { SUBGRAPH_TIMEOUT_MS: String(TIMEOUT_MS), SUBGRAPH_RETRIES: '2', SUBGRAPH_BREAKER_THRESHOLD: '3', SUBGRAPH_BREAKER_OPEN_MS: String(OPEN_MS), RESPONSE_CACHE_ENABLED: 'false' },
  });
});
afterAll(async () => {
  await fault?.stop();
});

const SHELF = `query Shelf($s: ID!) { products(first: 3) { edges { node { id name stock(storeId: $s) { quantity } } } } }`;
const shelf = () => fault.gql(SHELF, { s: storeId(1) }, undefined, TIMEOUT_MS * 3);
type Shelf = { products: { edges: Array<{ node: { name: string; stock: { quantity: number } | null } }> } };

const complete = (reply: Awaited<ReturnType<typeof shelf>>) =>
  reply.status === 200 && !reply.body.errors && (reply.body.data as Shelf).products.edges.every((e) => e.node.stock !== null);

/** What a client sees of an answer without inventory: catalog's names, no stock, only the clear error. */
function partial(reply: Awaited<ReturnType<typeof shelf>>) {
  const edges = (reply.body.data as Shelf | null)?.products.edges ?? [];
  return {
    status: reply.status,
    names: edges.length === 3 && edges.every((e) => e.node.name.length > 0),
    stock: edges.map((e) => e.node.stock),
    codes: [...new Set(reply.body.errors?.map((e) => e.extensions?.code))],
  };
}
const PARTIAL = { status: 200, names: true, stock: [null, null, null], codes: ['SERVICE_UNAVAILABLE'] };

const inventory = () => fault.system.services.find((s) => s.name === 'inventory')!;
const routerPid = () => fault.system.services.find((s) => s.name === 'router')!.child.pid;
const circuit = (state: string) => fault.routerMetric('router_subgraph_circuit_state', { subgraph: 'inventory', state });

describe('a subgraph goes down', () => {
  it('when inventory is killed, then queries spanning it answer with catalog data and SERVICE_UNAVAILABLE on stock, the circuit opens and fails fast; once inventory is back, the same router answers fully by itself', async () => {
    expect(complete(await shelf())).toBe(true);
    const pid = routerPid();
    const retriesBefore = await fault.routerMetric('router_subgraph_retries_total', { subgraph: 'inventory', reason: 'connection_refused' });

    await fault.system.stopService('inventory', 'SIGKILL');
    const first = await shelf();
    expect(partial(first)).toEqual(PARTIAL);
    expect(first.body.errors?.[0]?.message).toBe('The inventory service is unavailable; retry later');
    // The query was tried again (refused), up to the breaker's threshold.
    expect(await fault.routerMetric('router_subgraph_retries_total', { subgraph: 'inventory', reason: 'connection_refused' })).toBeGreaterThan(retriesBefore);
    expect(await circuit('open')).toBe(1);

    // Open: no attempt reaches for inventory any more; answers stay partial, never hang.
    const fastBefore = await fault.routerMetric('router_subgraph_fetches_total', { subgraph: 'inventory', outcome: 'circuit_open' });
    const whileOpen = await shelf();
    expect(partial(whileOpen)).toEqual(PARTIAL);
    expect(whileOpen.body.errors?.[0]?.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', service: 'inventory', circuit: 'open' });
    expect(await fault.routerMetric('router_subgraph_fetches_total', { subgraph: 'inventory', outcome: 'circuit_open' })).toBeGreaterThan(fastBefore);

    // What needs catalog only is whole; what needs inventory only is a clear error (stores is not nullable).
    expect((await fault.gqlOk<{ categories: string[] }>('{ categories }')).categories.length).toBeGreaterThan(0);
    const stores = await fault.gql('{ stores { code } }');
    expect({ status: stores.status, data: stores.body.data, codes: stores.body.errors?.map((e) => e.extensions?.code) }).toEqual({ status: 200, data: null, codes: ['SERVICE_UNAVAILABLE'] });

    await fault.system.startService('inventory');
    const back = await waitFor(shelf, complete, 'the shelf query answered fully again', 30_000);
    expect((back.body.data as Shelf).products.edges.every((e) => typeof e.node.stock?.quantity === 'number')).toBe(true);
    expect(await circuit('closed')).toBe(1);
    expect(routerPid()).toBe(pid);
  });

  it('when inventory hangs, then requests wait at most its timeout ("did not answer in time"), the circuit opens and the next fail fast; when it resumes, then answers are whole again', async () => {
    expect(complete(await waitFor(shelf, complete, 'a healthy inventory'))).toBe(true);
    inventory().child.kill('SIGSTOP');
    try {
      // Three at once reach the threshold: each waits for the deadline and is not retried (no time left).
      const hung = await Promise.all([shelf(), shelf(), shelf()]);
      for (const reply of hung) {
        expect(partial(reply)).toEqual(PARTIAL);
        expect(reply.body.errors?.[0]?.message).toBe('The inventory service did not answer in time; retry later');
      }
      expect(await circuit('open')).toBe(1);
      const fast = await shelf();
      expect(partial(fast)).toEqual(PARTIAL);
      expect(fast.body.errors?.[0]?.extensions?.circuit).toBe('open');
    } finally {
      inventory().child.kill('SIGCONT');
    }
    await waitFor(shelf, complete, 'the shelf query answered fully after inventory resumed', 30_000);
    expect(await circuit('closed')).toBe(1);
  });
});
