import { AlertTable } from '../components/AlertTable';
import { StackedBarChart } from '../components/BarChart';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { money, sum } from '../lib/money';
import { Link } from '../lib/router';
import styles from './Reports.module.css';

const DashboardQuery = graphql(`
  query Dashboard {
    dashboard {
      generatedAt
      revenueDays(days: 7)
      stores {
        store { id code name }
        revenueToday
        revenueLast7Days
        revenueByDay(days: 7)
        stockOutCount
        overstockCount
        stockOuts(first: 3) { quantity product { id name } }
        overstock(first: 3) { quantity product { id name } }
      }
    }
    stockAlertConnection(first: 10) {
      totalCount
      edges {
        node {
          id quantity threshold raisedAt
          store { id code }
          product { id sku name }
        }
      }
    }
  }
`);

/** The worst few levels by name and quantity, and how many more there are. */
const listNames = (levels: Array<{ quantity: number; product: { name: string } }>, count: number) =>
  levels.map((l) => `${l.product.name} (${l.quantity})`).join(', ') + (count > levels.length ? ` +${count - levels.length} more` : '');

/**
 * Head office: revenue per store today and over 7 days, a 7-day chart, how
 * many stock-outs and overstocked products each store has with the worst
 * three (its full low-stock list one click away), and the newest open alerts.
 */
export function Dashboard() {
  const query = useQuery(DashboardQuery, {});
  const dashboard = query.data?.dashboard;
  const alerts = query.data?.stockAlertConnection;

  return (
    <section className="stack">
      <div className={styles.head}>
        <h1>Dashboard</h1>
        <div className="row">
          {dashboard && <span className="muted">as of {formatDateTime(dashboard.generatedAt)}</span>}
          <button type="button" className="secondary small" onClick={query.refetch} disabled={query.loading}>
            Refresh
          </button>
        </div>
      </div>
      <ErrorBanner error={query.error} />
      {query.loading && !dashboard && <Loading label="Loading the dashboard…" />}
      {dashboard && (
        <>
          <div className={styles.cards}>
            <div className="card">
              <div className="muted">Revenue today</div>
              <strong data-testid="revenue-today">{sum(dashboard.stores.map((s) => s.revenueToday))}</strong>
            </div>
            <div className="card">
              <div className="muted">Revenue, last 7 days</div>
              <strong data-testid="revenue-7-days">{sum(dashboard.stores.map((s) => s.revenueLast7Days))}</strong>
            </div>
            <div className="card">
              <div className="muted">Stock-outs</div>
              <strong data-testid="stock-outs">{dashboard.stores.reduce((n, s) => n + s.stockOutCount, 0)}</strong>
            </div>
            <div className="card">
              <div className="muted">Overstock</div>
              <strong>{dashboard.stores.reduce((n, s) => n + s.overstockCount, 0)}</strong>
            </div>
            <div className="card">
              <div className="muted">Open stock alerts</div>
              <strong data-testid="open-alerts">{alerts?.totalCount ?? '–'}</strong>
            </div>
          </div>

          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title">Revenue, last 7 days</h2>
            <StackedBarChart
              title="Revenue per day and store over the last 7 days"
              days={dashboard.revenueDays}
              series={dashboard.stores.map((s) => ({ label: s.store.code, values: s.revenueByDay }))}
            />
          </section>

          <section aria-labelledby="stores-title">
            <h2 id="stores-title">Stores</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Store</th>
                    <th className="num">Today</th>
                    <th className="num">Last 7 days</th>
                    <th>Stock-outs</th>
                    <th>Overstock</th>
                  </tr>
                </thead>
                <tbody>
                  {dashboard.stores.map((s) => (
                    <tr key={s.store.id} data-testid="dashboard-store">
                      <td>
                        <div className={styles.strong}>{s.store.code}</div>
                        <div className="muted">{s.store.name}</div>
                      </td>
                      <td className="num">{money(s.revenueToday)}</td>
                      <td className="num">{money(s.revenueLast7Days)}</td>
                      <td>
                        {s.stockOutCount > 0 && (
                          <>
                            <span className="badge low" data-testid="store-stock-outs">
                              {s.stockOutCount}
                            </span>{' '}
                            <span className={styles.small}>{listNames(s.stockOuts, s.stockOutCount)}</span>{' '}
                            <Link to={`/stock?store=${encodeURIComponent(s.store.id)}&low=1`} aria-label={`Low stock of ${s.store.code}`}>
                              All →
                            </Link>
                          </>
                        )}
                      </td>
                      <td>
                        {s.overstockCount > 0 && <span className="badge">{s.overstockCount}</span>} <span className={styles.small}>{listNames(s.overstock, s.overstockCount)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="alerts-title">
            <div className={styles.head}>
              <h2 id="alerts-title">Stock alerts</h2>
              {alerts && alerts.totalCount > alerts.edges.length && (
                <Link to="/alerts">
                  All {alerts.totalCount} open alerts →
                </Link>
              )}
            </div>
            {alerts && alerts.totalCount === 0 && <Empty>No open stock alerts.</Empty>}
            {alerts && alerts.edges.length > 0 && <AlertTable alerts={alerts.edges.map((e) => e.node)} />}
          </section>
        </>
      )}
    </section>
  );
}
