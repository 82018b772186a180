import { notFound } from '../../../platform/errors/domain-error.js';
import type { Context } from '../context.js';
import { listLocationsOfKind } from '../data-access/location.repository.js';
import { stockCache, stockRequest, stockTags } from '../data-access/stock-cache.js';
import type { Location } from './inventory.js';

/** A store or the warehouse; null for unknown or malformed ids. */
export function getStore(ctx: Context, id: string): Promise<Location | null> {
  return ctx.loaders.location.load(id);
}

/** The location a stock level or request belongs to (it always exists: foreign key or checked on insert). */
export async function getLocationOf(ctx: Context, id: string): Promise<Location> {
  const location = await ctx.loaders.location.load(id);
  if (!location) throw notFound(`Store ${id} not found`);
  return location;
}

/** Locations of one kind, ordered by code; cached (a chain's stores are read on every dashboard and report) until locations are set up again. */
function locationsOfKind(kind: Location['kind']): Promise<Location[]> {
  return stockCache().getOrCompute(stockRequest(`locations:${kind}`, [stockTags.locations]), () => listLocationsOfKind(kind));
}

/** Locations of kind STORE, ordered by code. */
export async function listStores(ctx: Context): Promise<Location[]> {
  const stores = await locationsOfKind('STORE');
  for (const store of stores) ctx.loaders.location.prime(store.id, store);
  return stores;
}

export async function getWarehouse(ctx: Context): Promise<Location> {
  const [warehouse] = await locationsOfKind('WAREHOUSE');
  if (!warehouse) throw notFound('No warehouse is set up');
  ctx.loaders.location.prime(warehouse.id, warehouse);
  return warehouse;
}
