import { useState, type FormEvent } from 'react';
import { Empty, ErrorBanner, Loading, Success } from '../components/Feedback';
import { ConnectionPager, useCursorPages } from '../components/Pager';
import { ProductFilters } from '../components/ProductFilters';
import { graphql } from '../gql';
import { useDebounced, useMutation, useQuery } from '../lib/hooks';
import { isValidPrice, money } from '../lib/money';
import styles from './Catalog.module.css';
import { SubmitOrCancel } from '../components/SubmitOrCancel';

const CatalogProducts = graphql(`
  query CatalogProducts($search: String, $category: String, $first: Int, $after: String) {
    products(search: $search, category: $category, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { id sku name category price description active updatedAt } }
    }
    categories
  }
`);

const CreateProduct = graphql(`
  mutation CreateProduct($input: CreateProductInput!) {
    createProduct(input: $input) { id sku name price active }
  }
`);

const UpdateProduct = graphql(`
  mutation UpdateProduct($id: ID!, $input: UpdateProductInput!) {
    updateProduct(id: $id, input: $input) { id sku name category price description active }
  }
`);

interface ProductFields {
  id: string;
  sku: string;
  name: string;
  category: string;
  price: string;
  description?: string | null;
  active: boolean;
}

const pageSize = 15;

/** Head office: the catalog with search, create, edit and (de)activation. */
export function Catalog() {
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [editing, setEditing] = useState<ProductFields | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const debounced = useDebounced(search.trim());
  const pages = useCursorPages([debounced, category]);
  const query = useQuery(CatalogProducts, { search: debounced || null, category: category || null, first: pageSize, after: pages.after });
  const [update, updateState] = useMutation(UpdateProduct);
  const products = query.data?.products;

  const saved = (text: string) => {
    setEditing(null);
    setMessage(text);
    query.refetch();
  };
  const toggleActive = async (p: ProductFields) => {
    setMessage(null);
    const result = await update({ id: p.id, input: { active: !p.active } });
    if (result) saved(`${result.updateProduct.name} is ${result.updateProduct.active ? 'active again' : 'deactivated'}.`);
  };

  return (
    <section className="stack">
      <div className={styles.head}>
        <h1>Catalog</h1>
        <button type="button" onClick={() => (setMessage(null), setEditing('new'))}>
          New product
        </button>
      </div>
      {message && <Success>{message}</Success>}
      {editing && <ProductForm product={editing === 'new' ? null : editing} categories={query.data?.categories ?? []} onSaved={saved} onCancel={() => setEditing(null)} />}
      <div>
        <ProductFilters search={search} category={category} onSearch={setSearch} onCategory={setCategory} />
        <ErrorBanner error={query.error ?? updateState.error} />
        {query.loading && !products && <Loading label="Loading products…" />}
        {products && products.edges.length === 0 && <Empty>No product matches.</Empty>}
        {products && products.edges.length > 0 && (
          <div className="table-wrap" aria-busy={query.loading}>
            <table>
              <thead>
                <tr>
                  <th>SKU</th>
                  <th>Name</th>
                  <th className={styles.hideNarrow}>Category</th>
                  <th className="num">Price</th>
                  <th>Status</th>
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {products.edges.map(({ node: p }) => (
                  <tr key={p.id} data-testid="catalog-row" className={p.active ? undefined : styles.inactive}>
                    <td className="muted">{p.sku}</td>
                    <td>
                      <div className={styles.name}>{p.name}</div>
                      {p.description && <div className={`muted ${styles.description}`}>{p.description}</div>}
                    </td>
                    <td className={styles.hideNarrow}>{p.category}</td>
                    <td className="num">{money(p.price)}</td>
                    <td>{p.active ? <span className="badge">active</span> : <span className="badge inactive">inactive</span>}</td>
                    <td className="num">
                      <div className="row">
                        <button type="button" className="secondary small" onClick={() => (setMessage(null), setEditing(p))} aria-label={`Edit ${p.name}`}>
                          Edit
                        </button>
                        <button type="button" className={`small ${p.active ? 'danger' : 'secondary'}`} onClick={() => toggleActive(p)} disabled={updateState.loading} aria-label={`${p.active ? 'Deactivate' : 'Reactivate'} ${p.name}`}>
                          {p.active ? 'Deactivate' : 'Reactivate'}
                        </button>
                      </div>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {products && (
          <ConnectionPager connection={products} pages={pages} pageSize={pageSize} loading={query.loading} />
        )}
      </div>
    </section>
  );
}

function ProductForm({ product, categories, onSaved, onCancel }: { product: ProductFields | null; categories: string[]; onSaved: (message: string) => void; onCancel: () => void }) {
  const [sku, setSku] = useState(product?.sku ?? '');
  const [name, setName] = useState(product?.name ?? '');
  const [category, setCategory] = useState(product?.category ?? '');
  const [price, setPrice] = useState(product?.price ?? '');
  const [description, setDescription] = useState(product?.description ?? '');
  const [create, createState] = useMutation(CreateProduct);
  const [update, updateState] = useMutation(UpdateProduct);
  const state = product ? updateState : createState;
  const priceInvalid = price !== '' && !isValidPrice(price);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (priceInvalid) return;
    if (product) {
      const result = await update({ id: product.id, input: { name: name.trim(), category: category.trim(), price: price.trim(), description: description.trim() || null } });
      if (result) onSaved(`Saved ${result.updateProduct.name} (${result.updateProduct.sku}), price ${money(result.updateProduct.price)}.`);
    } else {
      const result = await create({ input: { sku: sku.trim(), name: name.trim(), category: category.trim(), price: price.trim(), description: description.trim() || null } });
      if (result) onSaved(`Created ${result.createProduct.name} (${result.createProduct.sku}).`);
    }
  };

  return (
    <form className={`card ${styles.form}`} onSubmit={submit} aria-label={product ? `Edit ${product.name}` : 'New product'}>
      <h2>{product ? `Edit ${product.name}` : 'New product'}</h2>
      <ErrorBanner error={state.error} />
      <div className={styles.fields}>
        <label>
          SKU
          <input value={sku} onChange={(e) => setSku(e.target.value)} required disabled={!!product} placeholder="e.g. BEV-0099" />
        </label>
        <label>
          Name
          <input value={name} onChange={(e) => setName(e.target.value)} required />
        </label>
        <label>
          Category
          <input value={category} onChange={(e) => setCategory(e.target.value)} list="categories" required />
          <datalist id="categories">
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </label>
        <label>
          Price
          <input value={price} onChange={(e) => setPrice(e.target.value)} inputMode="decimal" placeholder="0.00" required aria-invalid={priceInvalid} />
          {priceInvalid && <span className={styles.invalid}>Use a number with at most two decimals, e.g. 3.50</span>}
        </label>
        <label className={styles.wide}>
          Description
          <textarea value={description} onChange={(e) => setDescription(e.target.value)} rows={2} />
        </label>
      </div>
      <div className="row">
        <SubmitOrCancel label={product ? 'Save changes' : 'Create product'} busyLabel="Saving…" busy={state.loading} disabled={priceInvalid} onCancel={onCancel} />
      </div>
    </form>
  );
}
