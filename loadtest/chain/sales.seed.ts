import type { ChainSession } from './chain-session.js';
import type { ChainSize } from './chain-size.js';

/**
 * The sales history: `salesPerStoreDay` sales per store on each of the last
 * `days` days (today's up to now), 1–3 lines of 1–3 units each at the
 * product's price, products drawn with a skew (the best sellers sell far
 * more than the long tail). A share of sales is returned one to 48 hours
 * later (when that is before now): half whole, half one unit of one line.
 * Writes Sale, SaleLine, Return, ReturnLine as the saga and returnSale leave
 * them (returned quantities, refunded totals, statuses, stock restored).
 */
export async function seedSales(db: ChainSession, size: ChainSize, now: Date): Promise<void> {
  await db.query(
    `CREATE TEMP TABLE chain_sale AS
     SELECT m.n, s.idx AS store_idx, s.id AS store_id, pg_temp.chain_uuid('5a1e0001', m.n) AS sale_id,
            date_trunc('milliseconds', t.start + make_interval(secs => pg_temp.rnd(m.n, 1) * least(86400, extract(epoch FROM $1::timestamptz - t.start)))) AS created_at
     FROM chain_location s
     CROSS JOIN generate_series(0, $2::int - 1) AS d
     CROSS JOIN LATERAL (SELECT date_trunc('day', $1::timestamptz AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' - make_interval(days => $2::int - 1 - d) AS start) t
     CROSS JOIN generate_series(1, $3::int) AS k
     CROSS JOIN LATERAL (SELECT ((s.idx - 1)::bigint * $2::int + d) * $3::int + k AS n) m
     WHERE s.kind = 'STORE'`,
    [now, size.days, size.salesPerStoreDay],
  );
  await db.query(`CREATE UNIQUE INDEX ON chain_sale (n)`);
  await db.query(`ANALYZE chain_sale`);
  // Lines: a popularity rank drawn with a square (rank r among P has probability ~ 1/(2·sqrt(r·P))), spread over the catalog.
  await db.query(
    `CREATE TEMP TABLE chain_line AS
     SELECT x.n, x.product_idx, SUM(x.q)::int AS quantity
     FROM (SELECT s.n,
                  1 + (floor($1::int * pg_temp.rnd(s.n * 4 + l, 3) ^ 2)::bigint * 1000003) % $1::int AS product_idx,
                  1 + floor(pg_temp.rnd(s.n * 4 + l, 4) * 3)::int AS q
           FROM chain_sale s CROSS JOIN LATERAL generate_series(1, 1 + floor(pg_temp.rnd(s.n, 2) * 3)::int) AS l) x
     GROUP BY x.n, x.product_idx`,
    [size.products],
  );
  await db.query(`ANALYZE chain_line`);
  await db.query(
    `CREATE TEMP TABLE chain_return AS
     SELECT s.n, pg_temp.chain_uuid('5e700000', s.n) AS return_id, s.sale_id, s.store_id, r.created_at, pg_temp.rnd(s.n, 9) < 0.5 AS whole
     FROM chain_sale s
     CROSS JOIN LATERAL (SELECT date_trunc('milliseconds', s.created_at + make_interval(secs => 3600 + pg_temp.rnd(s.n, 8) * 47 * 3600)) AS created_at) r
     WHERE pg_temp.rnd(s.n, 7) < $1::float8 AND r.created_at < $2::timestamptz`,
    [size.returnRate, now],
  );
  await db.query(`CREATE UNIQUE INDEX ON chain_return (n)`);
  await db.query(
    `CREATE TEMP TABLE chain_return_line AS
     SELECT l.n, l.product_idx, l.quantity FROM chain_line l JOIN chain_return r USING (n) WHERE r.whole
     UNION ALL
     SELECT DISTINCT ON (l.n) l.n, l.product_idx, 1 FROM chain_line l JOIN chain_return r USING (n) WHERE NOT r.whole ORDER BY n, product_idx`,
  );
  await db.query(`CREATE UNIQUE INDEX ON chain_return_line (n, product_idx)`);
  await db.query(`ANALYZE chain_return; ANALYZE chain_return_line`);

  await db.bulkLoad({ schema: 'sales', name: 'Sale' }, async () => {
    await db.query(
      `INSERT INTO sales."Sale" (id, "storeId", "customerId", total, "refundedTotal", status, "createdBy", "createdAt")
       SELECT s.sale_id, s.store_id, NULL, t.total, COALESCE(t.refunded, 0),
              (CASE WHEN t.returned = 0 THEN 'COMPLETED' WHEN t.returned = t.units THEN 'RETURNED' ELSE 'PARTIALLY_RETURNED' END)::sales."SaleStatus",
              'chain-seed', s.created_at
       FROM chain_sale s
       JOIN (SELECT l.n, SUM(l.quantity * p.price) AS total, SUM(l.quantity) AS units,
                    COALESCE(SUM(rl.quantity), 0) AS returned, SUM(rl.quantity * p.price) AS refunded
             FROM chain_line l JOIN chain_product p ON p.idx = l.product_idx
             LEFT JOIN chain_return_line rl ON rl.n = l.n AND rl.product_idx = l.product_idx
             GROUP BY l.n) t USING (n)
       ORDER BY s.n`,
    );
  });
  await db.bulkLoad({ schema: 'sales', name: 'SaleLine' }, async () => {
    await db.query(
      `INSERT INTO sales."SaleLine" ("saleId", "productId", quantity, "returnedQuantity", "unitPrice", "lineTotal")
       SELECT s.sale_id, p.id, l.quantity, COALESCE(rl.quantity, 0), p.price, l.quantity * p.price
       FROM chain_line l JOIN chain_sale s USING (n) JOIN chain_product p ON p.idx = l.product_idx
       LEFT JOIN chain_return_line rl ON rl.n = l.n AND rl.product_idx = l.product_idx`,
    );
  });
  await db.bulkLoad({ schema: 'sales', name: 'Return' }, async () => {
    await db.query(
      `INSERT INTO sales."Return" (id, "saleId", refund, reason, "idempotencyKey", "stockRestored", "createdBy", "createdAt")
       SELECT r.return_id, r.sale_id, SUM(rl.quantity * p.price), CASE WHEN r.whole THEN 'Changed mind' ELSE 'Damaged item' END, NULL, true, 'chain-seed', r.created_at
       FROM chain_return r JOIN chain_return_line rl USING (n) JOIN chain_product p ON p.idx = rl.product_idx
       GROUP BY r.n, r.return_id, r.sale_id, r.whole, r.created_at
       ORDER BY r.n`,
    );
  });
  await db.bulkLoad({ schema: 'sales', name: 'ReturnLine' }, async () => {
    await db.query(
      `INSERT INTO sales."ReturnLine" ("returnId", "productId", quantity, "unitPrice", "lineTotal")
       SELECT r.return_id, p.id, rl.quantity, p.price, rl.quantity * p.price
       FROM chain_return r JOIN chain_return_line rl USING (n) JOIN chain_product p ON p.idx = rl.product_idx`,
    );
  });
}
