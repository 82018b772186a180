import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { ledgerProblems, NO_LEDGER_PROBLEMS, RECORD_SALE, reportSettlesOn, reportSince, saleOf, stockOf, unpublishedEvents, cents, type SaleInput } from '../support/fault-operations.js';
import { startFaultSystem, tokenFor, type FaultSystem } from '../support/fault-system.js';
import { waitFor } from '../support/wait-for.js';

/**
 * The sales process killed in the middle of a sale, through the router: once
 * it is started again, stock, sales and reports agree, each sale counted
 * once. The subgraph-level proofs (every crash step, recovery claims) are in
 * subgraphs/sales/domain/saga-recovery.int.test.ts; here the whole path runs:
 * router → sales → inventory, outbox → Redis → reporting.
 */
let fault: FaultSystem;
let clerk: string;
let admin: string;
const S1 = storeId(1);
const P = product(40);
let from: Date;

beforeAll(async () => {
  fault = await startFaultSystem({
    subgraphs: ['catalog', 'inventory', 'sales', 'reporting'],
    redis: true,
    // Recovery looks every 200 ms for sagas untouched for 6 s: above the saga calls' timeout, so it never races a live sale.
    env: { SUBGRAPH_TIMEOUT_MS: '5000', SAGA_STALE_AFTER_MS: '6000', SAGA_RECOVERY_INTERVAL_MS: '200' },
  });
  [clerk, admin] = await Promise.all([tokenFor('CLERK', S1), tokenFor('HQ_ADMIN')]);
  from = new Date(); // after the demo seed: the report counts this file's sales only
});
afterAll(async () => {
  await fault?.stop();
});

const sales = () => fault.system.services.find((s) => s.name === 'sales')!;
const stock = () => stockOf(fault, P.id, S1);
const report = () => reportSince(fault, from, P.id, admin);
const sagaOf = async (key: string) => (await fault.sql<{ status: string; failureCode: string | null; saleId: string | null }>(`SELECT status, "failureCode", "saleId" FROM sales."SaleSaga" WHERE "idempotencyKey" = $1`, [key]))[0];
const sell = (input: SaleInput) => fault.gql<{ recordSale: { id: string; total: string } }>(RECORD_SALE, { i: input }, clerk);

/** Sales restarted with SAGA_CRASH_AFTER: the next sale kills it right after that step; the client gets SERVICE_UNAVAILABLE, no hang. */
async function saleThatKillsSales(step: 'RESERVED' | 'SALE_PERSISTED', input: SaleInput) {
  await fault.system.stopService('sales', 'SIGKILL'); // idle: a graceful stop would only wait out its keep-alive grace
  const crashing = await fault.system.startService('sales', { SAGA_CRASH_AFTER: step });
  const exited = new Promise<number | null>((resolve) => crashing.child.once('exit', (code) => resolve(code)));
  const reply = await sell(input);
  expect({ status: reply.status, data: reply.body.data, codes: reply.body.errors?.map((e) => e.extensions?.code) }).toEqual({ status: 200, data: null, codes: ['SERVICE_UNAVAILABLE'] });
  // The connection dies with the process; on a slow machine the router's deadline may come first.
  expect(reply.body.errors?.[0]?.message).toMatch(/^The sales service (is unavailable|did not answer in time); retry later$/);
  expect(await exited).toBe(137);
  expect((await sagaOf(input.idempotencyKey))?.status).toBe(step);
}

describe('a process killed in the middle of a sale', () => {
  it('when sales dies after reserving stock, then once restarted it releases the stock by itself, and the till retrying the same key sells once: stock, sales and reports agree', async () => {
    const before = await stock();
    const input = saleOf(S1, P.id, 2);
    await saleThatKillsSales('RESERVED', input);
    expect(await stock()).toBe(before - 2); // held by the orphaned reservation

    await fault.system.startService('sales');
    await waitFor(stock, (q) => q === before, 'the orphaned reservation released by recovery');
    // Recovery releases the stock first, then marks the saga failed: wait for the second step too.
    const saga = await waitFor(() => sagaOf(input.idempotencyKey), (s) => s?.status !== 'COMPENSATING', 'the interrupted saga marked failed');
    expect(saga).toMatchObject({ status: 'FAILED', failureCode: 'INTERRUPTED', saleId: null });
    expect(await report()).toEqual({ saleCount: 0, revenueCents: 0, unitsSold: 0 });

    const sold = await sell(input);
    expect(sold.body.errors).toBeUndefined();
    const again = await sell(input);
    expect(again.body.data?.recordSale.id).toBe(sold.body.data!.recordSale.id);
    expect(await stock()).toBe(before - 2);
    const total = cents(sold.body.data!.recordSale.total);
    expect(total).toBe(2 * cents(P.price));
    await reportSettlesOn(report, { saleCount: 1, revenueCents: total, unitsSold: 2 }, 'the sale in the report');
    expect(await ledgerProblems(fault)).toEqual(NO_LEDGER_PROBLEMS);
  });

  it('when sales dies after committing the sale and its event but before the relay published it, then once restarted it completes the sale and publishes the event: counted once everywhere', async () => {
    const before = await stock();
    const reportBefore = await report();
    const input = saleOf(S1, P.id, 3);
    await saleThatKillsSales('SALE_PERSISTED', input);
    const { saleId } = (await sagaOf(input.idempotencyKey))!;
    // Killed between the outbox write and its publication: the event waits in the outbox.
    const [event] = await fault.sql<{ publishedAt: Date | null }>(`SELECT "publishedAt" FROM sales."OutboxEvent" WHERE type = 'SaleRecorded' AND payload->>'saleId' = $1`, [saleId]);
    expect(event).toEqual({ publishedAt: null });
    expect(await report()).toEqual(reportBefore);

    await fault.system.startService('sales');
    const expected = { saleCount: reportBefore.saleCount + 1, revenueCents: reportBefore.revenueCents + 3 * cents(P.price), unitsSold: reportBefore.unitsSold + 3 };
    await reportSettlesOn(report, expected, 'the recovered sale in the report');
    await waitFor(() => sagaOf(input.idempotencyKey), (s) => s?.status === 'COMPLETED', 'the saga completed by recovery');
    expect(await stock()).toBe(before - 3);
    // The till's retry returns the same sale.
    expect((await sell(input)).body.data?.recordSale.id).toBe(saleId);

    // Once everything is published, nothing is counted twice.
    await waitFor(async () => (await unpublishedEvents(fault, 'sales')) + (await unpublishedEvents(fault, 'inventory')), (n) => n === 0, 'both outboxes published');
    expect(await report()).toEqual(expected);
    expect(await stock()).toBe(before - 3);
    expect(await ledgerProblems(fault)).toEqual(NO_LEDGER_PROBLEMS);
    expect(sales().child.exitCode).toBeNull();
  });
});
