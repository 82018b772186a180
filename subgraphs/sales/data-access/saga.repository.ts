import type { LineRequest, PricedLine, Sale } from '../domain/sale.js';
import type { NewSaga, Saga, SagaStatus } from '../domain/saga.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { Prisma } from './prisma-client/client.js';
import { outboxRows } from '../../../platform/events/sql-outbox-store.js';
import { coalesceCalls } from './call-coalescer.js';
import { appendToOutbox, saleRecorded } from './outbox.repository.js';
import { toSale } from './sale.repository.js';
import { salesDb, salesSql, TRANSACTION_OPTIONS } from './sales-database.js';

type SagaRow = Prisma.SaleSagaGetPayload<object>;

function toSaga(row: SagaRow): Saga {
  return {
    id: row.id,
    idempotencyKey: row.idempotencyKey,
    fingerprint: row.fingerprint,
    kind: row.kind,
    status: row.status,
    storeId: row.storeId,
    cartId: row.cartId,
    customerId: row.customerId,
    actorId: row.actorId,
    lines: row.lines as unknown as LineRequest[],
    pricedLines: (row.pricedLines ?? null) as unknown as PricedLine[] | null,
    saleId: row.saleId,
    failureCode: row.failureCode,
    failureMessage: row.failureMessage,
    attempts: row.attempts,
    updatedAt: row.updatedAt,
  };
}

/** Columns of a saga as raw SQL returns them, with the types toSaga expects. */
const SAGA_COLUMNS = `id::text AS id, "idempotencyKey", fingerprint, kind::text AS kind, status::text AS status, "storeId"::text AS "storeId",
  "cartId"::text AS "cartId", "customerId"::text AS "customerId", "actorId", lines, "pricedLines", "saleId"::text AS "saleId",
  "failureCode", "failureMessage", attempts, "updatedAt"`;

/**
 * Inserts the saga unless its idempotency key is already taken (one
 * statement, ON CONFLICT DO NOTHING, so concurrent duplicates cannot both
 * insert); then `created` is false and `saga` is the one holding the key.
 */
export async function insertSagaOnce(saga: NewSaga): Promise<{ saga: Saga; created: boolean }> {
  const inserted = await salesSql().query<SagaRow>(
    `INSERT INTO "SaleSaga" (id, "idempotencyKey", fingerprint, kind, "storeId", "cartId", "customerId", "actorId", lines, status, "pricedLines", "failureCode", "failureMessage", "updatedAt")
     VALUES ($1::uuid, $2, $3, $4::"SagaKind", $5::uuid, $6::uuid, $7::uuid, $8, $9::jsonb, $10::"SagaStatus", $11::jsonb, $12, $13, now())
     ON CONFLICT DO NOTHING
     RETURNING ${SAGA_COLUMNS}`,
    [
      saga.id,
      saga.idempotencyKey,
      saga.fingerprint,
      saga.kind,
      saga.storeId,
      saga.cartId,
      saga.customerId,
      saga.actorId,
      JSON.stringify(saga.lines),
      saga.status ?? 'STARTED',
      saga.pricedLines ? JSON.stringify(saga.pricedLines) : null,
      saga.failureCode ?? null,
      saga.failureMessage?.slice(0, 1000) ?? null,
    ],
  );
  if (inserted[0]) return { saga: toSaga(inserted[0]), created: true };
  const row = await findSagaByKey(saga.idempotencyKey);
  if (!row) throw new Error(`Saga with idempotency key ${saga.idempotencyKey} vanished`);
  return { saga: row, created: false };
}

export async function findSagaByKey(idempotencyKey: string): Promise<Saga | null> {
  const rows = await salesSql().query<SagaRow>(`SELECT ${SAGA_COLUMNS} FROM "SaleSaga" WHERE "idempotencyKey" = $1`, [idempotencyKey]);
  return rows[0] ? toSaga(rows[0]) : null;
}

export async function findSagaById(id: string): Promise<Saga | null> {
  const row = await salesDb().saleSaga.findUnique({ where: { id } });
  return row ? toSaga(row) : null;
}

export interface SagaChanges {
  pricedLines?: PricedLine[];
  failureCode?: string | null;
  failureMessage?: string | null;
}

/**
 * Moves a saga to `to` only if it is still in one of `from` (a conditional
 * update): false when another actor — recovery, a concurrent retry — moved
 * it first.
 */
export async function transitionSaga(id: string, from: readonly SagaStatus[], to: SagaStatus, changes: SagaChanges = {}): Promise<boolean> {
  // Plain SQL on the hot path of every sale (see sql-client.ts); updatedAt is set here as Prisma's @updatedAt would.
  const sets = ['status = $3::"SagaStatus"', '"updatedAt" = now()'];
  const values: unknown[] = [id, [...from], to];
  if (changes.pricedLines) sets.push(`"pricedLines" = $${values.push(JSON.stringify(changes.pricedLines))}::jsonb`);
  if (changes.failureCode !== undefined) sets.push(`"failureCode" = $${values.push(changes.failureCode)}::text`);
  if (changes.failureMessage !== undefined) sets.push(`"failureMessage" = $${values.push(changes.failureMessage?.slice(0, 1000) ?? null)}::text`);
  const count = await salesSql().execute(`UPDATE "SaleSaga" SET ${sets.join(', ')} WHERE id = $1::uuid AND status = ANY($2::"SagaStatus"[])`, values);
  return count === 1;
}

/** The last step of concurrent sagas in one statement (rows locked in id order, so two batches never wait on each other in a cycle). */
const completeMany = coalesceCalls<string, boolean>(async (ids) => {
  const rows = await salesSql().query<{ id: string }>(
    `UPDATE "SaleSaga" SET status = 'COMPLETED', "failureCode" = NULL, "failureMessage" = NULL, "updatedAt" = now()
     WHERE id IN (SELECT id FROM "SaleSaga" WHERE id = ANY($1::uuid[]) AND status = 'SALE_PERSISTED' ORDER BY id FOR UPDATE)
     RETURNING id::text AS id`,
    [ids],
  );
  const moved = new Set(rows.map((r) => r.id.toLowerCase()));
  return ids.map((id) => ({ ok: true as const, value: moved.has(id.toLowerCase()) }));
});

/** SALE_PERSISTED → COMPLETED (failure notes cleared); false when the saga was not SALE_PERSISTED. */
export function completeSagaRow(id: string): Promise<boolean> {
  return completeMany(id);
}

/** Records why recovery could not finish a step yet, without changing the status. */
export async function noteSagaProblem(id: string, status: SagaStatus, failureCode: string, failureMessage: string): Promise<void> {
  await salesDb().saleSaga.updateMany({ where: { id, status }, data: { failureCode, failureMessage: failureMessage.slice(0, 1000) } });
}

/**
 * Re-arms a saga that failed for a reason other than the request itself, so
 * that a retry with the same key starts over under a fresh id (the old id
 * was released, and tombstoned, in inventory). Null when another retry won.
 */
export async function restartFailedSaga(oldId: string, newId: string): Promise<Saga | null> {
  const { count } = await salesDb().saleSaga.updateMany({
    where: { id: oldId, status: 'FAILED' },
    data: { id: newId, status: 'STARTED', pricedLines: Prisma.DbNull, saleId: null, failureCode: null, failureMessage: null, attempts: { increment: 1 } },
  });
  return count === 1 ? findSagaById(newId) : null;
}

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

/**
 * Claims sagas left unfinished for longer than the stale threshold: their
 * updatedAt is touched in the same statement, and rows another process is
 * claiming are skipped (FOR UPDATE SKIP LOCKED), so two sales processes never
 * recover the same saga at the same time.
 */
export async function claimStaleSagas(staleBefore: Date, limit: number): Promise<Saga[]> {
  const claimed = await salesDb().$queryRaw<Array<{ id: string }>>`
    UPDATE "SaleSaga" SET "updatedAt" = ${new Date()}, "attempts" = "attempts" + 1
    WHERE "id" IN (
      SELECT "id" FROM "SaleSaga"
      WHERE "status" IN ('STARTED', 'PRICED', 'RESERVED', 'SALE_PERSISTED', 'COMPENSATING') AND "updatedAt" < ${staleBefore}
      ORDER BY "updatedAt"
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    RETURNING "id"`;
  if (claimed.length === 0) return [];
  const rows = await salesDb().saleSaga.findMany({ where: { id: { in: claimed.map((c) => c.id) } }, orderBy: { updatedAt: 'asc' } });
  return rows.map(toSaga);
}
