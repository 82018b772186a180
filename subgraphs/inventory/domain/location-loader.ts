import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { findLocationsByIds } from '../data-access/location.repository.js';
import type { Location } from './inventory.js';

/** Batches the location lookups of one request (Store references, StockLevel.store …) into one query. */
export function createLocationLoader(
  findByIds: (ids: readonly string[]) => Promise<Location[]> = findLocationsByIds,
): DataLoader<string, Location | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const found = new Map((valid.length ? await findByIds(valid) : []).map((l) => [l.id, l]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}
