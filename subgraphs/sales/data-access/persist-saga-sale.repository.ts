import type { Sale } from '../domain/sale.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { outboxRows } from '../../../platform/events/sql-outbox-store.js';
import { appendToOutbox, saleRecorded } from './outbox.repository.js';
import { toSale } from './sale.repository.js';
import { salesDb, salesSql, TRANSACTION_OPTIONS } from './sales-database.js';

/**
 * The saga's step 3: the SQL that persists its sale (a till sale, or a
 * checkout that also closes the cart) with the outbox event, in one
 * transaction that also moves the saga to SALE_PERSISTED.
 */

export interface SaleToPersist {
  id: string;
  storeId: string;
  customerId: string | null;
  createdBy: string;
  total: string;
  lines: Array<{ productId: string; quantity: number; unitPrice: string; lineTotal: string }>;
}

export type PersistOutcome = { ok: true; sale: Sale } | { ok: false; reason: 'SAGA_MOVED' | 'CART_NOT_OPEN' };

class Rollback extends Error {
  constructor(readonly reason: 'SAGA_MOVED' | 'CART_NOT_OPEN') {
    super(reason);
  }
}

/**
 * The saga's local transaction: the sale and its lines, the saga moving
 * RESERVED → SALE_PERSISTED with the sale id, for a checkout the cart
 * closing, and the SaleRecorded event in the outbox — all or nothing. Refused when the saga is no longer RESERVED
 * (recovery took it over) or the cart is no longer open.
 */
export async function persistSaleOfSaga(sagaId: string, sale: SaleToPersist, cartId: string | null): Promise<PersistOutcome> {
  const outcome = cartId ? await persistCheckout(sagaId, sale, cartId) : await persistTillSale(sagaId, sale);
  if (outcome.ok) wakeOutboxRelay('sales');
  return outcome;
}

/**
 * A sale at the till in ONE statement (its own transaction): the saga's
 * conditional move, the sale, its lines and the outbox event are each
 * written only when the saga moved, all or nothing.
 */
async function persistTillSale(sagaId: string, sale: SaleToPersist): Promise<PersistOutcome> {
  const createdAt = new Date();
  const [event] = outboxRows([saleRecorded({ ...sale, createdAt })]);
  const rows = await salesSql().query<{ persisted: number }>(
    `WITH moved AS (
       UPDATE "SaleSaga" SET status = 'SALE_PERSISTED', "saleId" = $1::uuid, "updatedAt" = now()
       WHERE id = $2::uuid AND status = 'RESERVED'
       RETURNING id
     ), sale AS (
       INSERT INTO "Sale" (id, "storeId", "customerId", total, "createdBy", "createdAt")
       SELECT $1::uuid, $3::uuid, $4::uuid, $5::numeric, $6::text, $7::timestamptz FROM moved
       RETURNING id
     ), lines AS (
       INSERT INTO "SaleLine" ("saleId", "productId", quantity, "unitPrice", "lineTotal")
       SELECT s.id, l.p, l.q, l.u, l.t FROM sale s, unnest($8::uuid[], $9::int[], $10::numeric[], $11::numeric[]) AS l(p, q, u, t)
     ), outbox AS (
       INSERT INTO "OutboxEvent" (id, type, payload, "occurredAt")
       SELECT $12::uuid, $13::text, $14::jsonb, $7::timestamptz FROM sale
     )
     SELECT count(*)::int AS persisted FROM sale`,
    [
      sale.id,
      sagaId,
      sale.storeId,
      sale.customerId,
      sale.total,
      sale.createdBy,
      createdAt,
      sale.lines.map((l) => l.productId),
      sale.lines.map((l) => l.quantity),
      sale.lines.map((l) => l.unitPrice),
      sale.lines.map((l) => l.lineTotal),
      event!.id,
      event!.type,
      JSON.stringify(event!.payload),
    ],
  );
  if (Number(rows[0]?.persisted ?? 0) !== 1) return { ok: false, reason: 'SAGA_MOVED' };
  return { ok: true, sale: { id: sale.id, storeId: sale.storeId, customerId: sale.customerId, total: sale.total, refundedTotal: '0.00', status: 'COMPLETED', createdAt } };
}

/** A checkout also closes its cart, which may refuse: an interactive transaction decides between the steps. */
async function persistCheckout(sagaId: string, sale: SaleToPersist, cartId: string): Promise<PersistOutcome> {
  try {
    const row = await salesDb().$transaction(async (tx) => {
      const moved = await tx.saleSaga.updateMany({ where: { id: sagaId, status: 'RESERVED' }, data: { status: 'SALE_PERSISTED', saleId: sale.id } });
      if (moved.count !== 1) throw new Rollback('SAGA_MOVED');
      const closed = await tx.cart.updateMany({ where: { id: cartId, status: 'OPEN' }, data: { status: 'CHECKED_OUT', saleId: sale.id } });
      if (closed.count !== 1) throw new Rollback('CART_NOT_OPEN');
      const created = await tx.sale.create({
        data: {
          id: sale.id,
          storeId: sale.storeId,
          customerId: sale.customerId,
          createdBy: sale.createdBy,
          total: sale.total,
          lines: { createMany: { data: sale.lines } },
        },
      });
      await appendToOutbox(tx, [saleRecorded({ ...created, lines: sale.lines })]);
      return created;
    }, TRANSACTION_OPTIONS);
    return { ok: true, sale: toSale(row) };
  } catch (error) {
    if (error instanceof Rollback) return { ok: false, reason: error.reason };
    throw error;
  }
}
