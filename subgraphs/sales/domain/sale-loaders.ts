import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { findLinesOfReturns, findReturnsOfSales } from '../data-access/return.repository.js';
import { findLinesOfSales, findSalesByIds } from '../data-access/sale.repository.js';
import type { Sale, SaleLine, SaleReturn } from './sale.js';

export interface SaleLoaders {
  sale: DataLoader<string, Sale | null>;
  saleLines: DataLoader<string, SaleLine[]>;
  saleReturns: DataLoader<string, SaleReturn[]>;
  returnLines: DataLoader<string, SaleLine[]>;
}

function groupBy<T>(keys: readonly string[], items: readonly T[], keyOf: (item: T) => string): T[][] {
  const groups = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const item of items) groups.get(keyOf(item))?.push(item);
  return keys.map((k) => groups.get(k) ?? []);
}

/** The queries behind the loaders (one per batch); replaceable in tests. */
export interface SaleFinders {
  salesByIds: (ids: readonly string[]) => Promise<Sale[]>;
  linesOfSales: (saleIds: readonly string[]) => Promise<Array<SaleLine & { saleId: string }>>;
  returnsOfSales: (saleIds: readonly string[]) => Promise<SaleReturn[]>;
  linesOfReturns: (returnIds: readonly string[]) => Promise<Array<SaleLine & { returnId: string }>>;
}

const databaseFinders: SaleFinders = {
  salesByIds: findSalesByIds,
  linesOfSales: findLinesOfSales,
  returnsOfSales: findReturnsOfSales,
  linesOfReturns: findLinesOfReturns,
};

/**
 * Per-request batching: a page of sales with their lines and returns is a
 * constant number of queries, whatever its size.
 */
export function createSaleLoaders(find: SaleFinders = databaseFinders): SaleLoaders {
  return {
    sale: new DataLoader(async (ids) => {
      const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
      const found = new Map((valid.length ? await find.salesByIds(valid) : []).map((s) => [s.id, s]));
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    saleLines: new DataLoader(async (saleIds) => groupBy(saleIds, await find.linesOfSales(saleIds), (l) => l.saleId)),
    saleReturns: new DataLoader(async (saleIds) => groupBy(saleIds, await find.returnsOfSales(saleIds), (r) => r.saleId)),
    returnLines: new DataLoader(async (returnIds) => groupBy(returnIds, await find.linesOfReturns(returnIds), (l) => l.returnId)),
  };
}
