import { useRef, useState } from 'react';
import { ErrorBanner, Loading, Success } from '../components/Feedback';
import { graphql } from '../gql';
import { useMutation, useQuery } from '../lib/hooks';
import { formatDateTime, shortId } from '../lib/format';
import { newIdempotencyKey } from '../lib/ids';
import { money, toCents } from '../lib/money';
import { Link, useLocation } from '../lib/router';
import { useViewer } from '../lib/session';
import styles from './SaleDetail.module.css';

const SaleDetailQuery = graphql(`
  query SaleDetail($id: ID!) {
    sale(id: $id) {
      id total refundedTotal status createdAt
      store { id code name address }
      lines { quantity returnedQuantity unitPrice lineTotal product { id sku name } }
      returns { id refund reason createdAt lines { quantity product { id name } } }
    }
  }
`);

const ReturnSale = graphql(`
  mutation ReturnSale($input: ReturnSaleInput!) {
    returnSale(input: $input) { id refund sale { id status refundedTotal } }
  }
`);

const statusLabels = { COMPLETED: 'Completed', PARTIALLY_RETURNED: 'Partially returned', RETURNED: 'Returned' } as const;

/** One sale: the receipt (printable) and, for the store's staff, returns. */
export function SaleDetail({ id }: { id: string }) {
  const viewer = useViewer();
  const { params } = useLocation();
  const query = useQuery(SaleDetailQuery, { id });
  const sale = query.data?.sale;

  if (query.loading && !sale) return <Loading label="Loading the sale…" />;
  if (query.error) return <ErrorBanner error={query.error} />;
  if (!sale) return <ErrorBanner error={new Error('This sale does not exist.')} />;

  const canReturn = (viewer.role === 'CLERK' || viewer.role === 'STORE_MANAGER') && viewer.store?.id === sale.store.id && sale.status !== 'RETURNED';
  return (
    <div className={styles.page}>
      <div className="no-print">
        {params.get('recorded') && <Success>Sale recorded. Total {money(sale.total)}.</Success>}
        {params.get('ordered') && <Success>Thank you! Your order is placed. Total {money(sale.total)}.</Success>}
        <div className="row">
          {viewer.role !== 'CUSTOMER' && <Link to={`/sales?store=${sale.store.id}`}>← Sales of {sale.store.code}</Link>}
          {viewer.role === 'CUSTOMER' && <Link to="/shop">← Back to the shop</Link>}
          {(viewer.role === 'CLERK' || viewer.role === 'STORE_MANAGER') && <Link to="/till">New sale</Link>}
        </div>
      </div>

      <article className={styles.receipt} aria-label="Receipt" data-testid="receipt">
        <header>
          <h1>{sale.store.name}</h1>
          {sale.store.address && <p>{sale.store.address}</p>}
          <p>
            {formatDateTime(sale.createdAt)} · Sale {shortId(sale.id)}
          </p>
        </header>
        <table>
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Qty</th>
              <th className="num">Price</th>
              <th className="num">Amount</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((line) => (
              <tr key={line.product.id}>
                <td>
                  {line.product.name}
                  {line.returnedQuantity > 0 && <div className={styles.returned}>returned: {line.returnedQuantity}</div>}
                </td>
                <td className="num">{line.quantity}</td>
                <td className="num">{money(line.unitPrice)}</td>
                <td className="num">{money(line.lineTotal)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th colSpan={3}>Total</th>
              <td className="num" data-testid="receipt-total">
                <strong>{money(sale.total)}</strong>
              </td>
            </tr>
            {toCents(sale.refundedTotal) > 0n && (
              <tr>
                <th colSpan={3}>Refunded</th>
                <td className="num" data-testid="receipt-refunded">
                  −{money(sale.refundedTotal)}
                </td>
              </tr>
            )}
          </tfoot>
        </table>
        <footer>
          <p>
            Status: <span data-testid="sale-status">{statusLabels[sale.status]}</span>
          </p>
          <p className={styles.thanks}>Thank you for shopping with us.</p>
        </footer>
      </article>

      <div className="no-print row">
        <button type="button" onClick={() => window.print()}>
          Print receipt
        </button>
      </div>

      {sale.returns.length > 0 && (
        <section className="card no-print">
          <h2>Returns</h2>
          <ul className={styles.returns}>
            {sale.returns.map((r) => (
              <li key={r.id}>
                {formatDateTime(r.createdAt)}: {r.lines.map((l) => `${l.quantity} × ${l.product.name}`).join(', ')} · refund {money(r.refund)}
                {r.reason ? ` · “${r.reason}”` : ''}
              </li>
            ))}
          </ul>
        </section>
      )}

      {canReturn && <ReturnForm sale={sale} onReturned={query.refetch} />}
    </div>
  );
}

function ReturnForm({
  sale,
  onReturned,
}: {
  sale: { id: string; lines: Array<{ quantity: number; returnedQuantity: number; product: { id: string; name: string } }> };
  onReturned: () => void;
}) {
  const [quantities, setQuantitiesState] = useState<Record<string, number>>({});
  const [reason, setReasonState] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const attemptKey = useRef<string | null>(null);
  const [returnSale, state, reset] = useMutation(ReturnSale);

  const changed = () => {
    attemptKey.current = null;
    setDone(null);
    reset();
  };
  const setQuantity = (productId: string, value: number) => {
    changed();
    setQuantitiesState((q) => ({ ...q, [productId]: value }));
  };
  const setReason = (value: string) => {
    changed();
    setReasonState(value);
  };

  const send = async (all: boolean) => {
    const lines = all
      ? undefined
      : Object.entries(quantities)
          .filter(([, quantity]) => quantity > 0)
          .map(([productId, quantity]) => ({ productId, quantity }));
    if (lines && lines.length === 0) return;
    attemptKey.current ??= newIdempotencyKey();
    const result = await returnSale({ input: { saleId: sale.id, lines, reason: reason.trim() || null, idempotencyKey: attemptKey.current } });
    if (result) {
      attemptKey.current = null;
      setQuantitiesState({});
      setReasonState('');
      setDone(`Returned: refund ${money(result.returnSale.refund)}.`);
      onReturned();
    }
  };

  const selected = Object.values(quantities).some((q) => q > 0);
  return (
    <section className="card no-print" aria-labelledby="return-title">
      <h2 id="return-title">Take a return</h2>
      {done && <Success>{done}</Success>}
      <ErrorBanner error={state.error} />
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th>Item</th>
              <th className="num">Can return</th>
              <th className="num">Return now</th>
            </tr>
          </thead>
          <tbody>
            {sale.lines.map((line) => {
              const remaining = line.quantity - line.returnedQuantity;
              return (
                <tr key={line.product.id}>
                  <td>{line.product.name}</td>
                  <td className="num">{remaining}</td>
                  <td className="num">
                    <input
                      type="number"
                      min={0}
                      max={remaining}
                      inputMode="numeric"
                      className={styles.qty}
                      value={quantities[line.product.id] ?? 0}
                      onChange={(e) => setQuantity(line.product.id, Math.max(0, Math.floor(Number(e.target.value)) || 0))}
                      disabled={remaining === 0}
                      aria-label={`Return quantity of ${line.product.name}`}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <div className="toolbar" style={{ marginTop: '1rem' }}>
        <label className="grow">
          Reason (optional)
          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="e.g. damaged packaging" />
        </label>
        <button type="button" onClick={() => send(false)} disabled={!selected || state.loading}>
          {state.loading ? 'Returning…' : 'Return selected items'}
        </button>
        <button type="button" className="secondary" onClick={() => send(true)} disabled={state.loading}>
          Return everything left
        </button>
      </div>
    </section>
  );
}
