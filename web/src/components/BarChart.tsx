import { toCents } from '../lib/money';
import styles from './BarChart.module.css';

export interface Series {
  label: string;
  /** One decimal amount per day, same order as `days`. */
  values: string[];
}

const palette = ['#0b6e4f', '#2f80c2', '#d98a1c', '#8b5cc7', '#c2414b', '#4a9d9c', '#7a8a2c'];

const width = 900;
const height = 280;
const pad = { top: 12, right: 12, bottom: 28, left: 56 };

/**
 * Stacked bars per day (one segment per series) in plain SVG: no chart
 * library. Amounts are exact decimals; only the bar heights use floats.
 */
export function StackedBarChart({ days, series, title }: { days: string[]; series: Series[]; title: string }) {
  const cents = series.map((s) => s.values.map((v) => Number(toCents(v))));
  const totals = days.map((_, d) => cents.reduce((sum, values) => sum + (values[d] ?? 0), 0));
  const max = niceMax(Math.max(1, ...totals));
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.min(56, slot * 0.6);
  const y = (c: number) => pad.top + plotH - (c / max) * plotH;
  const ticks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * max);

  return (
    <figure className={styles.figure}>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title} className={styles.svg}>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} className={styles.grid} />
            <text x={pad.left - 6} y={y(t) + 4} textAnchor="end" className={styles.axis}>
              {(t / 100).toFixed(0)}
            </text>
          </g>
        ))}
        {days.map((day, d) => {
          const x = pad.left + d * slot + (slot - barW) / 2;
          let base = 0;
          return (
            <g key={day} data-testid="chart-day">
              {cents.map((values, s) => {
                const value = values[d] ?? 0;
                const top = base + value;
                const rect = (
                  <rect key={s} x={x} width={barW} y={y(top)} height={Math.max(0, y(base) - y(top))} fill={palette[s % palette.length]}>
                    <title>{`${day} · ${series[s]!.label}: ${series[s]!.values[d]}`}</title>
                  </rect>
                );
                base = top;
                return rect;
              })}
              <text x={x + barW / 2} y={height - 8} textAnchor="middle" className={styles.axis}>
                {day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <ul className={styles.legend}>
          {series.map((s, i) => (
            <li key={s.label}>
              <svg width="12" height="12" aria-hidden="true">
                <rect width="12" height="12" rx="2" fill={palette[i % palette.length]} />
              </svg>
              {s.label}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}

function niceMax(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * magnitude >= value) return step * magnitude;
  return 10 * magnitude;
}
