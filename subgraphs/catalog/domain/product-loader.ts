import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { findProductsByIds } from '../data-access/product.repository.js';
import type { Product } from './product.js';

/** Batches product lookups of one request (entity references, product(id)) into one query. */
export function createProductLoader(): DataLoader<string, Product | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const found = new Map((valid.length ? await findProductsByIds(valid) : []).map((p) => [p.id, p]));
    return ids.map((id) => found.get(id) ?? null);
  });
}
