import { demoStores, demoWarehouse } from '../../demo/demo-dataset.js';
import type { ChainSession } from './chain-session.js';
import type { ChainSize } from './chain-size.js';

const towns = ['Northgate', 'Southbank', 'Eastfield', 'Westbrook', 'Hillcrest', 'Lakeside', 'Meadowvale', 'Kingsbridge', 'Oakridge', 'Fairhaven', 'Stonebury', 'Ashford', 'Brightwater', 'Elmstead', 'Redcliffe', 'Greenhill'];

/**
 * The warehouse (index 0) and the stores: the demo's five first (same ids
 * and codes, so the demo accounts work), then STORE-6 … with generated
 * names. Leaves `chain_location` (idx, id, kind).
 */
export async function seedLocations(db: ChainSession, size: ChainSize, createdAt: Date): Promise<void> {
  const demo = [demoWarehouse, ...demoStores.slice(0, size.stores)];
  await db.query(
    `CREATE TEMP TABLE chain_location AS
     SELECT d.idx::int - 1 AS idx, d.id::uuid AS id, d.code, d.name, d.address, d.kind::inventory."LocationKind" AS kind
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) WITH ORDINALITY AS d(id, code, name, address, kind, idx)
     UNION ALL
     SELECT g.n, pg_temp.chain_uuid('51000000', g.n), 'STORE-' || g.n,
            ($8::text[])[1 + g.n % cardinality($8::text[])] || ' ' || g.n || ' Store', g.n || ' High Street', 'STORE'
     FROM generate_series($6::int + 1, $7::int) AS g(n)`,
    [demo.map((l) => l.id), demo.map((l) => l.code), demo.map((l) => l.name), demo.map((l) => l.address), demo.map((l) => l.kind), demo.length - 1, size.stores, towns],
  );
  await db.query(`CREATE UNIQUE INDEX ON chain_location (idx)`);
  await db.query(`INSERT INTO inventory."Location" (id, code, name, address, kind, "createdAt") SELECT id, code, name, address, kind, $1 FROM chain_location ORDER BY idx`, [createdAt]);
}

/**
 * Stock of every product at every location, the quantity on hand now drawn
 * per level (about 8.7 % at or below 5, 4.3 % at 100 or more, the
 * warehouse 500–1,499; never below what returns put back). Leaves
 * `chain_level` for seedLedger.
 */
export async function seedStock(db: ChainSession, openedAt: Date): Promise<void> {
  await db.query(
    `CREATE TEMP TABLE chain_level AS
     SELECT loc.idx AS loc_idx, p.idx AS product_idx, loc.id AS location_id, p.id AS product_id, p.name AS product_name,
            COALESCE(m.sold, 0) AS sold, COALESCE(m.returned, 0) AS returned, m.last_at,
            GREATEST(COALESCE(m.returned, 0), CASE
              WHEN loc.kind = 'WAREHOUSE' THEN 500 + floor(pg_temp.rnd(p.idx, 31) * 1000)::int
              WHEN h.h < 0.087 THEN floor(pg_temp.rnd(loc.idx * 1000003 + p.idx, 33) * 6)::int
              WHEN h.h < 0.130 THEN 100 + floor(pg_temp.rnd(loc.idx * 1000003 + p.idx, 33) * 150)::int
              ELSE 6 + floor(pg_temp.rnd(loc.idx * 1000003 + p.idx, 33) * 94)::int END) AS quantity
     FROM chain_location loc CROSS JOIN chain_product p
     CROSS JOIN LATERAL (SELECT pg_temp.rnd(loc.idx * 1000003 + p.idx, 32) AS h) h
     LEFT JOIN (SELECT loc_idx, product_idx, SUM(sold)::int AS sold, SUM(returned)::int AS returned, MAX(at) AS last_at
                FROM (SELECT s.store_idx AS loc_idx, l.product_idx, l.quantity AS sold, 0 AS returned, s.created_at AS at
                      FROM chain_line l JOIN chain_sale s USING (n)
                      UNION ALL
                      SELECT s.store_idx, rl.product_idx, 0, rl.quantity, r.created_at
                      FROM chain_return_line rl JOIN chain_return r USING (n) JOIN chain_sale s USING (n)) moves
                GROUP BY loc_idx, product_idx) m ON m.loc_idx = loc.idx AND m.product_idx = p.idx`,
  );
  await db.bulkLoad({ schema: 'inventory', name: 'StockLevel' }, async () => {
    // One statement: its trigger records each location's levels and units in StockHistogram.
    await db.query(
      `INSERT INTO inventory."StockLevel" ("locationId", "productId", "productName", quantity, "updatedAt")
       SELECT location_id, product_id, product_name, quantity, COALESCE(last_at, $1) FROM chain_level`,
      [openedAt],
    );
  });
}

/**
 * The ledger that leads to every level: one INITIAL movement at `openedAt`
 * (now + units sold − units returned), a SALE_RESERVED per sale line and a
 * RETURN_RESTOCKED per returned line, so that every level equals the sum of
 * its movements and never went below zero. Returns are marked restocked.
 */
export async function seedLedger(db: ChainSession, size: ChainSize, openedAt: Date): Promise<void> {
  await db.bulkLoad({ schema: 'inventory', name: 'StockMovement' }, async () => {
    await db.query(
      `INSERT INTO inventory."StockMovement" (id, "locationId", "productId", delta, kind, reference, reason, "actorId", "createdAt")
       SELECT pg_temp.chain_uuid('5d000001', loc_idx::bigint * $2::int + product_idx), location_id, product_id, quantity + sold - returned,
              'INITIAL', NULL, 'Opening stock', NULL, $1
       FROM chain_level`,
      [openedAt, size.products],
    );
    await db.query(
      `INSERT INTO inventory."StockMovement" (id, "locationId", "productId", delta, kind, reference, reason, "actorId", "createdAt")
       SELECT pg_temp.chain_uuid('5d000002', l.n * $1::int + l.product_idx), s.store_id, p.id, -l.quantity, 'SALE_RESERVED', s.sale_id::text, NULL, NULL, s.created_at
       FROM chain_line l JOIN chain_sale s USING (n) JOIN chain_product p ON p.idx = l.product_idx`,
      [size.products],
    );
    await db.query(
      `INSERT INTO inventory."StockMovement" (id, "locationId", "productId", delta, kind, reference, reason, "actorId", "createdAt")
       SELECT pg_temp.chain_uuid('5d000003', rl.n * $1::int + rl.product_idx), r.store_id, p.id, rl.quantity, 'RETURN_RESTOCKED', r.return_id::text, NULL, NULL, r.created_at
       FROM chain_return_line rl JOIN chain_return r USING (n) JOIN chain_product p ON p.idx = rl.product_idx`,
      [size.products],
    );
  });
  await db.query(`INSERT INTO inventory."RestockedReturn" ("returnId", "createdAt") SELECT return_id, created_at FROM chain_return ORDER BY n`);
  await db.query(`DROP TABLE chain_level`);
}
