import type { Location, LocationKind } from '../domain/inventory.js';
import { inventoryDb } from './inventory-database.js';
import { toLocation } from './rows.js';

export async function findLocationsByIds(ids: readonly string[]): Promise<Location[]> {
  const rows = await inventoryDb().location.findMany({ where: { id: { in: [...ids] } } });
  return rows.map(toLocation);
}

/** Locations of one kind, ordered by code. */
export async function listLocationsOfKind(kind: LocationKind): Promise<Location[]> {
  const rows = await inventoryDb().location.findMany({ where: { kind }, orderBy: { code: 'asc' } });
  return rows.map(toLocation);
}

export async function countLocations(): Promise<number> {
  return inventoryDb().location.count();
}
