import type { LineRequest, PricedLine } from '../domain/sale.js';
import type { NewSaga, Saga, SagaStatus } from '../domain/saga.js';
import { Prisma } from './prisma-client/client.js';
import { coalesceCalls } from './call-coalescer.js';
import { salesDb, salesSql } from './sales-database.js';

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
