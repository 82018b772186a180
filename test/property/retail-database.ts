import pg from 'pg';

/**
 * What the property test reads straight from the subgraphs' tables (schema
 * per subgraph, see prisma/<name>/schema.prisma): the ledger and the rows
 * behind idempotency, which the API does not show.
 */
export class RetailDatabase {
  private readonly pool: pg.Pool;

  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 2 });
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async rows<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    return (await this.pool.query(sql, params)).rows as T[];
  }

  /** Quantity of every level of these products, by "location:product". */
  async levels(productIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.rows<{ key: string; quantity: number }>(
      `SELECT "locationId"::text || ':' || "productId"::text AS key, quantity FROM inventory."StockLevel" WHERE "productId" = ANY($1::uuid[])`,
      [productIds],
    );
    return new Map(rows.map((r) => [r.key, r.quantity]));
  }

  /** Levels below zero, anywhere. */
  async negativeLevels(): Promise<unknown[]> {
    return this.rows(`SELECT "locationId", "productId", quantity FROM inventory."StockLevel" WHERE quantity < 0`);
  }

  /** Levels, anywhere, whose quantity is not the sum of their ledger. */
  async ledgerMismatches(): Promise<unknown[]> {
    return this.rows(`
      SELECT l."locationId", l."productId", l.quantity, COALESCE(SUM(m.delta), 0)::int AS ledger
      FROM inventory."StockLevel" l
      LEFT JOIN inventory."StockMovement" m ON m."locationId" = l."locationId" AND m."productId" = l."productId"
      GROUP BY l."locationId", l."productId", l.quantity
      HAVING l.quantity <> COALESCE(SUM(m.delta), 0)`);
  }

  /** Sum of the ledger per "product:kind" for these products. */
  async ledgerByKind(productIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.rows<{ key: string; total: number }>(
      `SELECT "productId"::text || ':' || kind::text AS key, SUM(delta)::int AS total FROM inventory."StockMovement" WHERE "productId" = ANY($1::uuid[]) GROUP BY 1`,
      [productIds],
    );
    return new Map(rows.map((r) => [r.key, r.total]));
  }

  /** Ledger movements that name one of these references (sale = reservation id, return id, request id). */
  async movementsOf(references: readonly string[]): Promise<Array<{ reference: string; kind: string; locationId: string; productId: string; delta: number }>> {
    if (references.length === 0) return [];
    return this.rows(`SELECT reference, kind::text, "locationId"::text, "productId"::text, delta FROM inventory."StockMovement" WHERE reference = ANY($1::text[])`, [references]);
  }

  /** Every sale holding one of these products, with its returns' ids. */
  async salesOfProducts(productIds: readonly string[]): Promise<Array<{ id: string; refundedTotal: string; returnIds: string[] }>> {
    return this.rows(
      `SELECT s.id::text, s."refundedTotal"::text AS "refundedTotal",
              COALESCE(ARRAY(SELECT r.id::text FROM sales."Return" r WHERE r."saleId" = s.id ORDER BY r.id), '{}') AS "returnIds"
       FROM sales."Sale" s WHERE EXISTS (SELECT 1 FROM sales."SaleLine" l WHERE l."saleId" = s.id AND l."productId" = ANY($1::uuid[]))`,
      [productIds],
    );
  }

  /** Returned quantity per "sale:product" as the sale lines record it. */
  async returnedQuantities(saleIds: readonly string[]): Promise<Map<string, number>> {
    const rows = await this.rows<{ key: string; returned: number }>(
      `SELECT "saleId"::text || ':' || "productId"::text AS key, "returnedQuantity" AS returned FROM sales."SaleLine" WHERE "saleId" = ANY($1::uuid[])`,
      [saleIds],
    );
    return new Map(rows.map((r) => [r.key, r.returned]));
  }

  /** Rows that hold each idempotency key: sagas (→ their sale) and returns. */
  async holdersOfKeys(keys: readonly string[]): Promise<Array<{ key: string; id: string | null; kind: 'saga' | 'return'; status: string | null }>> {
    return this.rows(
      `SELECT "idempotencyKey" AS key, "saleId"::text AS id, 'saga' AS kind, status::text AS status FROM sales."SaleSaga" WHERE "idempotencyKey" = ANY($1::text[])
       UNION ALL
       SELECT "idempotencyKey", id::text, 'return', NULL FROM sales."Return" WHERE "idempotencyKey" = ANY($1::text[])`,
      [keys],
    );
  }

  /** Work still in flight at these stores: sagas not finished, returned goods not yet back on the shelf. */
  async unsettled(storeIds: readonly string[]): Promise<number> {
    const [row] = await this.rows<{ n: number }>(
      `SELECT (SELECT COUNT(*) FROM sales."SaleSaga" WHERE "storeId" = ANY($1::uuid[]) AND status NOT IN ('COMPLETED', 'FAILED'))::int
            + (SELECT COUNT(*) FROM sales."Return" r JOIN sales."Sale" s ON s.id = r."saleId" WHERE s."storeId" = ANY($1::uuid[]) AND NOT r."stockRestored")::int AS n`,
      [storeIds],
    );
    return row!.n;
  }
}
