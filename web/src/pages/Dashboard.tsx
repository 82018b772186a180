import { StackedBarChart } from '../components/BarChart';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { money, sum } from '../lib/money';
import styles from './Reports.module.css';

const DashboardQuery = graphql(`
  query Dashboard {
    dashboard {
      generatedAt
      stores {
        store { id code name }
        revenueToday
        revenueLast7Days
        dailyRevenue(days: 7) { date revenue }
        stockOuts { quantity product { id name } }
        overstock { quantity product { id name } }
      }
    }
    stockAlerts {
      id quantity threshold raisedAt
      store { id code }
      product { id sku name }
    }
  }
`);

const listNames = (levels: Array<{ quantity: number; product: { name: string } }>, max = 3) =>
  levels
    .slice(0, max)
    .map((l) => `${l.product.name} (${l.quantity})`)
    .join(', ') + (levels.length > max ? ` +${levels.length - max} more` : '');

/** Head office: revenue per store today and over 7 days, a 7-day chart, stock-outs, overstock and open stock alerts. */
export function Dashboard() {
  const query = useQuery(DashboardQuery, {});
  const dashboard = query.data?.dashboard;
  const alerts = query.data?.stockAlerts;

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
              <strong data-testid="stock-outs">{dashboard.stores.reduce((n, s) => n + s.stockOuts.length, 0)}</strong>
            </div>
            <div className="card">
              <div className="muted">Overstock</div>
              <strong>{dashboard.stores.reduce((n, s) => n + s.overstock.length, 0)}</strong>
            </div>
            <div className="card">
              <div className="muted">Open stock alerts</div>
              <strong data-testid="open-alerts">{alerts?.length ?? '–'}</strong>
            </div>
          </div>

          <section className="card" aria-labelledby="chart-title">
            <h2 id="chart-title">Revenue, last 7 days</h2>
            <StackedBarChart
              title="Revenue per day and store over the last 7 days"
              days={dashboard.stores[0]?.dailyRevenue.map((d) => d.date) ?? []}
              series={dashboard.stores.map((s) => ({ label: s.store.code, values: s.dailyRevenue.map((d) => d.revenue) }))}
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
                        {s.stockOuts.length > 0 && <span className="badge low">{s.stockOuts.length}</span>} <span className={styles.small}>{listNames(s.stockOuts)}</span>
                      </td>
                      <td>
                        {s.overstock.length > 0 && <span className="badge">{s.overstock.length}</span>} <span className={styles.small}>{listNames(s.overstock)}</span>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="alerts-title">
            <h2 id="alerts-title">Stock alerts</h2>
            {alerts && alerts.length === 0 && <Empty>No open stock alerts.</Empty>}
            {alerts && alerts.length > 0 && (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>Raised</th>
                      <th>Store</th>
                      <th>Product</th>
                      <th className="num">Quantity</th>
                      <th className="num">Threshold</th>
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
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </>
      )}
    </section>
  );
}
