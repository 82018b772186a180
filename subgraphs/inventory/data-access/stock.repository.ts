import type { Location, StockKey, StockLevel, StockOrder } from '../domain/inventory.js';
import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { inventoryDb, inventorySql } from './inventory-database.js';
import { appendToOutbox, stockChanged } from './outbox.repository.js';
import type { Prisma } from './prisma-client/client.js';
import { toStockLevel } from './rows.js';

/** Levels for any number of (location, product) pairs, in one query. */
export async function findStockLevels(keys: readonly StockKey[]): Promise<StockLevel[]> {
  if (keys.length === 0) return [];
  const wanted = new Set(keys.map((k) => `${k.locationId}:${k.productId}`));
  const rows = await inventoryDb().stockLevel.findMany({
    where: { locationId: { in: [...new Set(keys.map((k) => k.locationId))] }, productId: { in: [...new Set(keys.map((k) => k.productId))] } },
  });
  return rows.filter((r) => wanted.has(`${r.locationId}:${r.productId}`)).map(toStockLevel);
}

export async function findStockLevel(locationId: string, productId: string): Promise<StockLevel | null> {
  const row = await inventoryDb().stockLevel.findUnique({ where: { locationId_productId: { locationId, productId } } });
  return row && toStockLevel(row);
}

/** Keyset position in a stock list: the sort keys of the last row seen. */
export interface StockPosition {
  quantity: number;
  productName: string;
  productId: string;
}

export interface StockSearch {
  locationId: string;
  /** Part of the product name, case-insensitive. */
  search?: string;
  /** Only levels with quantity at most this. */
  maxQuantity?: number;
  orderBy: StockOrder;
  after?: StockPosition;
  limit: number;
}

function afterName(after: StockPosition): Prisma.StockLevelWhereInput {
  return { OR: [{ productName: { gt: after.productName } }, { productName: after.productName, productId: { gt: after.productId } }] };
}

function afterPosition(orderBy: StockOrder, after: StockPosition): Prisma.StockLevelWhereInput {
  if (orderBy === 'PRODUCT_NAME') return afterName(after);
  const beyond = orderBy === 'QUANTITY_ASC' ? { gt: after.quantity } : { lt: after.quantity };
  return { OR: [{ quantity: beyond }, { AND: [{ quantity: after.quantity }, afterName(after)] }] };
}

function sortOf(orderBy: StockOrder): Prisma.StockLevelOrderByWithRelationInput[] {
  const byName: Prisma.StockLevelOrderByWithRelationInput[] = [{ productName: 'asc' }, { productId: 'asc' }];
  if (orderBy === 'PRODUCT_NAME') return byName;
  return [{ quantity: orderBy === 'QUANTITY_ASC' ? 'asc' : 'desc' }, ...byName];
}

/** One page of a location's stock (limit + 1 rows tell whether there is a next page) and the total. */
export async function searchStock(query: StockSearch): Promise<{ items: StockLevel[]; hasNextPage: boolean; totalCount: number }> {
  const where: Prisma.StockLevelWhereInput = { locationId: query.locationId };
  if (query.search) where.productName = { contains: query.search, mode: 'insensitive' };
  if (query.maxQuantity !== undefined) where.quantity = { lte: query.maxQuantity };
  const pageWhere = query.after ? { AND: [where, afterPosition(query.orderBy, query.after)] } : where;
  const [rows, totalCount] = await Promise.all([
    inventoryDb().stockLevel.findMany({ where: pageWhere, orderBy: sortOf(query.orderBy), take: query.limit + 1 }),
    inventoryDb().stockLevel.count({ where }),
  ]);
  return { items: rows.slice(0, query.limit).map(toStockLevel), hasNextPage: rows.length > query.limit, totalCount };
}

/**
 * Seeds locations and their stock in one transaction, with one INITIAL
 * movement per level so that every level equals the sum of its ledger, and
 * its StockChanged event in the outbox.
 */
export async function insertInitialStock(
  locations: Location[],
  levels: Array<{ locationId: string; productId: string; productName: string; quantity: number }>,
): Promise<void> {
  const kindOf = new Map(locations.map((l) => [l.id, l.kind]));
  const occurredAt = new Date();
  await inventoryDb().$transaction(
    async (tx) => {
      await tx.location.createMany({ data: locations, skipDuplicates: true });
      await tx.stockLevel.createMany({ data: levels, skipDuplicates: true });
      const movements = levels.map((l) => ({ locationId: l.locationId, productId: l.productId, delta: l.quantity, kind: 'INITIAL' as const, reason: 'Demo data' }));
      await tx.stockMovement.createMany({ data: movements });
      await appendToOutbox(
        tx,
        levels.map((l, i) => stockChanged(movements[i]!, { quantity: l.quantity, locationKind: kindOf.get(l.locationId) ?? 'STORE' }, occurredAt)),
      );
    },
    { timeout: 60_000 },
  );
  wakeOutboxRelay('inventory');
}

export interface LedgerMismatch extends StockKey {
  quantity: number;
  ledger: number;
}

/** Levels whose quantity differs from the sum of their movements (should be none). */
export async function findLedgerMismatches(): Promise<LedgerMismatch[]> {
  return inventoryDb().$queryRaw<LedgerMismatch[]>`
    SELECT l."locationId", l."productId", l.quantity, COALESCE(SUM(m.delta), 0)::int AS ledger
    FROM "StockLevel" l
    LEFT JOIN "StockMovement" m ON m."locationId" = l."locationId" AND m."productId" = l."productId"
    GROUP BY l."locationId", l."productId", l.quantity
    HAVING l.quantity <> COALESCE(SUM(m.delta), 0)`;
}

/** Levels at or above a bound of these locations whose quantity exceeds QUANTITY_CAP cannot be counted from the histogram: counted here. */
export async function countLevelsAtLeast(locationIds: readonly string[], atLeast: number): Promise<Map<string, number>> {
  if (locationIds.length === 0) return new Map();
  const rows = await inventorySql().query<{ locationId: string; levels: string }>(
    `SELECT "locationId"::text AS "locationId", count(*)::text AS levels FROM "StockLevel"
     WHERE "locationId" = ANY($1::uuid[]) AND quantity >= $2::int GROUP BY "locationId"`,
    [locationIds, atLeast],
  );
  return new Map(rows.map((r) => [r.locationId, Number(r.levels)]));
}

const LEVEL_COLUMNS = `"locationId"::text AS "locationId", "productId"::text AS "productId", "productName", quantity, "updatedAt"`;

/**
 * The `limit` levels of each location whose quantity is at most `atMost`
 * (lowest first) or at least `atLeast` (highest first), then by product
 * name: one index range per location, read in index order.
 */
export async function findWorstLevels(locationIds: readonly string[], bound: { atMost: number } | { atLeast: number }, limit: number): Promise<StockLevel[]> {
  if (locationIds.length === 0) return [];
  const low = 'atMost' in bound;
  const rows = await inventorySql().query<StockLevel>(
    `SELECT worst.* FROM unnest($1::uuid[]) AS location(id)
     CROSS JOIN LATERAL (
       SELECT ${LEVEL_COLUMNS} FROM "StockLevel"
       WHERE "locationId" = location.id AND quantity ${low ? '<=' : '>='} $2::int
       ORDER BY quantity ${low ? 'ASC' : 'DESC'}, "productName", "productId"
       LIMIT $3::int
     ) AS worst`,
    [locationIds, low ? bound.atMost : bound.atLeast, limit],
  );
  return rows.map(toStockLevel);
}
