import { useEffect } from 'react';
import { graphql } from '../gql';
import type { ReplenishmentStatus } from '../gql/graphql';
import { useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { Empty, ErrorBanner, Loading } from './Feedback';
import { ConnectionPager, useCursorPages } from './Pager';

const pageSize = 20;

const StoreRequests = graphql(`
  query StoreRequests($storeId: ID, $status: ReplenishmentStatus, $first: Int, $after: String) {
    replenishmentRequestConnection(storeId: $storeId, status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id quantity status requestedAt decidedAt reason
          product { id sku name }
        }
      }
    }
  }
`);

export const statusClass: Record<ReplenishmentStatus, string> = { PENDING: 'badge pending', APPROVED: 'badge', REJECTED: 'badge rejected' };

/** A store's replenishment requests and what became of them (read-only), newest first, a page at a time. */
export function RequestList({ storeId, version }: { storeId: string; version: number }) {
  const pages = useCursorPages([storeId]);
  const query = useQuery(StoreRequests, { storeId, status: null, first: pageSize, after: pages.after });
  const { refetch } = query;
  useEffect(() => {
    if (version > 0) refetch();
  }, [version, refetch]);
  const connection = query.data?.replenishmentRequestConnection;
  const requests = connection?.edges.map((e) => e.node);
  return (
    <section aria-labelledby="requests-title">
      <h2 id="requests-title">Replenishment requests</h2>
      <ErrorBanner error={query.error} />
      {query.loading && !requests && <Loading label="Loading requests…" />}
      {requests && requests.length === 0 && <Empty>No requests yet.</Empty>}
      {requests && requests.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Requested</th>
                <th>Product</th>
                <th className="num">Quantity</th>
                <th>Status</th>
                <th>Decision</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-testid="request-row">
                  <td>{formatDateTime(r.requestedAt)}</td>
                  <td>{r.product.name}</td>
                  <td className="num">{r.quantity}</td>
                  <td>
                    <span className={statusClass[r.status]}>{r.status.toLowerCase()}</span>
                  </td>
                  <td className="muted">
                    {r.decidedAt ? formatDateTime(r.decidedAt) : ''}
                    {r.reason ? ` · ${r.reason}` : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {connection && connection.totalCount > pageSize && (
        <ConnectionPager connection={connection} pages={pages} pageSize={pageSize} loading={query.loading} />
      )}
    </section>
  );
}
