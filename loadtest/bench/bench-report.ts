import type { LoadResult } from './load.js';
import type { MachineDescription } from './machine.js';
import type { PeakMemory } from './peak-rss.js';
import type { WritePathResult } from './write-path.js';

export interface Measured extends LoadResult {
  label: string;
}

export type Skipped = { label: string; skipped: string };

export interface BenchResult {
  at: string;
  command: string;
  machine: MachineDescription;
  settings: { connections: number; duration: number; warmup: number; routerReplicas: number; peerWorkers: number };
  services: { database: string; cacheAndEvents: string };
  /**
   * The store-stock query on each path. `…Shared`: every request carries the
   * same token (one client, or a hot page behind one identity: a gateway may
   * send identical in-flight subgraph queries once); `…Distinct`: each
   * request in flight comes from another client identity.
   */
  stockQuery: {
    direct: Measured;
    routerShared: Measured;
    routerDistinct: Measured;
    nginx: Measured | Skipped;
    peerShared: Measured | Skipped;
    peerDistinct: Measured | Skipped;
  };
  cache: Array<{ scenario: string; cached: Measured; uncached: Measured }>;
  writes: WritePathResult;
  /** Peak resident memory of each process: under the bench's load, and over its whole life. */
  memoryMiB: Record<string, PeakMemory>;
  ratios: Ratio[];
}

export interface Ratio {
  name: string;
  value: number | null;
  target: string;
  met: boolean | null;
}

export function isSkipped(m: Measured | Skipped): m is Skipped {
  return 'skipped' in m;
}

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function ratio(name: string, top: number, bottom: number, atLeast: number): Ratio {
  const value = bottom > 0 ? round(top / bottom, 2) : null;
  return { name, value, target: `≥ ${atLeast}`, met: value === null ? null : value >= atLeast };
}

/** The within-run ratios the targets are stated in. */
export function ratiosOf(result: Omit<BenchResult, 'ratios'>): Ratio[] {
  const { direct, routerShared, routerDistinct, nginx, peerShared, peerDistinct } = result.stockQuery;
  const versus = (name: string, top: Measured, bottom: Measured | Skipped, atLeast: number): Ratio =>
    isSkipped(bottom) ? { name, value: null, target: `≥ ${atLeast}`, met: null } : ratio(name, top.rps, bottom.rps, atLeast);
  const ratios = [
    ratio('router / inventory direct, one identity', routerShared.rps, direct.rps, 0.5),
    ratio('router / inventory direct, distinct identities', routerDistinct.rps, direct.rps, 0.5),
    versus('our router / Hive Gateway, one identity', routerShared, peerShared, 1.5),
    versus('our router / Hive Gateway, distinct identities', routerDistinct, peerDistinct, 1.5),
  ];
  if (!isSkipped(nginx)) ratios.push(ratio(`Nginx + ${result.settings.routerReplicas} routers / one router, distinct identities`, nginx.rps, routerDistinct.rps, 1));
  for (const { scenario, cached, uncached } of result.cache) ratios.push(ratio(`cached / uncached (${scenario})`, cached.rps, uncached.rps, 5));
  ratios.push({ name: 'sales per second through the router', value: round(result.writes.salesPerSecond), target: '≥ 300, no oversell', met: result.writes.salesPerSecond >= 300 && !result.writes.oversold });
  for (const [name, { underLoadMiB }] of Object.entries(result.memoryMiB)) {
    const bound = name.startsWith('router') ? 300 : name === 'hive-gateway' ? undefined : 200;
    if (bound !== undefined) ratios.push({ name: `peak RSS under load, ${name} (MiB)`, value: underLoadMiB, target: `< ${bound}`, met: underLoadMiB < bound });
  }
  return ratios;
}

function table(header: string[], rows: Array<Array<string | number>>): string {
  const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** Total CPU ms per request, then each process's share, largest first. */
export function cpuSummary(cpu: Record<string, number>): string {
  const entries = Object.entries(cpu).sort((a, b) => b[1] - a[1]);
  const total = entries.reduce((sum, [, ms]) => sum + ms, 0);
  return `${round(total, 2)} (${entries.map(([name, ms]) => `${name} ${ms}`).join(' · ')})`;
}

function loadRow(m: Measured | Skipped): Array<string | number> {
  if (isSkipped(m)) return [m.label, 'skipped', '', '', '', '', m.skipped];
  return [m.label, round(m.rps), m.latencyMs.p50, m.latencyMs.p90, m.latencyMs.p99, cpuSummary(m.cpuMsPerRequest), m.failures];
}

function stockRows(r: BenchResult): Array<Measured | Skipped> {
  const q = r.stockQuery;
  return [q.direct, q.routerShared, q.routerDistinct, q.nginx, q.peerShared, q.peerDistinct];
}

const mark = (met: boolean | null) => (met === null ? '–' : met ? 'yes' : 'no');

export function renderMarkdown(r: BenchResult): string {
  const { machine: m, settings: s } = r;
  const stock = stockRows(r);
  return `# Benchmark: latest run

\`${r.command}\` — ${r.at}

Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}; load average per core at start ${m.loadPerCoreAtStart}.
Load generator (autocannon) on the same machine: ${s.connections} connections, ${s.warmup} s warm-up then ${s.duration} s measured per row.
Services: ${r.services.database}; ${r.services.cacheAndEvents}. Figures compare only within this run.

## Store-stock query (a store with its stock list and product names: inventory + catalog)

One identity: every request carries the same token, like one busy client; a gateway may then send identical subgraph queries in flight at the same moment only once (both gateways do). Distinct identities: each request in flight comes from another client, so nothing is shared.

${table(['path', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'CPU ms per request (by process)', 'failures'], stock.map(loadRow))}

CPU ms per request is the CPU time each process spent during the measurement divided by the requests served: it moves little when other work shares the machine, unlike requests per second.

## Ratios and targets

${table(['measure', 'value', 'target', 'met'], r.ratios.map((x) => [x.name, x.value ?? '–', x.target, mark(x.met)]))}

## Query-result cache, at the subgraph

${table(
  ['query', 'cached req/s', 'uncached req/s', 'cached/uncached', 'cached p50/p99 ms', 'uncached p50/p99 ms', 'CPU ms/request cached', 'uncached'],
  r.cache.map(({ scenario, cached, uncached }) => [
    scenario,
    round(cached.rps),
    round(uncached.rps),
    round(cached.rps / uncached.rps, 2),
    `${cached.latencyMs.p50}/${cached.latencyMs.p99}`,
    `${uncached.latencyMs.p50}/${uncached.latencyMs.p99}`,
    cpuSummary(cached.cpuMsPerRequest),
    cpuSummary(uncached.cpuMsPerRequest),
  ]),
)}

## Write path: recordSale through the router

${table(
  ['sales/s', 'sales', 'refused (sold out)', 'failures', 'p50/p90/p99 ms', 'CPU ms per request', 'oversold'],
  [
    [
      round(r.writes.salesPerSecond),
      r.writes.completedSales,
      r.writes.refusedOutOfStock,
      r.writes.failures,
      `${r.writes.latencyMs.p50}/${r.writes.latencyMs.p90}/${r.writes.latencyMs.p99}`,
      cpuSummary(r.writes.cpuMsPerRequest),
      r.writes.oversold ? `yes: ${r.writes.checks.join('; ')}` : 'no',
    ],
  ],
)}

${table(['product', 'initial', 'sold units', 'remaining'], r.writes.products.map((p) => [p.productId, p.initial, p.soldUnits, p.remaining]))}

## Peak resident memory

${table(['process', 'under load (MiB)', 'whole life, start-up included (MiB)'], Object.entries(r.memoryMiB).map(([name, m]) => [name, m.underLoadMiB, m.lifetimeMiB]))}

Under load: the highest VmRSS sampled every 200 ms while the bench ran. Whole life: the kernel's high-water mark (VmHWM), which includes start-up work such as seeding the demo data.

![requests per second](bench.svg)
`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A horizontal bar chart of requests per second, one bar per measured row. */
export function renderChart(r: BenchResult): string {
  const rows: Array<{ label: string; rps: number }> = [];
  for (const m of stockRows(r)) if (!isSkipped(m)) rows.push({ label: `store-stock: ${m.label}`, rps: m.rps });
  for (const c of r.cache) rows.push({ label: `${c.scenario}, cached`, rps: c.cached.rps }, { label: `${c.scenario}, uncached`, rps: c.uncached.rps });
  rows.push({ label: 'recordSale (sales/s)', rps: r.writes.salesPerSecond });
  const labelWidth = 430;
  const barWidth = 420;
  const rowHeight = 26;
  const top = 40;
  const max = Math.max(1, ...rows.map((x) => x.rps));
  const height = top + rows.length * rowHeight + 20;
  const bars = rows
    .map((x, i) => {
      const y = top + i * rowHeight;
      const w = Math.max(1, Math.round((x.rps / max) * barWidth));
      return [
        `<text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end">${escapeXml(x.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${w}" height="${rowHeight - 8}" fill="${x.label.startsWith('store-stock') ? '#3b6ea8' : x.label.startsWith('recordSale') ? '#b5562f' : '#5b8c5a'}"/>`,
        `<text x="${labelWidth + w + 6}" y="${y + 16}">${Math.round(x.rps)}</text>`,
      ].join('');
    })
    .join('\n');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 80}" height="${height}" font-family="sans-serif" font-size="12">
<rect width="100%" height="100%" fill="#fff"/>
<text x="10" y="22" font-size="14" font-weight="bold">${escapeXml(`Requests per second, ${r.settings.connections} connections, ${r.at.slice(0, 10)} (${r.machine.cores} cores)`)}</text>
${bars}
</svg>
`;
}
