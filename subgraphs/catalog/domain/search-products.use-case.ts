import { decodeCursor, encodeCursor, pageSize, toConnection } from '../../../platform/graphql/pagination.js';
import { productCache, searchRequest } from '../data-access/product-cache.js';
import { searchProducts as searchProductRows } from '../data-access/product.repository.js';
import type { Product } from './product.js';

interface ProductCursor {
  name: string;
  id: string;
}

const isProductCursor = (v: unknown): v is ProductCursor =>
  typeof v === 'object' && v !== null && typeof (v as ProductCursor).name === 'string' && typeof (v as ProductCursor).id === 'string';

/** Products by name, SKU or description and by category, ordered by name, paginated; pages cached until a product changes. */
export async function searchProducts(args: { search?: string | null; category?: string | null; first?: number | null; after?: string | null }) {
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, isProductCursor);
  const query = { search: args.search?.trim() || undefined, category: args.category?.trim() || undefined, after, limit };
  const page = await productCache().getOrCompute(searchRequest(query), () => searchProductRows(query));
  return toConnection<Product>(page, (p) => encodeCursor({ name: p.name, id: p.id }));
}
