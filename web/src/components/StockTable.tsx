import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { graphql } from '../gql';
import type { StockOrder } from '../gql/graphql';
import { useDebounced, useMutation, useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { Empty, ErrorBanner, Loading, Success } from './Feedback';
import { nextCursors, Pager } from './Pager';
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

const RequestReplenishment = graphql(`
  mutation RequestReplenishment($storeId: ID!, $productId: ID!, $quantity: Int!) {
    requestReplenishment(storeId: $storeId, productId: $productId, quantity: $quantity) { id quantity status product { name } }
  }
`);

const AdjustStock = graphql(`
  mutation AdjustStock($storeId: ID!, $productId: ID!, $delta: Int!, $reason: String!) {
    adjustStock(storeId: $storeId, productId: $productId, delta: $delta, reason: $reason) { quantity product { id name } }
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
export function StockTable({ locationId, canRequest, canAdjust, onRequested }: { locationId: string; canRequest: boolean; canAdjust: boolean; onRequested?: () => void }) {
  const [search, setSearch] = useState('');
  const [lowStockOnly, setLowStockOnly] = useState(false);
  const [orderBy, setOrderBy] = useState<StockOrder>('PRODUCT_NAME');
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [action, setAction] = useState<Action>(null);
  const [message, setMessage] = useState<string | null>(null);
  const debouncedSearch = useDebounced(search.trim());
  useEffect(() => setCursors([null]), [debouncedSearch, lowStockOnly, orderBy, locationId]);
  const page = cursors.length - 1;
  const query = useQuery(LocationStock, { id: locationId, search: debouncedSearch || null, lowStockOnly, orderBy, first: pageSize, after: cursors[page] ?? null });
  const stock = query.data?.store?.stock;
  const showActions = canRequest || canAdjust;

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
                            <RequestForm
                              storeId={locationId}
                              productId={p.id}
                              name={p.name}
                              onDone={(text) => {
                                setAction(null);
                                setMessage(text);
                                onRequested?.();
                              }}
                              onCancel={() => setAction(null)}
                            />
                          ) : (
                            <AdjustForm
                              storeId={locationId}
                              productId={p.id}
                              name={p.name}
                              onDone={(text) => {
                                setAction(null);
                                setMessage(text);
                                query.refetch();
                              }}
                              onCancel={() => setAction(null)}
                            />
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
        <Pager
          page={page}
          pageSize={pageSize}
          totalCount={stock.totalCount}
          hasNextPage={stock.pageInfo.hasNextPage}
          onNext={() => setCursors((c) => nextCursors(c, stock.pageInfo.endCursor))}
          onPrevious={() => setCursors((c) => c.slice(0, -1))}
          loading={query.loading}
        />
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

function RequestForm({ storeId, productId, name, onDone, onCancel }: { storeId: string; productId: string; name: string; onDone: (message: string) => void; onCancel: () => void }) {
  const [quantity, setQuantity] = useState(20);
  const [request, state] = useMutation(RequestReplenishment);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await request({ storeId, productId, quantity });
    if (result) onDone(`Requested ${result.requestReplenishment.quantity} × ${result.requestReplenishment.product.name} from the warehouse (pending approval).`);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={`Request replenishment of ${name}`}>
      <ErrorBanner error={state.error} nameOf={() => name} />
      <label>
        Quantity to request
        <input type="number" min={1} inputMode="numeric" value={quantity} onChange={(e) => setQuantity(Math.floor(Number(e.target.value)))} />
      </label>
      <button type="submit" disabled={state.loading}>
        {state.loading ? 'Sending…' : 'Send request'}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}

function AdjustForm({ storeId, productId, name, onDone, onCancel }: { storeId: string; productId: string; name: string; onDone: (message: string) => void; onCancel: () => void }) {
  const [delta, setDelta] = useState(0);
  const [reason, setReason] = useState('');
  const [adjust, state] = useMutation(AdjustStock);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await adjust({ storeId, productId, delta, reason: reason.trim() });
    if (result) onDone(`Stock of ${result.adjustStock.product.name} is now ${result.adjustStock.quantity}.`);
  };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={`Adjust stock of ${name}`}>
      <ErrorBanner error={state.error} nameOf={() => name} />
      <label>
        Change (+ or −)
        <input type="number" inputMode="numeric" value={delta} onChange={(e) => setDelta(Math.trunc(Number(e.target.value)))} />
      </label>
      <label className="grow">
        Reason
        <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. stock count, breakage" required />
      </label>
      <button type="submit" disabled={state.loading || delta === 0}>
        {state.loading ? 'Saving…' : 'Apply'}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
