import { coalesceCalls } from './call-coalescer.js';
import { callSubgraph } from './subgraph-client.js';

/** A product as catalog prices it at sale time. */
export interface CatalogProduct {
  id: string;
  name: string;
  price: string;
  active: boolean;
}

const PRODUCTS = `query SalesPriceLookup($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price active name } } }`;

/** One entity query for the products of every saga waiting to be priced (ids sorted, so catalog's cache sees the same sets). */
const lookup = coalesceCalls<readonly string[], Map<string, CatalogProduct>>(async (requests) => {
  const ids = [...new Set(requests.flat().map((id) => id.toLowerCase()))].sort();
  const data = await callSubgraph<{ _entities: Array<CatalogProduct | null> }>('catalog', PRODUCTS, {
    r: ids.map((id) => ({ __typename: 'Product', id })),
  });
  const found = new Map<string, CatalogProduct>();
  for (const product of data._entities) if (product?.id) found.set(product.id.toLowerCase(), product);
  return requests.map(() => ({ ok: true as const, value: found }));
});

/**
 * Current price and status of these products, through catalog's federation
 * entity query (one call, shared with the sagas pricing at the same time);
 * unknown products are absent from the map.
 */
export async function fetchCatalogProducts(ids: readonly string[]): Promise<Map<string, CatalogProduct>> {
  if (ids.length === 0) return new Map();
  return lookup(ids);
}
