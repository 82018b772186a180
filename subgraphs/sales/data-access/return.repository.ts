import type { ReturnPlan } from '../domain/return-rules.js';
import type { LineRequest, SaleLine, SaleReturn } from '../domain/sale.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { appendToOutbox, saleReturned } from './outbox.repository.js';
import { Prisma } from './prisma-client/client.js';
import { toSaleLine } from './sale.repository.js';
import { salesDb, TRANSACTION_OPTIONS } from './sales-database.js';

type ReturnRow = Prisma.ReturnGetPayload<object>;
type ReturnLineRow = Prisma.ReturnLineGetPayload<object>;

function toReturn(row: ReturnRow): SaleReturn {
  return {
    id: row.id,
    saleId: row.saleId,
    refund: row.refund.toFixed(2),
    reason: row.reason,
    stockRestored: row.stockRestored,
    createdAt: row.createdAt,
  };
}

/** A return line shown as a sale line: the returned quantity at the sale's unit price. */
function toReturnLine(row: ReturnLineRow): SaleLine & { returnId: string } {
  return {
    returnId: row.returnId,
    productId: row.productId,
    quantity: row.quantity,
    returnedQuantity: row.quantity,
    unitPrice: row.unitPrice.toFixed(2),
    lineTotal: row.lineTotal.toFixed(2),
  };
}

export async function findReturnByKey(idempotencyKey: string): Promise<SaleReturn | null> {
  const row = await salesDb().return.findUnique({ where: { idempotencyKey } });
  return row ? toReturn(row) : null;
}

/** Returns of these sales in one query, oldest first. */
export async function findReturnsOfSales(saleIds: readonly string[]): Promise<SaleReturn[]> {
  const rows = await salesDb().return.findMany({ where: { saleId: { in: [...saleIds] } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  return rows.map(toReturn);
}

/** Lines of these returns in one query. */
export async function findLinesOfReturns(returnIds: readonly string[]): Promise<Array<SaleLine & { returnId: string }>> {
  const rows = await salesDb().returnLine.findMany({ where: { returnId: { in: [...returnIds] } }, orderBy: [{ returnId: 'asc' }, { productId: 'asc' }] });
  return rows.map(toReturnLine);
}

export interface NewReturn {
  id: string;
  saleId: string;
  idempotencyKey: string | null;
  reason: string | null;
  createdBy: string;
}

export type ReturnOutcome =
  | { created: true; saleReturn: SaleReturn; storeId: string; lines: ReturnPlan['lines'] }
  | { created: false; saleReturn: SaleReturn };

/**
 * One transaction under a row lock on the sale (SELECT … FOR UPDATE), so
 * concurrent returns of the same sale run one after the other and `plan`
 * always sees what is really left: the return and its lines, the returned
 * quantities, the refunded total, the sale's status and the SaleReturned
 * event in the outbox. With an idempotency
 * key already used, nothing is written and the first return comes back.
 * Null when the sale does not exist.
 */
export async function recordReturn(input: NewReturn, plan: (saleLines: SaleLine[]) => ReturnPlan): Promise<ReturnOutcome | null> {
  try {
    return await salesDb().$transaction(async (tx) => {
      const [sale] = await tx.$queryRaw<Array<{ storeId: string }>>`SELECT "storeId"::text AS "storeId" FROM "Sale" WHERE "id" = ${input.saleId}::uuid FOR UPDATE`;
      if (!sale) return null;
      if (input.idempotencyKey) {
        const existing = await tx.return.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
        if (existing) return { created: false as const, saleReturn: toReturn(existing) };
      }
      const saleLines = (await tx.saleLine.findMany({ where: { saleId: input.saleId }, orderBy: { productId: 'asc' } })).map(toSaleLine);
      const decided = plan(saleLines);
      const row = await tx.return.create({
        data: { ...input, refund: decided.refund, lines: { createMany: { data: decided.lines } } },
      });
      for (const line of decided.lines) {
        await tx.saleLine.update({
          where: { saleId_productId: { saleId: input.saleId, productId: line.productId } },
          data: { returnedQuantity: { increment: line.quantity } },
        });
      }
      await tx.sale.update({ where: { id: input.saleId }, data: { refundedTotal: { increment: decided.refund }, status: decided.saleStatus } });
      await appendToOutbox(tx, [saleReturned({ ...row, storeId: sale.storeId, lines: decided.lines })]);
      return { created: true as const, saleReturn: toReturn(row), storeId: sale.storeId, lines: decided.lines };
    }, TRANSACTION_OPTIONS).then((outcome) => {
      if (outcome?.created) wakeOutboxRelay('sales');
      return outcome;
    });
  } catch (error) {
    // A concurrent request with the same key committed first.
    if (input.idempotencyKey && error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      const existing = await findReturnByKey(input.idempotencyKey);
      if (existing) return { created: false, saleReturn: existing };
    }
    throw error;
  }
}

export async function markStockRestored(returnId: string): Promise<void> {
  await salesDb().return.update({ where: { id: returnId }, data: { stockRestored: true } });
}

export interface ReturnAwaitingRestock {
  id: string;
  storeId: string;
  lines: LineRequest[];
}

/** Returns whose goods inventory has not confirmed back on the shelf, older than the given time. */
export async function findReturnsAwaitingRestock(createdBefore: Date, limit: number): Promise<ReturnAwaitingRestock[]> {
  const rows = await salesDb().return.findMany({
    where: { stockRestored: false, createdAt: { lt: createdBefore } },
    include: { sale: { select: { storeId: true } }, lines: { select: { productId: true, quantity: true } } },
    orderBy: { createdAt: 'asc' },
    take: limit,
  });
  return rows.map((r) => ({ id: r.id, storeId: r.sale.storeId, lines: r.lines }));
}
