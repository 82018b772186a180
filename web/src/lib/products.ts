import { useEffect, useState } from 'react';
import { graphql } from '../gql';
import { nextCursors } from '../components/Pager';
import { useDebounced, useQuery } from './hooks';

/** Products with their stock at one location, for the till and the shop. */
export const ProductsAtStore = graphql(`
  query ProductsAtStore($search: String, $category: String, $storeId: ID!, $first: Int, $after: String) {
    products(search: $search, category: $category, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node { id sku name category price description active stock(storeId: $storeId) { quantity } }
      }
    }
  }
`);

export const pageSize = 12;

/** Search, category and cursor pages of the product list at a store. */
export function useProductsAtStore(storeId: string | undefined) {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const debouncedSearch = useDebounced(search.trim());
  useEffect(() => setCursors([null]), [debouncedSearch, category, storeId]);
  const page = cursors.length - 1;
  const query = useQuery(
    ProductsAtStore,
    { search: debouncedSearch || null, category: category || null, storeId: storeId ?? '', first: pageSize, after: cursors[page] ?? null },
    { skip: !storeId },
  );
  return {
    search,
    setSearch,
    category,
    setCategory,
    query,
    page,
    next: () => setCursors((c) => nextCursors(c, query.data?.products.pageInfo.endCursor)),
    previous: () => setCursors((c) => (c.length > 1 ? c.slice(0, -1) : c)),
  };
}
