import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { ConnectionPager, useCursorPages } from '../components/Pager';
import { StorePicker, useStores } from '../components/StorePicker';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { formatDateTime, shortId } from '../lib/format';
import { money, toCents } from '../lib/money';
import { Link, navigate, useLocation, withParams } from '../lib/router';
import { useViewer } from '../lib/session';

const StoreSales = graphql(`
  query StoreSales($storeId: ID!, $from: DateTime, $to: DateTime, $first: Int, $after: String) {
    store(id: $storeId) {
      id code name
      sales(from: $from, to: $to, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { node { id createdAt total refundedTotal status lines { quantity product { id name } } } }
      }
    }
  }
`);

const pageSize = 20;
const statusBadge = { COMPLETED: '', PARTIALLY_RETURNED: 'low', RETURNED: 'out' } as const;
const statusText = { COMPLETED: 'completed', PARTIALLY_RETURNED: 'partly returned', RETURNED: 'returned' } as const;

/** A store's transaction history, newest first; a sale opens its receipt and returns. */
export function History() {
  const viewer = useViewer();
  const { params } = useLocation();
  const stores = useStores();
  const storeId = params.get('store') ?? viewer.store?.id ?? stores.data?.stores[0]?.id;
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const pages = useCursorPages([storeId, from, to]);
  const query = useQuery(
    StoreSales,
    {
      storeId: storeId ?? '',
      from: from ? new Date(`${from}T00:00:00`).toISOString() : null,
      to: to ? new Date(`${to}T23:59:59.999`).toISOString() : null,
      first: pageSize,
      after: pages.after,
    },
    { skip: !storeId },
  );
  const sales = query.data?.store?.sales;

  return (
    <section>
      <h1>Sales &amp; returns{query.data?.store ? ` · ${query.data.store.name}` : ''}</h1>
      <div className="toolbar">
        {viewer.role === 'HQ_ADMIN' && storeId && <StorePicker value={storeId} onChange={(id) => navigate(withParams({ store: id }))} />}
        <label>
          From
          <input type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </div>
      <ErrorBanner error={query.error} />
      {query.loading && !sales && <Loading label="Loading sales…" />}
      {sales && sales.edges.length === 0 && <Empty>No sales in this period.</Empty>}
      {sales && sales.edges.length > 0 && (
        <div className="table-wrap" aria-busy={query.loading}>
          <table>
            <thead>
              <tr>
                <th>When</th>
                <th>Sale</th>
                <th>Items</th>
                <th className="num">Total</th>
                <th className="num">Refunded</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {sales.edges.map(({ node: sale }) => (
                <tr key={sale.id} data-testid="sale-row">
                  <td>{formatDateTime(sale.createdAt)}</td>
                  <td>
                    <Link to={`/sale?id=${sale.id}`}>{shortId(sale.id)}</Link>
                  </td>
                  <td>{sale.lines.map((l) => `${l.quantity} × ${l.product.name}`).join(', ')}</td>
                  <td className="num">{money(sale.total)}</td>
                  <td className="num">{toCents(sale.refundedTotal) > 0n ? money(sale.refundedTotal) : ''}</td>
                  <td>
                    <span className={`badge ${statusBadge[sale.status]}`}>{statusText[sale.status]}</span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {sales && (
        <ConnectionPager connection={sales} pages={pages} pageSize={pageSize} loading={query.loading} />
      )}
    </section>
  );
}
