import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { gqlOk, login, useEndpoint } from '../support/graphql-client.js';
import { httpRequest } from '../support/http-client.js';
import { failed, startLoad, type LoadSample } from '../support/load.js';
import { everySubgraph, startReplicatedStack, type ReplicatedStack } from './replicated-stack.js';

/**
 * A rolling update as Kubernetes runs one (maxUnavailable 0, every
 * Deployment at once): each service restarted one replica at a time, a
 * subgraph replica taken out of its balancer before SIGTERM, under a load
 * through Nginx that reaches every subgraph and both routers — queries,
 * sales, reports and logins. Not one request may fail.
 */
let stack: ReplicatedStack;
let clerk: string;
let admin: string;
const STORE = storeId(3);
const PRODUCT = product(20).id;

beforeAll(async () => {
  stack = await startReplicatedStack();
  useEndpoint(stack.url);
  [clerk, admin] = [await login('clerk3@retail.test'), await login('admin@retail.test')];
  await gqlOk(`mutation Stock($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 100000, reason: "rolling restart load") { quantity } }`, { s: STORE, p: PRODUCT }, admin);
});
afterAll(() => stack?.stop());

const window = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 7_200_000).toISOString() };
const requests = [
  { kind: 'query', query: `query RollingProduct($p: ID!, $s: ID!) { product(id: $p) { name price stock(storeId: $s) { quantity } } }`, variables: () => ({ p: PRODUCT, s: STORE }), token: () => undefined },
  { kind: 'sale', query: `mutation RollingSale($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, variables: () => ({ i: { storeId: STORE, idempotencyKey: `rolling-${randomUUID()}`, lines: [{ productId: PRODUCT, quantity: 1 }] } }), token: () => clerk },
  { kind: 'report', query: `query RollingReport($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount } }`, variables: () => window, token: () => admin },
  { kind: 'login', query: `mutation RollingLogin { login(email: "clerk3@retail.test", password: "clerk3") { token } }`, variables: () => ({}), token: () => undefined },
] as const;

describe('a rolling restart of every service under load', () => {
  it('when every subgraph and router is restarted one replica at a time while clients keep working through Nginx, then not one request fails', async () => {
    const sent = new Map<number, Record<string, unknown>>();
    const load = startLoad({
      concurrency: 6,
      maxRequests: 60_000,
      send: (seq, agent) => {
        const request = requests[seq % requests.length]!;
        const variables = request.variables();
        sent.set(seq, variables);
        const token = request.token();
        return {
          kind: request.kind,
          reply: httpRequest(stack.url, {
            method: 'POST',
            agent,
            timeoutMs: 30_000,
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
            body: JSON.stringify({ query: request.query, variables }),
          }),
        };
      },
    });
    const waves = [everySubgraph.map((name) => `${name}-1`), everySubgraph.map((name) => `${name}-2`), ['router-1'], ['router-2']];
    try {
      await load.until('the load under way', (samples) => samples.length >= 40);
      for (const wave of waves) {
        await Promise.all(wave.map((name) => stack.system.stopService(name)));
        const restarted = await Promise.all(wave.map((name) => stack.system.startService(name)));
        const before = load.started();
        // Nginx leaves a replica that refused connections out for fail_timeout (5 s) after it is back:
        // the next one stops only once Nginx sends to this one again (Kubernetes: minReadySeconds).
        const ports = restarted.filter((s) => s.name.startsWith('router')).map((s) => new URL(s.baseUrl).port);
        await load.until(`requests served after restarting ${wave.join(', ')}`, (samples) => {
          const after = samples.filter((s) => s.seq >= before);
          return after.length >= 40 && ports.every((port) => after.some((s) => s.servedBy?.endsWith(`:${port}`)));
        });
      }
    } finally {
      await load.stop();
    }
    const samples = load.samples;
    const summary = (s: LoadSample) => ({ seq: s.seq, kind: s.kind, servedBy: s.servedBy, status: s.status, codes: s.codes, messages: s.messages, error: s.error });
    expect(samples.filter(failed).map(summary)).toEqual([]);
    for (const request of requests) expect({ kind: request.kind, served: samples.filter((s) => s.kind === request.kind).length > 20 }).toEqual({ kind: request.kind, served: true });

    // Every sale answered is recorded once.
    const keys = samples.filter((s) => s.kind === 'sale').map((s) => (sent.get(s.seq) as { i: { idempotencyKey: string } }).i.idempotencyKey);
    const { sales } = await stack.sqlRow<{ sales: number }>(`SELECT COUNT(*)::int AS sales FROM sales."SaleSaga" s JOIN sales."Sale" x ON x.id = s."saleId" WHERE s."idempotencyKey" = ANY($1) AND s.status = 'COMPLETED'`, [keys]);
    expect(sales).toBe(keys.length);
  });
});
