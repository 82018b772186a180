import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { cents, ledgerProblems, NO_LEDGER_PROBLEMS, RECORD_SALE, reportSettlesOn, reportSince, saleOf, stockOf, unpublishedEvents } from '../support/fault-operations.js';
import { startFaultSystem, tokenFor, type FaultSystem } from '../support/fault-system.js';
import { waitFor } from '../support/wait-for.js';

/**
 * Redis (query cache and event streams) stopped and started again under a
 * running system, through the router. How the cache itself falls back and
 * resets is proven in platform/cache/redis-outage.int.test.ts and the relay
 * alone in subgraphs/sales/data-access/outbox-relay.int.test.ts; here the
 * whole path: answers keep coming while it is down, and the sales made
 * meanwhile reach the reports once it is back, each exactly once.
 */
let fault: FaultSystem;
let clerk: string;
let admin: string;
let from: Date;
const S1 = storeId(1);
const P = product(41);

beforeAll(async () => {
  fault = await startFaultSystem({ subgraphs: ['catalog', 'inventory', 'sales', 'reporting'], redis: true });
  [clerk, admin] = await Promise.all([tokenFor('CLERK', S1), tokenFor('HQ_ADMIN')]);
  from = new Date(); // after the demo seed: the report counts this file's sales only
});
afterAll(async () => {
  await fault?.stop();
});

const stock = () => stockOf(fault, P.id, S1);
const report = () => reportSince(fault, from, P.id, admin);
async function sell(quantity: number): Promise<number> {
  const data = await fault.gqlOk<{ recordSale: { total: string } }>(RECORD_SALE, { i: saleOf(S1, P.id, quantity) }, clerk);
  return cents(data.recordSale.total);
}

describe('Redis goes down and comes back', () => {
  it('when Redis is down, then stock and reports still answer from the database and sales go on; once it is back, the sales made meanwhile reach the reports, each once', async () => {
    const initial = await stock();
    let revenue = await sell(1);
    await reportSettlesOn(report, { saleCount: 1, revenueCents: revenue, unitsSold: 1 }, 'the first sale in the report');
    expect(await stock()).toBe(initial - 1); // now cached in Redis

    await fault.redis!.stop();
    // Reads: answered from the database, right (the cache neither fails them nor serves what it cannot invalidate).
    expect(await stock()).toBe(initial - 1);
    expect(await report()).toEqual({ saleCount: 1, revenueCents: revenue, unitsSold: 1 });
    // Writes: sales are recorded, each read sees its own write.
    revenue += await sell(2);
    expect(await stock()).toBe(initial - 3);
    revenue += await sell(3);
    expect(await stock()).toBe(initial - 6);
    // Their events wait in the outboxes; reports trail (nothing can reach them).
    expect(await unpublishedEvents(fault, 'sales')).toBe(2);
    expect(await unpublishedEvents(fault, 'inventory')).toBeGreaterThanOrEqual(2);
    expect((await report()).saleCount).toBe(1);

    await fault.redis!.start();
    const expected = { saleCount: 3, revenueCents: revenue, unitsSold: 6 };
    await reportSettlesOn(report, expected, 'the sales made while Redis was down in the report');
    await waitFor(async () => (await unpublishedEvents(fault, 'sales')) + (await unpublishedEvents(fault, 'inventory')), (n) => n === 0, 'both outboxes published');
    // Everything published and consumed: still each sale once, and the cache serves the truth.
    expect(await report()).toEqual(expected);
    expect(await stock()).toBe(initial - 6);
    expect(await ledgerProblems(fault)).toEqual(NO_LEDGER_PROBLEMS);
    // And new sales flow as before.
    revenue += await sell(1);
    await reportSettlesOn(report, { saleCount: 4, revenueCents: revenue, unitsSold: 7 }, 'a sale after the outage in the report');
    expect(await stock()).toBe(initial - 7);
  });
});
