import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { waitFor } from './wait-for.js';
import type { FaultSystem } from './fault-system.js';

/** Operations and checks shared by the fault tests (test/fault), all through the router of a FaultSystem. */

export const RECORD_SALE = `mutation Sell($i: RecordSaleInput!) { recordSale(input: $i) { id total lines { quantity product { id } } } }`;
const STOCK = `query Stock($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`;
const REPORT = `query Report($from: DateTime!, $to: DateTime!, $p: ID!) {
  salesReport(from: $from, to: $to) { saleCount totalRevenue }
  product(id: $p) { unitsSold(from: $from, to: $to) }
}`;

export const cents = (decimal: string): number => Math.round(Number(decimal) * 100);

export interface SaleInput {
  storeId: string;
  idempotencyKey: string;
  lines: Array<{ productId: string; quantity: number }>;
}

export const saleOf = (storeId: string, productId: string, quantity: number, idempotencyKey = `fault-${randomUUID()}`): SaleInput => ({
  storeId,
  idempotencyKey,
  lines: [{ productId, quantity }],
});

export async function stockOf(fault: FaultSystem, productId: string, storeId: string): Promise<number> {
  const data = await fault.gqlOk<{ product: { stock: { quantity: number } } }>(STOCK, { p: productId, s: storeId });
  return data.product.stock.quantity;
}

export interface ReportFigures {
  saleCount: number;
  revenueCents: number;
  unitsSold: number;
}

/** The head office's report since `from` (sales of this test only) and one product's units sold. */
export async function reportSince(fault: FaultSystem, from: Date, productId: string, adminToken: string): Promise<ReportFigures> {
  const to = new Date(Date.now() + 3_600_000);
  const data = await fault.gqlOk<{ salesReport: { saleCount: number; totalRevenue: string }; product: { unitsSold: number } }>(
    REPORT,
    { from: from.toISOString(), to: to.toISOString(), p: productId },
    adminToken,
  );
  return { saleCount: data.salesReport.saleCount, revenueCents: cents(data.salesReport.totalRevenue), unitsSold: data.product.unitsSold };
}

/**
 * The report once it shows exactly `expected`. Its figures come from two
 * subgraph fetches (salesReport; then Product.unitsSold after catalog's
 * product) that may see an applied event at different moments, so one
 * answer can count a sale in one figure and not yet in the other. A report
 * that never settles on `expected` (a sale lost or counted twice) fails
 * with its last figures.
 */
export function reportSettlesOn(read: () => Promise<ReportFigures>, expected: ReportFigures, what: string): Promise<ReportFigures> {
  return waitFor(read, (figures) => isDeepStrictEqual(figures, expected), what);
}

/** Events of a subgraph's outbox not yet published to the bus. */
export async function unpublishedEvents(fault: Pick<FaultSystem, 'sql'>, schema: 'sales' | 'inventory'): Promise<number> {
  const [row] = await fault.sql<{ n: string }>(`SELECT count(*) AS n FROM "${schema}"."OutboxEvent" WHERE "publishedAt" IS NULL`);
  return Number(row!.n);
}

export interface LedgerProblems {
  /** Stock levels that differ from the sum of their movements, or are negative. */
  levels: unknown[];
  /** Sales without a committed reservation of exactly their lines, or committed reservations without a sale. */
  sales: unknown[];
  /** Sagas left unfinished. */
  sagas: unknown[];
}

/**
 * Sales and stock agree, nothing half-written: each stock level is the sum
 * of its ledger and not negative; each sale has its lines and a committed
 * reservation (id = saga id = sale id) of exactly those lines, and each
 * committed reservation is a sale; no saga is left between its steps.
 */
export async function ledgerProblems(fault: Pick<FaultSystem, 'sql'>): Promise<LedgerProblems> {
  const levels = await fault.sql(`
    SELECT l."locationId", l."productId", l.quantity, coalesce(sum(m.delta), 0) AS ledger
    FROM inventory."StockLevel" l
    LEFT JOIN inventory."StockMovement" m ON m."locationId" = l."locationId" AND m."productId" = l."productId"
    GROUP BY l."locationId", l."productId", l.quantity
    HAVING l.quantity <> coalesce(sum(m.delta), 0) OR l.quantity < 0`);
  const sales = await fault.sql(`
    WITH sold AS (
      SELECT s.id::text AS id, l."productId"::text AS product, l.quantity FROM sales."Sale" s JOIN sales."SaleLine" l ON l."saleId" = s.id
      WHERE s.id IN (SELECT "saleId" FROM sales."SaleSaga" WHERE "saleId" IS NOT NULL)
    ), held AS (
      SELECT r.id::text AS id, l."productId"::text AS product, l.quantity FROM inventory."Reservation" r JOIN inventory."ReservationLine" l ON l."reservationId" = r.id
      WHERE r.status = 'COMMITTED'
    )
    SELECT coalesce(sold.id, held.id) AS id, sold.quantity AS sold, held.quantity AS committed
    FROM sold FULL JOIN held ON held.id = sold.id AND held.product = sold.product
    WHERE sold.quantity IS DISTINCT FROM held.quantity
    UNION ALL
    SELECT s.id::text, NULL, NULL FROM sales."Sale" s WHERE NOT EXISTS (SELECT 1 FROM sales."SaleLine" l WHERE l."saleId" = s.id)`);
  const sagas = await fault.sql(`SELECT id, status, "failureCode" FROM sales."SaleSaga" WHERE status NOT IN ('COMPLETED', 'FAILED')`);
  return { levels, sales, sagas };
}

export const NO_LEDGER_PROBLEMS: LedgerProblems = { levels: [], sales: [], sagas: [] };
