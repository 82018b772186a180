import { useState } from 'react';
import { AlertTable } from '../components/AlertTable';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { ConnectionPager, useCursorPages } from '../components/Pager';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { useViewer } from '../lib/session';

const pageSize = 25;

const StockAlertsQuery = graphql(`
  query StockAlertPage($storeId: ID, $includeResolved: Boolean, $first: Int, $after: String) {
    stockAlertConnection(storeId: $storeId, includeResolved: $includeResolved, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id quantity threshold raisedAt resolvedAt
          store { id code name }
          product { id sku name }
        }
      }
    }
  }
`);

/** Critical stock alerts, newest first, a page at a time: a store manager sees their store, logistics and head office every store. */
export function Alerts() {
  const viewer = useViewer();
  const [includeResolved, setIncludeResolved] = useState(false);
  const pages = useCursorPages([includeResolved]);
  const query = useQuery(StockAlertsQuery, {
    storeId: viewer.role === 'STORE_MANAGER' ? (viewer.store?.id ?? null) : null,
    includeResolved,
    first: pageSize,
    after: pages.after,
  });
  const alerts = query.data?.stockAlertConnection;
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
      {alerts && alerts.totalCount === 0 && <Empty>No {includeResolved ? '' : 'open '}stock alerts.</Empty>}
      {alerts && alerts.edges.length > 0 && (
        <>
          <AlertTable alerts={alerts.edges.map((e) => e.node)} withStatus busy={query.loading} />
          <ConnectionPager connection={alerts} pages={pages} pageSize={pageSize} loading={query.loading} />
        </>
      )}
    </section>
  );
}
