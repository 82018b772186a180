import { useState, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { StockOrder } from '../gql/graphql';
import { useDebounced, useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { Empty, ErrorBanner, Loading, Success } from './Feedback';
import { AdjustStockForm } from './AdjustStockForm';
import { ConnectionPager, useCursorPages } from './Pager';
import { RequestReplenishmentForm } from './RequestReplenishmentForm';
import styles from './StockTable.module.css';

const LocationStock = graphql(`
  query LocationStock($id: ID!, $search: String, $lowStockOnly: Boolean, $orderBy: StockOrder, $first: Int, $after: String) {
    store(id: $id) {
      id code name kind
      stock(search: $search, lowStockOnly: $lowStockOnly, orderBy: $orderBy, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { quantity updatedAt product { id sku name category active } } }
      }
    }
  }
`);

/** At or below this a store's quantity is low (the API's default threshold). */
export const lowStockThreshold = 5;
const pageSize = 20;

type Action = { kind: 'request' | 'adjust'; productId: string; name: string } | null;

/**
 * Stock of one location with search, low-stock filter, ordering and cursor
 * pages; row actions to request replenishment and adjust stock where allowed.
 */
export function StockTable({
  locationId,
  canRequest,
  canAdjust,
  onRequested,
  initialLowStockOnly = false,
}: {
  locationId: string;
  canRequest: boolean;
  canAdjust: boolean;
  onRequested?: () => void;
  initialLowStockOnly?: boolean;
}) {
  const [search, setSearch] = useState('');
  const [lowStockOnly, setLowStockOnly] = useState(initialLowStockOnly);
  const [orderBy, setOrderBy] = useState<StockOrder>('PRODUCT_NAME');
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<string | null>(null);
  const debouncedSearch = useDebounced(search.trim());
  const pages = useCursorPages([debouncedSearch, lowStockOnly, orderBy, locationId]);
  const query = useQuery(LocationStock, { id: locationId, search: debouncedSearch || null, lowStockOnly, orderBy, first: pageSize, after: pages.after });
  const stock = query.data?.store?.stock;
  const showActions = canRequest || canAdjust;
  // Both row forms: the row's product, closed on cancel; when done, closed with their message and `then`.
  const formOf = (p: { id: string; name: string }) => ({ storeId: locationId, productId: p.id, name: p.name, onCancel: () => setAction(null) });
  const done = (then?: () => unknown) => (text: string) => {
    setAction(null);
    setMessage(text);
    then?.();
  };

  const open = (next: Action) => {
    setMessage(null);
    setAction(next);
  };

  return (
    <div>
      <div className="toolbar" role="search">
        <label className="grow">
          Search stock
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Name or SKU" />
        </label>
        <label>
          Order by
          <select value={orderBy} onChange={(e) => setOrderBy(e.target.value as StockOrder)}>
            <option value="PRODUCT_NAME">Product name</option>
            <option value="QUANTITY_ASC">Quantity, lowest first</option>
            <option value="QUANTITY_DESC">Quantity, highest first</option>
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={lowStockOnly} onChange={(e) => setLowStockOnly(e.target.checked)} />
          Low stock only
        </label>
      </div>
      {message && <Success>{message}</Success>}
      <ErrorBanner error={query.error} />
      {query.loading && !stock && <Loading label="Loading stock…" />}
      {stock && stock.edges.length === 0 && <Empty>No stock matches.</Empty>}
      {stock && stock.edges.length > 0 && (
        <div className="table-wrap" aria-busy={query.loading}>
          <table>
            <thead>
              <tr>
                <th>Product</th>
                <th className={styles.hideNarrow}>Category</th>
                <th className="num">Quantity</th>
                <th className={styles.hideNarrow}>Updated</th>
                {showActions && (
                  <th>
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {stock.edges.map(({ node }) => {
                const p = node.product;
                const isOpen = action?.productId === p.id;
                return (
                  <StockRow
                    key={p.id}
                    product={p}
                    quantity={node.quantity}
                    updatedAt={node.updatedAt}
                    showActions={showActions}
                    canRequest={canRequest}
                    canAdjust={canAdjust}
                    onOpen={(kind) => open(isOpen && action?.kind === kind ? null : { kind, productId: p.id, name: p.name })}
                  >
                    {isOpen && action && (
                      <tr className={styles.actionRow}>
                        <td colSpan={5}>
                          {action.kind === 'request' ? (
                            <RequestReplenishmentForm {...formOf(p)} onDone={done(onRequested)} />
                          ) : (
                            <AdjustStockForm {...formOf(p)} onDone={done(query.refetch)} />
                          )}
                        </td>
                      </tr>
                    )}
                  </StockRow>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {stock && (
        <ConnectionPager connection={stock} pages={pages} pageSize={pageSize} loading={query.loading} />
      )}
    </div>
  );
}

function StockRow({
  product,
  quantity,
  updatedAt,
  showActions,
  canRequest,
  canAdjust,
  onOpen,
  children,
}: {
  product: { id: string; sku: string; name: string; category: string; active: boolean };
  quantity: number;
  updatedAt: string;
  showActions: boolean;
  canRequest: boolean;
  canAdjust: boolean;
  onOpen: (kind: 'request' | 'adjust') => void;
  children: ReactNode;
}) {
  return (
    <>
      <tr data-testid="stock-row">
        <td>
          <div className={styles.name}>{product.name}</div>
          <div className="muted">{product.sku}</div>
        </td>
        <td className={styles.hideNarrow}>{product.category}</td>
        <td className="num">
          <span className={quantity === 0 ? 'badge out' : quantity <= lowStockThreshold ? 'badge low' : undefined} data-testid="stock-quantity">
            {quantity}
          </span>
        </td>
        <td className={`${styles.hideNarrow} muted`}>{formatDateTime(updatedAt)}</td>
        {showActions && (
          <td className="num">
            <div className={styles.actions}>
              {canRequest && (
                <button type="button" className="secondary small" onClick={() => onOpen('request')} aria-label={`Request ${product.name}`}>
                  Request
                </button>
              )}
              {canAdjust && (
                <button type="button" className="secondary small" onClick={() => onOpen('adjust')} aria-label={`Adjust ${product.name}`}>
                  Adjust
                </button>
              )}
            </div>
          </td>
        )}
      </tr>
      {children}
    </>
  );
}
