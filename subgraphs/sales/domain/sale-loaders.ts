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

/**
 * Per-request batching: a page of sales with their lines and returns is a
 * constant number of queries, whatever its size.
 */
export function createSaleLoaders(): SaleLoaders {
  return {
    sale: new DataLoader(async (ids) => {
      const valid = ids.filter(isUuid).map((id) => id.toLowerCase());
      const found = new Map((valid.length ? await findSalesByIds(valid) : []).map((s) => [s.id, s]));
      return ids.map((id) => found.get(id.toLowerCase()) ?? null);
    }),
    saleLines: new DataLoader(async (saleIds) => groupBy(saleIds, await findLinesOfSales(saleIds), (l) => l.saleId)),
    saleReturns: new DataLoader(async (saleIds) => groupBy(saleIds, await findReturnsOfSales(saleIds), (r) => r.saleId)),
    returnLines: new DataLoader(async (returnIds) => groupBy(returnIds, await findLinesOfReturns(returnIds), (l) => l.returnId)),
  };
}
