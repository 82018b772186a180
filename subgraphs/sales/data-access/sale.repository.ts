import type { Sale, SaleLine } from '../domain/sale.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { appendToOutbox, saleRecorded } from './outbox.repository.js';
import type { Prisma } from './prisma-client/client.js';
import { salesDb } from './sales-database.js';

type SaleRow = Prisma.SaleGetPayload<object>;
type SaleLineRow = Prisma.SaleLineGetPayload<object>;

export function toSale(row: SaleRow): Sale {
  return {
    id: row.id,
    storeId: row.storeId,
    customerId: row.customerId,
    total: row.total.toFixed(2),
    refundedTotal: row.refundedTotal.toFixed(2),
    status: row.status,
    createdAt: row.createdAt,
  };
}

export function toSaleLine(row: SaleLineRow): SaleLine & { saleId: string } {
  return {
    saleId: row.saleId,
    productId: row.productId,
    quantity: row.quantity,
    returnedQuantity: row.returnedQuantity,
    unitPrice: row.unitPrice.toFixed(2),
    lineTotal: row.lineTotal.toFixed(2),
  };
}

export async function findSalesByIds(ids: readonly string[]): Promise<Sale[]> {
  const rows = await salesDb().sale.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toSale);
}

export async function findSaleById(id: string): Promise<Sale | null> {
  const row = await salesDb().sale.findUnique({ where: { id } });
  return row ? toSale(row) : null;
}

/** Lines of these sales in one query, in product order within a sale. */
export async function findLinesOfSales(saleIds: readonly string[]): Promise<Array<SaleLine & { saleId: string }>> {
  const rows = await salesDb().saleLine.findMany({ where: { saleId: { in: [...saleIds] } }, orderBy: [{ saleId: 'asc' }, { productId: 'asc' }] });
  return rows.map(toSaleLine);
}

export interface StoreSalesQuery {
  storeId: string;
  from?: Date;
  to?: Date;
  /** Keyset position: sales sort newest first, then by id. */
  after?: { createdAt: Date; id: string };
  limit: number;
}

/** One page of a store's sales (limit + 1 rows tell whether there is a next page) and the total. */
export async function findStoreSales(query: StoreSalesQuery): Promise<{ items: Sale[]; hasNextPage: boolean; totalCount: number }> {
  const where: Prisma.SaleWhereInput = {
    storeId: query.storeId,
    ...(query.from || query.to ? { createdAt: { ...(query.from ? { gte: query.from } : {}), ...(query.to ? { lt: query.to } : {}) } } : {}),
  };
  const page: Prisma.SaleWhereInput = query.after
    ? { AND: [where, { OR: [{ createdAt: { lt: query.after.createdAt } }, { createdAt: query.after.createdAt, id: { lt: query.after.id } }] }] }
    : where;
  const [rows, totalCount] = await Promise.all([
    salesDb().sale.findMany({ where: page, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: query.limit + 1 }),
    salesDb().sale.count({ where }),
  ]);
  return { items: rows.slice(0, query.limit).map(toSale), hasNextPage: rows.length > query.limit, totalCount };
}

export async function countSales(): Promise<number> {
  return salesDb().sale.count();
}

export interface HistoricSale {
  id: string;
  storeId: string;
  createdAt: Date;
  total: string;
  lines: Array<{ productId: string; quantity: number; unitPrice: string; lineTotal: string }>;
}

/**
 * Inserts completed sales with their lines and their SaleRecorded events, in
 * one transaction, so that reporting learns the history through the same
 * events as live sales. Sales already present are skipped (with their events).
 */
export async function insertHistoricSales(sales: readonly HistoricSale[]): Promise<void> {
  await salesDb().$transaction(
    async (tx) => {
      const existing = new Set((await tx.sale.findMany({ where: { id: { in: sales.map((s) => s.id) } }, select: { id: true } })).map((s) => s.id));
      const fresh = sales.filter((s) => !existing.has(s.id));
      await tx.sale.createMany({
        data: fresh.map(({ id, storeId, createdAt, total }) => ({ id, storeId, createdAt, total, status: 'COMPLETED' as const, createdBy: 'demo-seed' })),
        skipDuplicates: true,
      });
      await tx.saleLine.createMany({ data: fresh.flatMap((s) => s.lines.map((l) => ({ saleId: s.id, ...l }))), skipDuplicates: true });
      await appendToOutbox(tx, fresh.map((s) => saleRecorded({ ...s, customerId: null })));
    },
    { maxWait: 10_000, timeout: 60_000 },
  );
  wakeOutboxRelay('sales');
}
