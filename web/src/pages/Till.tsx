import { useRef, useState } from 'react';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { Pager } from '../components/Pager';
import { ProductFilters } from '../components/ProductFilters';
import { graphql } from '../gql';
import { useMutation } from '../lib/hooks';
import { newIdempotencyKey } from '../lib/ids';
import { lineTotal, money, sum } from '../lib/money';
import { pageSize, useProductsAtStore } from '../lib/products';
import { navigate } from '../lib/router';
import { useViewer } from '../lib/session';
import styles from './Till.module.css';

const RecordSale = graphql(`
  mutation RecordSale($input: RecordSaleInput!) {
    recordSale(input: $input) { id total status }
  }
`);

interface Line {
  productId: string;
  sku: string;
  name: string;
  unitPrice: string;
  quantity: number;
  inStock: number | null;
}

/**
 * The till: find products, build the sale, record it. One idempotency key per
 * sale attempt: it is made when the sale is first sent and kept until the
 * lines change, so a double click or a retry after a lost answer records once.
 */
export function Till() {
  const viewer = useViewer();
  const storeId = viewer.store?.id;
  const products = useProductsAtStore(storeId);
  const [lines, setLinesState] = useState<Line[]>([]);
  const attemptKey = useRef<string | null>(null);
  const [record, recordState, resetRecord] = useMutation(RecordSale);

  const setLines = (update: (lines: Line[]) => Line[]) => {
    attemptKey.current = null; // different lines: a different sale attempt
    resetRecord();
    setLinesState(update);
  };

  const add = (product: { id: string; sku: string; name: string; price: string; stock?: { quantity: number } | null }) =>
    setLines((current) =>
      current.some((l) => l.productId === product.id)
        ? current.map((l) => (l.productId === product.id ? { ...l, quantity: l.quantity + 1 } : l))
        : [...current, { productId: product.id, sku: product.sku, name: product.name, unitPrice: product.price, quantity: 1, inStock: product.stock?.quantity ?? null }],
    );
  const setQuantity = (productId: string, quantity: number) =>
    setLines((current) => current.map((l) => (l.productId === productId ? { ...l, quantity: Math.max(1, Math.floor(quantity) || 1) } : l)));
  const remove = (productId: string) => setLines((current) => current.filter((l) => l.productId !== productId));

  const submit = async () => {
    if (!storeId || lines.length === 0) return;
    attemptKey.current ??= newIdempotencyKey();
    const result = await record({
      input: { storeId, idempotencyKey: attemptKey.current, lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity })) },
    });
    if (result) {
      attemptKey.current = null;
      setLinesState([]);
      navigate(`/sale?id=${result.recordSale.id}&recorded=1`);
    }
  };

  if (!storeId) return <ErrorBanner error={new Error('The till needs a store account.')} />;
  const data = products.query.data?.products;
  const nameOf = (id: string) => lines.find((l) => l.productId === id)?.name;
  const total = sum(lines.map((l) => lineTotal(l.unitPrice, l.quantity)));

  return (
    <div className={styles.till}>
      <section className={styles.search} aria-labelledby="till-products">
        <h1 id="till-products">Till · {viewer.store?.name}</h1>
        <ProductFilters search={products.search} category={products.category} onSearch={products.setSearch} onCategory={products.setCategory} />
        <ErrorBanner error={products.query.error} />
        {products.query.loading && !data && <Loading label="Loading products…" />}
        {data && data.edges.length === 0 && <Empty>No product matches.</Empty>}
        {data && data.edges.length > 0 && (
          <div className="table-wrap" aria-busy={products.query.loading}>
            <table>
              <thead>
                <tr>
                  <th>Product</th>
                  <th className="num">Price</th>
                  <th className="num">In store</th>
                  <th>
                    <span className="visually-hidden">Add</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {data.edges.map(({ node: p }) => (
                  <tr key={p.id} data-testid="product-row">
                    <td>
                      <div className={styles.name}>{p.name}</div>
                      <div className="muted">
                        {p.sku} · {p.category} {!p.active && <span className="badge inactive">inactive</span>}
                      </div>
                    </td>
                    <td className="num">{money(p.price)}</td>
                    <td className="num">{p.stock ? p.stock.quantity : '–'}</td>
                    <td className="num">
                      <button type="button" className="small" onClick={() => add(p)} disabled={!p.active} aria-label={`Add ${p.name}`}>
                        Add
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {data && <Pager page={products.page} pageSize={pageSize} totalCount={data.totalCount} hasNextPage={data.pageInfo.hasNextPage} onNext={products.next} onPrevious={products.previous} loading={products.query.loading} />}
      </section>

      <section className={`card ${styles.sale}`} aria-labelledby="till-sale">
        <h2 id="till-sale">Current sale</h2>
        <ErrorBanner error={recordState.error} nameOf={nameOf} />
        {lines.length === 0 ? (
          <Empty>Add products to start a sale.</Empty>
        ) : (
          <ul className={styles.lines}>
            {lines.map((l) => (
              <li key={l.productId} data-testid="sale-line">
                <div className={styles.lineHead}>
                  <span className={styles.name}>{l.name}</span>
                  <button type="button" className="danger small" onClick={() => remove(l.productId)} aria-label={`Remove ${l.name}`}>
                    ✕
                  </button>
                </div>
                <div className={styles.lineBody}>
                  <div className={styles.qty}>
                    <button type="button" className="secondary small" onClick={() => setQuantity(l.productId, l.quantity - 1)} aria-label={`One less ${l.name}`}>
                      −
                    </button>
                    <input type="number" min={1} inputMode="numeric" value={l.quantity} onChange={(e) => setQuantity(l.productId, Number(e.target.value))} aria-label={`Quantity of ${l.name}`} />
                    <button type="button" className="secondary small" onClick={() => setQuantity(l.productId, l.quantity + 1)} aria-label={`One more ${l.name}`}>
                      +
                    </button>
                  </div>
                  <span className="muted">× {money(l.unitPrice)}</span>
                  <strong className={styles.lineTotal}>{lineTotal(l.unitPrice, l.quantity)}</strong>
                </div>
                {l.inStock !== null && l.quantity > l.inStock && <span className="badge low">only {l.inStock} in stock</span>}
              </li>
            ))}
          </ul>
        )}
        <div className={styles.total}>
          <span>Total</span>
          <strong data-testid="sale-total">{total}</strong>
        </div>
        <div className="row">
          <button type="button" className={styles.record} onClick={submit} disabled={lines.length === 0 || recordState.loading}>
            {recordState.loading ? 'Recording…' : 'Record sale'}
          </button>
          <button type="button" className="secondary" onClick={() => setLines(() => [])} disabled={lines.length === 0 || recordState.loading}>
            Clear
          </button>
        </div>
      </section>
    </div>
  );
}
