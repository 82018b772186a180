import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';

const Categories = graphql(`
  query Categories {
    categories
  }
`);

/** Search box (name, SKU, description) and category choice, shared by the till, the shop and the catalog. */
export function ProductFilters({
  search,
  category,
  onSearch,
  onCategory,
  placeholder = 'Name, SKU or description',
}: {
  search: string;
  category: string;
  onSearch: (value: string) => void;
  onCategory: (value: string) => void;
  placeholder?: string;
}) {
  const categories = useQuery(Categories, {});
  return (
    <div className="toolbar" role="search">
      <label className="grow">
        Search products
        <input type="search" value={search} onChange={(e) => onSearch(e.target.value)} placeholder={placeholder} />
      </label>
      <label>
        Category
        <select value={category} onChange={(e) => onCategory(e.target.value)}>
          <option value="">All categories</option>
          {categories.data?.categories.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
