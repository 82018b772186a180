import DataLoader from 'dataloader';
import { isUuid } from '../../../platform/graphql/ids.js';
import { productCache, productsRequest } from '../data-access/product-cache.js';
import { findProductsByIds } from '../data-access/product.repository.js';
import type { Product } from './product.js';

/** Batches product lookups of one request (entity references, product(id)) into one query, cached. */
export function createProductLoader(): DataLoader<string, Product | null> {
  return new DataLoader(async (ids) => {
    const valid = ids.filter(isUuid);
    const products = valid.length ? await productCache().getOrCompute(productsRequest(valid), () => findProductsByIds(valid)) : [];
    const found = new Map(products.map((p) => [p.id, p]));
    return ids.map((id) => found.get(id.toLowerCase()) ?? null);
  });
}
