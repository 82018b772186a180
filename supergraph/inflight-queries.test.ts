import { describe, expect, it } from 'vitest';
import type { KeepAliveRequestInit, KeepAliveResponse } from '../platform/server/keep-alive-fetch.js';
import { InMemoryResponseCacheStore } from '../platform/response-cache/in-memory-response-cache-store.js';
import { ResponseCache } from '../platform/response-cache/response-cache.js';
import { deduplicatingQueries } from './inflight-queries.js';
import { SubgraphResponseCache, type SubgraphAnswer } from './subgraph-response-cache.js';

/** A fetch whose answers the test releases by hand; `sent` lists what reached the "subgraph". */
function controlledFetch() {
  const sent: Array<{ url: string; init: KeepAliveRequestInit; answer: (body: string) => void }> = [];
  const fetch = (url: string, init: KeepAliveRequestInit) =>
    new Promise<KeepAliveResponse>((resolve) => {
      sent.push({
        url,
        init,
        answer: (body) => resolve({ ok: true, status: 200, statusText: 'OK', url, headers: { get: () => null, has: () => false }, text: async () => body, json: async () => JSON.parse(body), bodyBytes: Buffer.byteLength(body) }),
      });
    });
  return { sent, fetch };
}

const query = (q: string, authorization = 'Bearer a') => ({ method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify({ query: q, variables: { id: '1' } }) });
const URL_ = 'http://127.0.0.1:1/graphql';

describe('in-flight subgraph queries', () => {
  it('when the same query with the same headers is in flight twice, then it is sent once and each caller parses its own answer', async () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    const first = send(URL_, query('query Q__inventory__0{store{id}}'));
    const second = send(URL_, query('query Q__inventory__0{store{id}}'));
    expect(sent).toHaveLength(1);
    sent[0]!.answer('{"data":{"store":{"id":"s"}}}');
    const [a, b] = await Promise.all([first.then((r) => r.json()), second.then((r) => r.json())]);
    expect(a).toEqual({ data: { store: { id: 's' } } });
    expect(b).toEqual(a);
    expect(b).not.toBe(a);
  });

  it('when the callers differ in identity or the query differs, then each is sent', () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    void send(URL_, query('{store{id}}', 'Bearer a'));
    void send(URL_, query('{store{id}}', 'Bearer b'));
    void send(URL_, query('{store{code}}', 'Bearer a'));
    expect(sent).toHaveLength(3);
  });

  it('when mutations are identical, then every one is sent', () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    void send(URL_, query('mutation M{adjustStock{quantity}}'));
    void send(URL_, query('mutation M{adjustStock{quantity}}'));
    expect(sent).toHaveLength(2);
  });

  it('when the first answer has come back, then the next identical query is sent again (nothing is cached)', async () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    const first = send(URL_, query('{store{id}}'));
    sent[0]!.answer('{"data":{}}');
    await first;
    void send(URL_, query('{store{id}}'));
    expect(sent).toHaveLength(2);
  });

  it('when a write completes while a query is in flight, then an identical query sent afterwards does not join it', async () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    void send(URL_, query('{store{id}}'));
    const write = send(URL_, query('mutation{adjustStock{quantity}}'));
    sent[1]!.answer('{"data":{}}');
    await write;
    void send(URL_, query('{store{id}}'));
    expect(sent).toHaveLength(3);
  });

  it('when a write to another subgraph completes while a query is in flight, then an identical query sent afterwards does not join it (a sale changes stock)', async () => {
    const inventory = controlledFetch();
    const sales = controlledFetch();
    // Each subgraph's data source makes its own fetcher; they share the router's count of writes.
    const sendInventory = deduplicatingQueries(inventory.fetch);
    const sendSales = deduplicatingQueries(sales.fetch);
    void sendInventory(URL_, query('{store{stock{quantity}}}'));
    const sale = sendSales(URL_, query('mutation{recordSale{id}}'));
    sales.sent[0]!.answer('{"data":{}}');
    await sale;
    void sendInventory(URL_, query('{store{stock{quantity}}}'));
    expect(inventory.sent).toHaveLength(2);
  });

  it('when a caller that joined gives up (its signal fires), then it fails with its own reason and the first caller still gets the answer', async () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    const first = send(URL_, query('{store{id}}'));
    const controller = new AbortController();
    const second = send(URL_, { ...query('{store{id}}'), signal: controller.signal });
    controller.abort(new DOMException('late', 'TimeoutError'));
    await expect(second).rejects.toMatchObject({ name: 'TimeoutError' });
    sent[0]!.answer('{"data":{"ok":true}}');
    expect(await (await first).json()).toEqual({ data: { ok: true } });
  });

  it('when identical queries carry different response cache positions, then each is sent; the same position shares one flight', () => {
    const { sent, fetch } = controlledFetch();
    const send = deduplicatingQueries(fetch);
    void send(URL_, { ...query('{store{id}}'), shareKey: '7' });
    void send(URL_, { ...query('{store{id}}'), shareKey: '7' });
    expect(sent).toHaveLength(1);
    void send(URL_, { ...query('{store{id}}'), shareKey: '8' });
    expect(sent).toHaveLength(2);
  });

  it('when a write through another router bumps a tag while a cached query is in flight, then the same query asked afterwards is sent again, answered with the write, and only that answer is stored', async () => {
    const { sent, fetch } = controlledFetch();
    const dedup = deduplicatingQueries(fetch, { completed: 0 });
    const cache = new ResponseCache({ store: new InMemoryResponseCacheStore({ maxBytes: 1_000_000 }), timeoutMs: 1_000 });
    const rc = new SubgraphResponseCache(cache, 'inventory', 'schema-1', 100_000);
    const STOCK = 'query S__inventory__0{store{quantity}}';
    const send = async (variables: Record<string, unknown>, since?: number) =>
      (await (await dedup(URL_, { ...query(STOCK), body: JSON.stringify({ query: STOCK, variables }), shareKey: since === undefined ? undefined : String(since) })).json()) as SubgraphAnswer;
    const answer = (quantity: number) => JSON.stringify({ data: { store: { quantity } }, extensions: { cacheable: { root: { maxAge: 60, scope: 'PUBLIC', tags: ['stock:location:s1'] } } } });
    const quantityOf = (reply: { answer: SubgraphAnswer }) => (reply.answer.data!.store as { quantity: number }).quantity;

    // A read learns the scope, so the next ones look the entry up (and read a position) before fetching.
    const learning = rc.root({ query: STOCK, variables: {} }, null, send);
    await until(() => sent.length === 1);
    sent[0]!.answer(answer(10));
    await learning;
    await cache.invalidate(['stock:location:s1']);

    const before = rc.root({ query: STOCK, variables: {} }, null, send);
    await until(() => sent.length === 2);
    await cache.invalidate(['stock:location:s1']); // the write (9 left) has answered through another router
    const after = rc.root({ query: STOCK, variables: {} }, null, send);
    await until(() => sent.length === 3);
    sent[1]!.answer(answer(10));
    sent[2]!.answer(answer(9));
    expect(quantityOf(await before)).toBe(10);
    expect(quantityOf(await after)).toBe(9);
    const next = await rc.root({ query: STOCK, variables: {} }, null, send);
    expect(next.outcome).toBe('hit');
    expect(quantityOf(next)).toBe(9);
  });
});

async function until(condition: () => boolean) {
  for (let turns = 0; !condition(); turns++) {
    if (turns > 1_000) throw new Error('condition not met');
    await new Promise((resolve) => setImmediate(resolve));
  }
}
