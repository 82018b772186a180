import { formatDateTime } from '../lib/format';

export interface AlertRow {
  id: string;
  quantity: number;
  threshold: number;
  raisedAt: string;
  resolvedAt?: string | null;
  store: { code: string };
  product: { name: string; sku: string };
}

/** Stock alerts as a table, newest first as given; `withStatus` adds open / resolved. */
export function AlertTable({ alerts, withStatus = false, busy }: { alerts: readonly AlertRow[]; withStatus?: boolean; busy?: boolean }) {
  return (
    <div className="table-wrap" aria-busy={busy}>
      <table>
        <thead>
          <tr>
            <th>Raised</th>
            <th>Store</th>
            <th>Product</th>
            <th className="num">Quantity</th>
            <th className="num">Threshold</th>
            {withStatus && <th>Status</th>}
          </tr>
        </thead>
        <tbody>
          {alerts.map((a) => (
            <tr key={a.id} data-testid="alert-row">
              <td>{formatDateTime(a.raisedAt)}</td>
              <td>{a.store.code}</td>
              <td>
                {a.product.name} <span className="muted">{a.product.sku}</span>
              </td>
              <td className="num">
                <span className={a.quantity === 0 ? 'badge out' : 'badge low'}>{a.quantity}</span>
              </td>
              <td className="num">{a.threshold}</td>
              {withStatus && <td>{a.resolvedAt ? <span className="badge">resolved {formatDateTime(a.resolvedAt)}</span> : <span className="badge low">open</span>}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
