import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { useViewer } from '../lib/session';

const StockAlertsQuery = graphql(`
  query StockAlerts($storeId: ID, $includeResolved: Boolean) {
    stockAlerts(storeId: $storeId, includeResolved: $includeResolved) {
      id quantity threshold raisedAt resolvedAt
      store { id code name }
      product { id sku name }
    }
  }
`);

/** Critical stock alerts: a store manager sees their store, logistics and head office every store. */
export function Alerts() {
  const viewer = useViewer();
  const [includeResolved, setIncludeResolved] = useState(false);
  const query = useQuery(StockAlertsQuery, { storeId: viewer.role === 'STORE_MANAGER' ? (viewer.store?.id ?? null) : null, includeResolved });
  const alerts = query.data?.stockAlerts;
  return (
    <section>
      <h1>Stock alerts{viewer.role === 'STORE_MANAGER' && viewer.store ? ` · ${viewer.store.name}` : ''}</h1>
      <div className="toolbar">
        <label className="inline">
          <input type="checkbox" checked={includeResolved} onChange={(e) => setIncludeResolved(e.target.checked)} />
          Include resolved alerts
        </label>
      </div>
      <ErrorBanner error={query.error} />
      {query.loading && !alerts && <Loading label="Loading alerts…" />}
      {alerts && alerts.length === 0 && <Empty>No {includeResolved ? '' : 'open '}stock alerts.</Empty>}
      {alerts && alerts.length > 0 && (
        <div className="table-wrap" aria-busy={query.loading}>
          <table>
            <thead>
              <tr>
                <th>Raised</th>
                <th>Store</th>
                <th>Product</th>
                <th className="num">Quantity</th>
                <th className="num">Threshold</th>
                <th>Status</th>
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
                  <td className="num">{a.quantity}</td>
                  <td className="num">{a.threshold}</td>
                  <td>{a.resolvedAt ? <span className="badge">resolved {formatDateTime(a.resolvedAt)}</span> : <span className="badge low">open</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
