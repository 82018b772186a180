import { useState } from 'react';
import { Empty, ErrorBanner, Loading, Success } from '../components/Feedback';
import { ConnectionPager, useCursorPages } from '../components/Pager';
import { statusClass } from '../components/RequestList';
import { graphql } from '../gql';
import type { ReplenishmentStatus } from '../gql/graphql';
import { useMutation, useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { Link } from '../lib/router';
import styles from './Replenishment.module.css';

const WarehouseId = graphql(`
  query WarehouseId {
    warehouse { id }
  }
`);

const pageSize = 25;

const Requests = graphql(`
  query Requests($status: ReplenishmentStatus, $warehouseId: ID!, $first: Int, $after: String) {
    replenishmentRequestConnection(status: $status, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges {
        node {
          id quantity status requestedAt decidedAt reason
          store { id code name }
          product { id sku name stock(storeId: $warehouseId) { quantity } }
        }
      }
    }
  }
`);

const Approve = graphql(`
  mutation ApproveReplenishment($id: ID!) {
    approveReplenishment(id: $id) { id status quantity store { code } product { name } }
  }
`);

const Reject = graphql(`
  mutation RejectReplenishment($id: ID!, $reason: String) {
    rejectReplenishment(id: $id, reason: $reason) { id status quantity store { code } product { name } }
  }
`);

const filters: Array<{ value: ReplenishmentStatus | null; label: string }> = [
  { value: 'PENDING', label: 'Pending' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: null, label: 'All' },
];

/** Logistics: the stores' requests; approving moves stock from the warehouse to the store. */
export function Replenishment() {
  const [status, setStatus] = useState<ReplenishmentStatus | null>('PENDING');
  const pages = useCursorPages([status]);
  const [message, setMessage] = useState<string | null>(null);
  const [rejecting, setRejecting] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const warehouse = useQuery(WarehouseId, {});
  const warehouseId = warehouse.data?.warehouse.id;
  const query = useQuery(Requests, { status, warehouseId: warehouseId ?? '', first: pageSize, after: pages.after }, { skip: !warehouseId });
  const [approve, approveState, resetApprove] = useMutation(Approve);
  const [reject, rejectState, resetReject] = useMutation(Reject);
  const busy = approveState.loading || rejectState.loading;

  const clear = () => {
    setMessage(null);
    resetApprove();
    resetReject();
  };
  const onApprove = async (id: string) => {
    clear();
    const result = (await approve({ id }))?.approveReplenishment;
    if (result) setMessage(`Approved: ${result.quantity} × ${result.product.name} moved from the warehouse to ${result.store.code}.`);
    query.refetch();
  };
  const onReject = async (id: string) => {
    clear();
    const result = (await reject({ id, reason: reason.trim() || null }))?.rejectReplenishment;
    if (result) {
      setMessage(`Rejected: ${result.quantity} × ${result.product.name} for ${result.store.code}.`);
      setRejecting(null);
      setReason('');
    }
    query.refetch();
  };

  const connection = query.data?.replenishmentRequestConnection;
  const requests = connection?.edges.map((e) => e.node);
  return (
    <section>
      <h1>Replenishment requests</h1>
      <div className="toolbar">
        <div className={styles.tabs} role="tablist" aria-label="Status">
          {filters.map((f) => (
            <button
              key={f.label}
              type="button"
              role="tab"
              aria-selected={status === f.value}
              className={status === f.value ? undefined : 'secondary'}
              onClick={() => {
                clear();
                setStatus(f.value);
              }}
            >
              {f.label}
            </button>
          ))}
        </div>
        <Link to="/warehouse">Warehouse stock →</Link>
      </div>
      {message && <Success>{message}</Success>}
      <ErrorBanner error={approveState.error ?? rejectState.error ?? warehouse.error ?? query.error} />
      {(warehouse.loading || query.loading) && !requests && <Loading label="Loading requests…" />}
      {requests && requests.length === 0 && <Empty>No {status ? status.toLowerCase() : ''} requests.</Empty>}
      {requests && requests.length > 0 && (
        <div className="table-wrap" aria-busy={query.loading}>
          <table>
            <thead>
              <tr>
                <th>Requested</th>
                <th>Store</th>
                <th>Product</th>
                <th className="num">Quantity</th>
                <th className="num">In warehouse</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-testid="request-row">
                  <td>{formatDateTime(r.requestedAt)}</td>
                  <td>{r.store.code}</td>
                  <td>
                    <div>{r.product.name}</div>
                    <div className="muted">{r.product.sku}</div>
                  </td>
                  <td className="num">{r.quantity}</td>
                  <td className="num">{r.product.stock?.quantity ?? '–'}</td>
                  <td>
                    {r.status === 'PENDING' ? (
                      rejecting === r.id ? (
                        <form
                          className={styles.reject}
                          onSubmit={(e) => {
                            e.preventDefault();
                            void onReject(r.id);
                          }}
                        >
                          <input value={reason} onChange={(e) => setReason(e.target.value)} placeholder="Reason (optional)" aria-label="Reason for rejecting" />
                          <button type="submit" className="danger small" disabled={busy}>
                            Confirm reject
                          </button>
                          <button type="button" className="secondary small" onClick={() => setRejecting(null)}>
                            Cancel
                          </button>
                        </form>
                      ) : (
                        <div className="row">
                          <button type="button" className="small" onClick={() => onApprove(r.id)} disabled={busy} aria-label={`Approve ${r.quantity} ${r.product.name} for ${r.store.code}`}>
                            Approve
                          </button>
                          <button type="button" className="danger small" onClick={() => (clear(), setRejecting(r.id))} disabled={busy} aria-label={`Reject ${r.quantity} ${r.product.name} for ${r.store.code}`}>
                            Reject
                          </button>
                        </div>
                      )
                    ) : (
                      <>
                        <span className={statusClass[r.status]}>{r.status.toLowerCase()}</span>
                        <div className="muted">
                          {r.decidedAt ? formatDateTime(r.decidedAt) : ''}
                          {r.reason ? ` · ${r.reason}` : ''}
                        </div>
                      </>
                    )}
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
