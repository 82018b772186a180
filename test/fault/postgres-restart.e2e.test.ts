import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { ledgerProblems, NO_LEDGER_PROBLEMS, RECORD_SALE, stockOf } from '../support/fault-operations.js';
import { startFaultSystem, tokenFor, type FaultSystem } from '../support/fault-system.js';
import { httpRequest } from '../support/http-client.js';
import { failed, startLoad, type LoadSample } from '../support/load.js';
import { waitFor } from '../support/wait-for.js';

/**
 * PostgreSQL restarted (fast shutdown: open transactions rolled back, every
 * connection cut) under a continuous load of sales and stock queries through
 * the router, on a PostgreSQL server of this file's own. Requests fail
 * cleanly while it is away, nothing is half-written, and the same processes
 * serve again by themselves.
 */
let fault: FaultSystem;
let clerk: string;
const S1 = storeId(1);
const [A, B] = [product(42), product(43)];
const CONCURRENCY = 6;

beforeAll(async () => {
  fault = await startFaultSystem({
    subgraphs: ['catalog', 'inventory', 'sales'],
    ownPostgres: true,
    env: { SUBGRAPH_TIMEOUT_MS: '3000', SAGA_STALE_AFTER_MS: '4000', SAGA_RECOVERY_INTERVAL_MS: '200' },
  });
  clerk = await tokenFor('CLERK', S1);
  const admin = await tokenFor('HQ_ADMIN');
  const adjust = `mutation($s: ID!, $p: ID!) { adjustStock(storeId: $s, productId: $p, delta: 1000, reason: "fault test stock") { quantity } }`;
  for (const p of [A, B]) await fault.gqlOk(adjust, { s: S1, p: p.id }, admin);
});
afterAll(async () => {
  await fault?.stop();
});

/** Half sales of two lines (A and B), half stock queries, each sale with a key of its own. */
function send(seq: number, agent: import('node:http').Agent) {
  const sale = seq % 2 === 0;
  const body = sale
    ? { query: RECORD_SALE, variables: { i: { storeId: S1, idempotencyKey: `pg-restart-${randomUUID()}`, lines: [{ productId: A.id, quantity: 1 }, { productId: B.id, quantity: 2 }] } } }
    : { query: `query Stock($p: ID!, $s: ID!) { product(id: $p) { name stock(storeId: $s) { quantity } } }`, variables: { p: A.id, s: S1 } };
  const headers: Record<string, string> = { 'content-type': 'application/json', ...(sale ? { authorization: `Bearer ${clerk}` } : {}) };
  return { kind: sale ? 'sale' : 'stock', reply: httpRequest(fault.routerUrl, { method: 'POST', headers, body: JSON.stringify(body), agent, timeoutMs: 30_000 }) };
}

const servicePids = () => fault.system.services.map((s) => s.child.pid);

describe('PostgreSQL restarts under load', () => {
  it('when PostgreSQL restarts, then requests meanwhile fail with a clear SERVICE_UNAVAILABLE (no 500, no internals, no hang), nothing is half-written, and the same processes serve again by themselves', async () => {
    const pids = servicePids();
    const stockBefore = { a: await stockOf(fault, A.id, S1), b: await stockOf(fault, B.id, S1) };
    const load = startLoad({ concurrency: CONCURRENCY, maxRequests: 20_000, send });
    let restartedAt = 0;
    let samples: LoadSample[] = [];
    try {
      await load.until('sales go through', (s) => s.filter((x) => x.kind === 'sale' && !failed(x)).length >= 10);
      await fault.postgres!.restart(async () => {
        await load.until('requests meet the stopped database', (s) => s.filter((x) => failed(x)).length >= CONCURRENCY);
      });
      restartedAt = load.started();
      await load.until('sales go through again', (s) => s.filter((x) => x.seq >= restartedAt && x.kind === 'sale' && !failed(x)).length >= 10);
    } finally {
      samples = await load.stop();
    }
    const failures = samples.filter(failed);
    console.info(`PostgreSQL restart under load: ${samples.length} requests, ${failures.length} failed while it was away`);

    // Every failure is a complete GraphQL answer with the clear code and a message without internals.
    const unclear = failures.filter((s) => s.error !== undefined || s.status !== 200 || s.codes.some((c) => c !== 'SERVICE_UNAVAILABLE'));
    expect(unclear.map((s) => ({ seq: s.seq, kind: s.kind, status: s.status, codes: s.codes, error: s.error, messages: s.messages }))).toEqual([]);
    const messages = new Set(failures.flatMap((s) => s.messages));
    for (const message of messages) expect(message).not.toMatch(/prisma|postgres|SQL|ECONN|57P0|\bat .*\.ts|invocation/i);
    expect(failures.length).toBeGreaterThan(0);
    // Resumed by itself: the same processes, complete answers again.
    expect(servicePids()).toEqual(pids);
    expect(samples.filter((s) => s.seq >= restartedAt && !failed(s)).length).toBeGreaterThanOrEqual(10);

    // Sagas caught mid-way are finished by recovery; then every sale is whole, stock is its ledger, never negative.
    const problems = await waitFor(() => ledgerProblems(fault), (p) => p.sagas.length === 0, 'every saga finished', 45_000);
    expect(problems).toEqual(NO_LEDGER_PROBLEMS);
    const [sold] = await fault.sql<{ a: string; b: string }>(
      `SELECT coalesce(sum(quantity) FILTER (WHERE "productId" = $1), 0) AS a, coalesce(sum(quantity) FILTER (WHERE "productId" = $2), 0) AS b FROM sales."SaleLine"
       WHERE "saleId" IN (SELECT "saleId" FROM sales."SaleSaga" WHERE "idempotencyKey" LIKE 'pg-restart-%' AND status = 'COMPLETED')`,
      [A.id, B.id],
    );
    expect(Number(sold!.b)).toBe(2 * Number(sold!.a));
    expect({ a: await stockOf(fault, A.id, S1), b: await stockOf(fault, B.id, S1) }).toEqual({ a: stockBefore.a - Number(sold!.a), b: stockBefore.b - Number(sold!.b) });
  });
});
