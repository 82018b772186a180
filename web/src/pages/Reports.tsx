import { useState } from 'react';
import { Empty, ErrorBanner, Loading } from '../components/Feedback';
import { graphql } from '../gql';
import { useQuery } from '../lib/hooks';
import { formatDateTime } from '../lib/format';
import { money } from '../lib/money';
import styles from './Reports.module.css';

const SalesReportQuery = graphql(`
  query SalesReport($from: DateTime!, $to: DateTime!) {
    salesReport(from: $from, to: $to) {
      from to generatedAt totalRevenue saleCount
      stores {
        store { id code name }
        revenue saleCount unitsSold remainingStock
        topProducts(limit: 3) { unitsSold product { id name } }
      }
      topProducts(limit: 10) { unitsSold revenue product { id sku name category } }
    }
  }
`);

/** yyyy-mm-dd of a local date, `days` from today. */
function localDate(days = 0): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Start of a local day as an instant; `to` is exclusive, so the last day counts whole. */
const startOf = (date: string, plusDays = 0) => {
  const d = new Date(`${date}T00:00:00`);
  d.setDate(d.getDate() + plusDays);
  return d.toISOString();
};

const presets = [
  { label: 'Today', from: 0 },
  { label: 'Last 7 days', from: -6 },
  { label: 'Last 30 days', from: -29 },
];

/** Head office: consolidated sales report for a chosen period (net of returns). */
export function Reports() {
  const [from, setFrom] = useState(localDate(-6));
  const [to, setTo] = useState(localDate());
  const valid = from !== '' && to !== '' && from <= to;
  const query = useQuery(SalesReportQuery, { from: valid ? startOf(from) : '', to: valid ? startOf(to, 1) : '' }, { skip: !valid });
  const report = query.data?.salesReport;

  return (
    <section className="stack">
      <div className={styles.head}>
        <h1>Sales report</h1>
        <button type="button" className="secondary small no-print" onClick={() => window.print()} disabled={!report}>
          Print
        </button>
      </div>
      <div className="toolbar no-print">
        <label>
          From
          <input type="date" value={from} max={to} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To (inclusive)
          <input type="date" value={to} min={from} onChange={(e) => setTo(e.target.value)} />
        </label>
        <div className={styles.presets}>
          {presets.map((p) => (
            <button
              key={p.label}
              type="button"
              className="secondary"
              onClick={() => {
                setFrom(localDate(p.from));
                setTo(localDate());
              }}
            >
              {p.label}
            </button>
          ))}
        </div>
      </div>
      {!valid && <ErrorBanner error={new Error('The start of the period must not be after its end.')} />}
      <ErrorBanner error={query.error} />
      {query.loading && !report && <Loading label="Building the report…" />}
      {report && (
        <div className="stack" aria-busy={query.loading}>
          <p className="muted">
            {formatDateTime(report.from)} – {formatDateTime(report.to)} (end excluded) · generated {formatDateTime(report.generatedAt)} · revenue net of returns
          </p>
          <div className={styles.cards}>
            <div className="card">
              <div className="muted">Revenue</div>
              <strong data-testid="report-revenue">{money(report.totalRevenue)}</strong>
            </div>
            <div className="card">
              <div className="muted">Sales</div>
              <strong data-testid="report-sales">{report.saleCount}</strong>
            </div>
            <div className="card">
              <div className="muted">Units sold</div>
              <strong>{report.stores.reduce((n, s) => n + s.unitsSold, 0)}</strong>
            </div>
          </div>

          <section aria-labelledby="report-stores">
            <h2 id="report-stores">By store</h2>
            <div className="table-wrap">
              <table>
                <thead>
                  <tr>
                    <th>Store</th>
                    <th className="num">Revenue</th>
                    <th className="num">Sales</th>
                    <th className="num">Units sold</th>
                    <th className="num">Stock left</th>
                    <th>Best sellers</th>
                  </tr>
                </thead>
                <tbody>
                  {report.stores.map((s) => (
                    <tr key={s.store.id} data-testid="report-store">
                      <td>
                        <div className={styles.strong}>{s.store.code}</div>
                        <div className="muted">{s.store.name}</div>
                      </td>
                      <td className="num">{money(s.revenue)}</td>
                      <td className="num">{s.saleCount}</td>
                      <td className="num">{s.unitsSold}</td>
                      <td className="num">{s.remainingStock}</td>
                      <td className={styles.small}>{s.topProducts.map((p) => `${p.product.name} (${p.unitsSold})`).join(', ')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>

          <section aria-labelledby="report-products">
            <h2 id="report-products">Top products</h2>
            {report.topProducts.length === 0 ? (
              <Empty>Nothing sold in this period.</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Product</th>
                      <th>Category</th>
                      <th className="num">Units</th>
                      <th className="num">Revenue</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.topProducts.map((p, i) => (
                      <tr key={p.product.id} data-testid="report-product">
                        <td className="muted">{i + 1}</td>
                        <td>
                          {p.product.name} <span className="muted">{p.product.sku}</span>
                        </td>
                        <td>{p.product.category}</td>
                        <td className="num">{p.unitsSold}</td>
                        <td className="num">{money(p.revenue)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
        </div>
      )}
    </section>
  );
}
