import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import type { Viewer } from '../../../platform/auth/viewer.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { createContext } from '../context.js';
import { closeReportCache, invalidateReports } from '../data-access/report-cache.js';
import { disconnectReportingDb, reportingSql } from '../data-access/reporting-database.js';
import { stockChanged } from '../test-support/events.js';
import { applyEvents } from './apply-event.use-case.js';
import { listStockAlertPage, listStockAlerts } from './list-stock-alerts.use-case.js';

afterAll(async () => {
  await closeReportCache();
  await disconnectReportingDb();
});

const staff = (role: 'HQ_ADMIN' | 'LOGISTICS' | 'STORE_MANAGER', storeId: string | null = null): Viewer => ({ kind: 'staff', id: `t-${role}`, role, storeId });
const ctx = (viewer: Viewer) => createContext({ viewer, logger: createLogger('alert-page-test') }, settings);
const codeOf = async (promise: Promise<unknown>) => promise.then(() => 'resolved', (e: { extensions?: { code?: string } }) => e.extensions?.code);
/** What the consumer does: apply, then invalidate what changed. */
const consume = async (events: Parameters<typeof applyEvents>[0]) => invalidateReports((await applyEvents(events, settings)).map((a) => a.change));

describe('stock alerts, paged (stockAlertConnection)', () => {
  it('when a store has more alerts than a page, then pages go newest first, each alert once, with the total; resolved ones only when asked', async () => {
    const store = randomUUID();
    const products = Array.from({ length: 23 }, () => randomUUID());
    await consume(products.map((productId, i) => stockChanged({ storeId: store, productId, quantity: 1, occurredAt: new Date(Date.UTC(2026, 3, 1, 0, i)) })));
    await consume([stockChanged({ storeId: store, productId: products[0]!, quantity: 30 })]);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof listStockAlertPage>> = await listStockAlertPage(ctx(staff('LOGISTICS')), { storeId: store, first: 10, after });
      expect(page.totalCount).toBe(22);
      seen.push(...page.edges.map((e) => e.node.productId));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(products.slice(1).reverse());
    expect((await listStockAlertPage(ctx(staff('HQ_ADMIN')), { storeId: store, includeResolved: true, first: 100 })).totalCount).toBe(23);
    expect((await listStockAlerts(ctx(staff('HQ_ADMIN')), { storeId: store })).map((a) => a.productId)).toEqual(seen);
  });

  it('when an alert is raised after a page was read, then the next read shows it (the cached page of the store and of all stores is stale)', async () => {
    const store = randomUUID();
    await consume([stockChanged({ storeId: store, productId: randomUUID(), quantity: 0 })]);
    const before = await listStockAlertPage(ctx(staff('HQ_ADMIN')), { storeId: store });
    const everywhere = await listStockAlertPage(ctx(staff('HQ_ADMIN')), {});
    await consume([stockChanged({ storeId: store, productId: randomUUID(), quantity: 2 })]);
    expect((await listStockAlertPage(ctx(staff('HQ_ADMIN')), { storeId: store })).totalCount).toBe(before.totalCount + 1);
    expect((await listStockAlertPage(ctx(staff('HQ_ADMIN')), {})).totalCount).toBe(everywhere.totalCount + 1);
  });

  it('when consumers raise and resolve alerts of several stores at once, twice delivered, then every total equals what SQL counts in the alerts', async () => {
    const stores = [randomUUID(), randomUUID(), randomUUID()];
    const products = Array.from({ length: 6 }, () => randomUUID());
    const at = (minute: number) => new Date(Date.UTC(2026, 4, 2, 8, minute));
    // Per level: low, lower, restocked, low again: two alerts raised, one resolved, one open.
    const events = stores.flatMap((storeId) =>
      products.flatMap((productId, p) => [3, 1, 40, 2].map((quantity, step) => stockChanged({ storeId, productId, quantity, occurredAt: at(p * 4 + step) }))),
    );
    const batches = [events.filter((_, i) => i % 3 === 0), events.filter((_, i) => i % 3 === 1), events.filter((_, i) => i % 3 === 2)];
    await Promise.all([...batches, ...batches].map((batch) => consume(batch)));
    const counted = async (storeId: string, includeResolved: boolean) =>
      Number((await reportingSql().query<{ n: string }>(`SELECT count(*) AS n FROM "StockAlert" WHERE "storeId" = $1::uuid AND ($2 OR "resolvedAt" IS NULL)`, [storeId, includeResolved]))[0]!.n);
    for (const storeId of stores) {
      for (const includeResolved of [false, true]) {
        expect((await listStockAlertPage(ctx(staff('HQ_ADMIN')), { storeId, includeResolved })).totalCount).toBe(await counted(storeId, includeResolved));
      }
    }
    const everywhere = Number((await reportingSql().query<{ n: string }>(`SELECT count(*) AS n FROM "StockAlert" WHERE "resolvedAt" IS NULL`))[0]!.n);
    expect((await listStockAlertPage(ctx(staff('HQ_ADMIN')), { first: 1 })).totalCount).toBe(everywhere);
  });

  it('when the page size, the cursor or the store is not allowed, then BAD_USER_INPUT or FORBIDDEN, and a manager sees their own store by default', async () => {
    const store = randomUUID();
    await consume([stockChanged({ storeId: store, productId: randomUUID(), quantity: 3 })]);
    const admin = ctx(staff('HQ_ADMIN'));
    for (const first of [0, 101, -5]) expect(await codeOf(listStockAlertPage(admin, { first }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(listStockAlertPage(admin, { after: 'bm90LWEtY3Vyc29y' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(listStockAlertPage(ctx(staff('STORE_MANAGER', store)), { storeId: randomUUID() }))).toBe('FORBIDDEN');
    expect((await listStockAlertPage(ctx(staff('STORE_MANAGER', store)), {})).totalCount).toBe(1);
  });
});
