import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { demoProducts, demoStores } from '../../../demo/demo-dataset.js';
import { planReturn } from '../domain/return-rules.js';
import { seedDemoSales } from '../domain/seed-demo-sales.use-case.js';
import { listOutboxEvents } from './outbox.repository.js';
import { recordReturn } from './return.repository.js';
import { persistSaleOfSaga } from './persist-saga-sale.repository.js';
import { insertSagaOnce, transitionSaga } from './saga.repository.js';
import { disconnectSalesDb, salesDb } from './sales-database.js';

afterAll(disconnectSalesDb);

const S1 = demoStores[0]!.id;
const p1 = demoProducts[3]!;
const p2 = demoProducts[8]!;

/** A saga brought to RESERVED, as the saga does before persisting its sale. */
async function reservedSaga() {
  const id = randomUUID();
  await insertSagaOnce({ id, idempotencyKey: `k-${id}`, fingerprint: 'f', kind: 'RECORD_SALE', storeId: S1, cartId: null, customerId: null, actorId: 'clerk', lines: [] });
  await transitionSaga(id, ['STARTED'], 'PRICED');
  await transitionSaga(id, ['PRICED'], 'RESERVED');
  return id;
}

const lines = [
  { productId: p1.id, quantity: 2, unitPrice: '1.25', lineTotal: '2.50' },
  { productId: p2.id, quantity: 1, unitPrice: '10.00', lineTotal: '10.00' },
];

async function eventsOf(type: string, key: string, value: string) {
  return (await listOutboxEvents()).filter((e) => e.type === type && (e.payload as Record<string, unknown>)[key] === value);
}

describe('sales outbox', () => {
  it('when a sale is persisted, then one SaleRecorded with store, lines, unit prices and the sale time is in the outbox, unpublished', async () => {
    const sagaId = await reservedSaga();
    const outcome = await persistSaleOfSaga(sagaId, { id: sagaId, storeId: S1, customerId: null, createdBy: 'clerk', total: '12.50', lines }, null);
    expect(outcome.ok).toBe(true);
    const sale = (outcome as { ok: true; sale: { createdAt: Date } }).sale;
    const events = await eventsOf('SaleRecorded', 'saleId', sagaId);
    expect(events).toHaveLength(1);
    expect(events[0]!.publishedAt).toBeNull();
    expect(events[0]!.payload).toEqual({
      saleId: sagaId,
      storeId: S1,
      customerId: null,
      total: '12.50',
      lines: [
        { productId: p1.id, quantity: 2, unitPrice: '1.25', lineTotal: '2.50' },
        { productId: p2.id, quantity: 1, unitPrice: '10.00', lineTotal: '10.00' },
      ],
      occurredAt: sale.createdAt.toISOString(),
    });
  });

  it('when persisting is refused (the saga moved on), then neither the sale nor its event exists', async () => {
    const sagaId = await reservedSaga();
    await transitionSaga(sagaId, ['RESERVED'], 'COMPENSATING');
    const outcome = await persistSaleOfSaga(sagaId, { id: sagaId, storeId: S1, customerId: null, createdBy: 'clerk', total: '12.50', lines }, null);
    expect(outcome).toEqual({ ok: false, reason: 'SAGA_MOVED' });
    expect(await eventsOf('SaleRecorded', 'saleId', sagaId)).toEqual([]);
  });

  it('when a sale is returned in part, then one SaleReturned with the store, returned lines at the sale prices and the refund; a retry with the key adds none', async () => {
    const sagaId = await reservedSaga();
    await persistSaleOfSaga(sagaId, { id: sagaId, storeId: S1, customerId: null, createdBy: 'clerk', total: '12.50', lines }, null);
    const returnId = randomUUID();
    const input = { id: returnId, saleId: sagaId, idempotencyKey: `r-${returnId}`, reason: null, createdBy: 'clerk' };
    const requested = [{ productId: p1.id, quantity: 1 }];
    const outcome = await recordReturn(input, (saleLines) => planReturn(saleLines, requested));
    expect(outcome?.created).toBe(true);
    await recordReturn({ ...input, id: randomUUID() }, (saleLines) => planReturn(saleLines, requested));

    const events = await eventsOf('SaleReturned', 'saleId', sagaId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toEqual({
      returnId,
      saleId: sagaId,
      storeId: S1,
      refund: '1.25',
      lines: [{ productId: p1.id, quantity: 1, unitPrice: '1.25', lineTotal: '1.25' }],
      occurredAt: outcome!.saleReturn.createdAt.toISOString(),
    });
  });

  it('when the demo history is seeded, then every historic sale has exactly one SaleRecorded at its own time, with matching totals', async () => {
    const before = (await listOutboxEvents()).length;
    expect(await seedDemoSales(new Date('2026-11-01T12:00:00Z'))).toBe(false); // sales exist already: nothing seeded
    await salesDb().$executeRawUnsafe('TRUNCATE "ReturnLine", "Return", "SaleLine", "Sale" CASCADE');
    await salesDb().$executeRawUnsafe('DELETE FROM "OutboxEvent"');
    expect(await seedDemoSales(new Date('2026-11-01T12:00:00Z'))).toBe(true);
    const sales = await salesDb().sale.findMany({ include: { lines: true } });
    const events = (await listOutboxEvents()).filter((e) => e.type === 'SaleRecorded');
    expect(before).toBeGreaterThan(0);
    expect(events).toHaveLength(sales.length);
    const byId = new Map(events.map((e) => [(e.payload as { saleId: string }).saleId, e.payload as { total: string; occurredAt: string; lines: unknown[] }]));
    for (const sale of sales) {
      const payload = byId.get(sale.id)!;
      expect(payload.total).toBe(sale.total.toFixed(2));
      expect(payload.occurredAt).toBe(sale.createdAt.toISOString());
      expect(payload.lines).toHaveLength(sale.lines.length);
    }
  });
});
