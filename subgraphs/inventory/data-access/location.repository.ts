import { LRUCache } from 'lru-cache';
import type { Location, LocationKind } from '../domain/inventory.js';
import { inventoryDb } from './inventory-database.js';
import { toLocation } from './rows.js';

/**
 * Locations are written only when the stores and the warehouse are set up
 * (no operation changes or removes one), and nearly every stock request
 * resolves one: once read they are kept in memory for a while. An id not
 * found is not kept, so a location set up later is found at once.
 */
const knownLocations = new LRUCache<string, Location>({ max: 1_000, ttl: 5 * 60_000 });

export async function findLocationsByIds(ids: readonly string[]): Promise<Location[]> {
  const known = ids.map((id) => knownLocations.get(id.toLowerCase())).filter((l): l is Location => l !== undefined);
  const missing = ids.filter((id) => !knownLocations.has(id.toLowerCase()));
  if (missing.length === 0) return known;
  const rows = (await inventoryDb().location.findMany({ where: { id: { in: missing } } })).map(toLocation);
  for (const location of rows) knownLocations.set(location.id, location);
  return [...known, ...rows];
}

/** Locations of one kind, ordered by code. */
export async function listLocationsOfKind(kind: LocationKind): Promise<Location[]> {
  const rows = await inventoryDb().location.findMany({ where: { kind }, orderBy: { code: 'asc' } });
  return rows.map(toLocation);
}

export async function countLocations(): Promise<number> {
  return inventoryDb().location.count();
}
