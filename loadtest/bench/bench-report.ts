import type { LoadResult } from './load.js';
import type { MachineDescription } from './machine.js';
import type { PeakMemory } from './peak-rss.js';
import type { WritePathResult } from './write-path.js';

export interface Measured extends LoadResult {
  label: string;
}

export type Skipped = { label: string; skipped: string };

/** Why a row has no figures when `--only` left its group out: such rows are left out of the tables. */
export const NOT_SELECTED = 'not selected (--only)';

/** The groups of rows `--only` chooses from (default all). */
export const BENCH_GROUPS = ['stock', 'response-cache', 'open-model', 'subgraph-cache', 'writes'] as const;
export type BenchGroup = (typeof BENCH_GROUPS)[number];

/** The classic mix through Nginx and the routers with the response cache on, at a constant arrival rate (open model). */
export interface OpenModelRow {
  label: string;
  /** Iterations (here one request each) started per second, whatever the answers. */
  offeredRps: number;
  /** Complete answers per second over the offered duration. */
  servedRps: number;
  seconds: number;
  requests: number;
  /** Failed answers: transport errors, timeouts, non-200, GraphQL errors. */
  errors: number;
  /** Iterations never started (as many in flight as allowed) and started late by the generator. */
  dropped: number;
  late: number;
  /** From each request's scheduled start (no coordinated omission). */
  latencyMs: { p50: number; p95: number; p99: number; max: number };
  cpuMsPerRequest: Record<string, number>;
  /** Requests and p95 of each operation of the mix. */
  operations: Array<{ operation: string; requests: number; failures: number; p95: number }>;
}

export interface BenchResult {
  at: string;
  command: string;
  machine: MachineDescription;
  settings: {
    connections: number;
    duration: number;
    warmup: number;
    routerReplicas: number;
    peerWorkers: number;
    /** Groups of rows run (`--only`); absent: all. */
    groups?: BenchGroup[];
    /** The open model's offered rate (req/s) and measured seconds. */
    openModel?: { rate: number; seconds: number };
  };
  services: { database: string; cacheAndEvents: string };
  /**
   * The store-stock query on each path. `…Shared`: every request carries the
   * same token (one client, or a hot page behind one identity: a gateway may
   * send identical in-flight subgraph queries once); `…Distinct`: each
   * request in flight comes from another client identity.
   */
  stockQuery: {
    direct: Measured | Skipped;
    routerShared: Measured | Skipped;
    routerDistinct: Measured | Skipped;
    nginx: Measured | Skipped;
    peerShared: Measured | Skipped;
    peerDistinct: Measured | Skipped;
    /** One router with its response cache on (docs/response-cache.md), distinct identities; skipped without Redis. */
    routerCachedDistinct?: Measured | Skipped;
    /** Hive Gateway with its own response cache, same TTL, keyed per identity (loadtest/peer/gateway.config.mjs). */
    peerCachedDistinct?: Measured | Skipped;
  };
  /** The classic mix in an open model through Nginx and the routers with the response cache on; skipped without Redis. */
  openModel?: OpenModelRow | Skipped;
  cache: Array<{ scenario: string; cached: Measured; uncached: Measured }>;
  writes: WritePathResult | Skipped;
  /** The same write load through a router with the response cache on (its writes bump the tags the cache reads). */
  writesCached?: WritePathResult | Skipped;
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

export function isSkipped<T extends object>(m: T | Skipped): m is Skipped {
  return 'skipped' in m;
}

const selected = <T extends object>(m: T | Skipped | undefined): m is T | Skipped => m !== undefined && !(isSkipped(m) && m.skipped === NOT_SELECTED);

const round = (n: number, digits = 0) => Number(n.toFixed(digits));

function ratio(name: string, top: number, bottom: number, atLeast: number): Ratio {
  const value = bottom > 0 ? round(top / bottom, 2) : null;
  return { name, value, target: `≥ ${atLeast}`, met: value === null ? null : value >= atLeast };
}

function versus(name: string, top: Measured | Skipped | undefined, bottom: Measured | Skipped | undefined, atLeast: number): Ratio {
  if (!top || !bottom || isSkipped(top) || isSkipped(bottom)) return { name, value: null, target: `≥ ${atLeast}`, met: null };
  return ratio(name, top.rps, bottom.rps, atLeast);
}

/** The ratios of the store-stock rows; a ratio whose rows were not both selected is left out. */
function stockRatios(result: Omit<BenchResult, 'ratios'>): Ratio[] {
  const { direct, routerShared, routerDistinct, nginx, peerShared, peerDistinct, routerCachedDistinct, peerCachedDistinct } = result.stockQuery;
  const candidates: Array<[Ratio, Array<Measured | Skipped | undefined>]> = [
    [versus('router / inventory direct, one identity', routerShared, direct, 0.5), [routerShared, direct]],
    [versus('router / inventory direct, distinct identities', routerDistinct, direct, 0.5), [routerDistinct, direct]],
    [versus('our router / Hive Gateway, one identity', routerShared, peerShared, 1.5), [routerShared, peerShared]],
    [versus('our router / Hive Gateway, distinct identities', routerDistinct, peerDistinct, 1.5), [routerDistinct, peerDistinct]],
  ];
  // The response cache's ratios only when its router row has figures (skipped without Redis).
  if (routerCachedDistinct && !isSkipped(routerCachedDistinct)) {
    candidates.push(
      [versus('response cache on / off, one router, distinct identities', routerCachedDistinct, routerDistinct, 5), [routerDistinct]],
      [versus('response cache on, one router / inventory direct, distinct identities', routerCachedDistinct, direct, 1), [direct]],
      [versus('response cache on, our router / Hive Gateway with its response cache, distinct identities', routerCachedDistinct, peerCachedDistinct, 1.5), [peerCachedDistinct]],
    );
  }
  candidates.push([versus(`Nginx + ${result.settings.routerReplicas} routers / one router, distinct identities`, nginx, routerDistinct, 1), [routerDistinct]]);
  return candidates.filter(([r, rows]) => rows.every(selected) && !(r.name.startsWith('Nginx') && isSkipped(nginx))).map(([r]) => r);
}

/** The open model's verdict: offered and served, 0 errors and dropped iterations, p95 and p99 within the targets. */
function openModelRatios(row: OpenModelRow): Ratio[] {
  const served = round(row.servedRps / row.offeredRps, 3);
  return [
    { name: `${row.label}: served / offered`, value: served, target: '≥ 0.99', met: served >= 0.99 },
    { name: `${row.label}: p95 ms`, value: row.latencyMs.p95, target: '≤ 100', met: row.latencyMs.p95 <= 100 },
    { name: `${row.label}: p99 ms`, value: row.latencyMs.p99, target: '≤ 250', met: row.latencyMs.p99 <= 250 },
    { name: `${row.label}: errors + dropped`, value: row.errors + row.dropped, target: '= 0', met: row.errors + row.dropped === 0 },
  ];
}

/** The write path with the response cache on against off, same run: no slower, CPU per sale alike. */
function writeRatios(writes: WritePathResult | Skipped, cached: WritePathResult | Skipped | undefined): Ratio[] {
  const ratios: Ratio[] = [];
  if (!isSkipped(writes)) ratios.push({ name: 'sales per second through the router', value: round(writes.salesPerSecond), target: '≥ 300, no oversell', met: writes.salesPerSecond >= 300 && !writes.oversold });
  if (cached && !isSkipped(cached)) {
    ratios.push({ name: 'sales per second through a router with the response cache on', value: round(cached.salesPerSecond), target: '≥ 300, no oversell', met: cached.salesPerSecond >= 300 && !cached.oversold });
    if (!isSkipped(writes)) {
      ratios.push(ratio('write path, response cache on / off, sales per second', cached.salesPerSecond, writes.salesPerSecond, 0.95));
      const cpu = (w: WritePathResult) => Object.entries(w.cpuMsPerRequest).reduce((sum, [name, ms]) => (name === 'load generator' ? sum : sum + ms), 0);
      const value = cpu(writes) > 0 ? round(cpu(cached) / cpu(writes), 2) : null;
      ratios.push({ name: 'write path, response cache on / off, CPU per sale (services)', value, target: '≤ 1.05', met: value === null ? null : value <= 1.05 });
    }
  }
  return ratios;
}

/** The within-run ratios the targets are stated in. */
export function ratiosOf(result: Omit<BenchResult, 'ratios'>): Ratio[] {
  const ratios = stockRatios(result);
  if (result.openModel && !isSkipped(result.openModel)) ratios.push(...openModelRatios(result.openModel));
  for (const { scenario, cached, uncached } of result.cache) ratios.push(ratio(`cached / uncached (${scenario})`, cached.rps, uncached.rps, 5));
  ratios.push(...writeRatios(result.writes, result.writesCached));
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
  return [q.direct, q.routerShared, q.routerDistinct, q.routerCachedDistinct, q.nginx, q.peerShared, q.peerDistinct, q.peerCachedDistinct].filter(selected);
}

function openModelSection(r: BenchResult): string {
  const o = r.openModel;
  if (!o || !selected(o)) return '';
  const intro = `## Open model: the classic mix at a constant arrival rate

⅓ store-stock pages, ⅓ report reads (sales report, dashboard), ⅓ product updates (loadtest/scenarios/classic.json), started at a fixed rate whatever the answers (\`npm run load\`'s open model, loadtest/node/open-model.ts; k6: \`PROFILE=open\`), through Nginx and ${r.settings.routerReplicas} routers with the response cache on, after ${r.settings.warmup} s at the same rate not counted. Latency runs from each request's scheduled start, so a stalled system pays for every request it held back.`;
  if (isSkipped(o)) return `${intro}\n\n${o.label}: skipped, ${o.skipped}\n`;
  return `${intro}

${table(
  ['row', 'offered req/s', 'served req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'dropped', 'late starts', 'CPU ms per request (by process)'],
  [[o.label, o.offeredRps, o.servedRps, o.latencyMs.p50, o.latencyMs.p95, o.latencyMs.p99, o.latencyMs.max, o.errors, o.dropped, o.late, cpuSummary(o.cpuMsPerRequest)]],
)}

${table(['operation', 'requests', 'failures', 'p95 ms'], o.operations.map((x) => [x.operation, x.requests, x.failures, x.p95]))}
`;
}

function writeRow(label: string, w: WritePathResult | Skipped): Array<string | number> {
  if (isSkipped(w)) return [label, 'skipped', '', '', '', '', '', w.skipped];
  return [
    label,
    round(w.salesPerSecond),
    w.completedSales,
    w.refusedOutOfStock,
    w.failures,
    `${w.latencyMs.p50}/${w.latencyMs.p90}/${w.latencyMs.p99}`,
    cpuSummary(w.cpuMsPerRequest),
    w.oversold ? `yes: ${w.checks.join('; ')}` : 'no',
  ];
}

function writeSection(r: BenchResult): string {
  const runs = [['router, response cache off', r.writes] as const, ...(r.writesCached ? [['router, response cache on', r.writesCached] as const] : [])].filter(([, w]) => selected(w));
  if (runs.length === 0) return '';
  const books = runs.flatMap(([label, w]) => (isSkipped(w) ? [] : w.products.map((p) => [label, p.productId, p.initial, p.soldUnits, p.remaining])));
  return `## Write path: recordSale through the router

${table(['router', 'sales/s', 'sales', 'refused (sold out)', 'failures', 'p50/p90/p99 ms', 'CPU ms per request', 'oversold'], runs.map(([label, w]) => writeRow(label, w)))}

${table(['router', 'product', 'initial', 'sold units', 'remaining'], books)}
`;
}

function subgraphCacheSection(r: BenchResult): string {
  if (r.cache.length === 0) return '';
  return `## Query-result cache, at the subgraph

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
`;
}

function stockSection(stock: Array<Measured | Skipped>): string {
  if (stock.length === 0) return '';
  return `## Store-stock query (a store with its stock list and product names: inventory + catalog)

One identity: every request carries the same token, like one busy client; a gateway may then send identical subgraph queries in flight at the same moment only once (both gateways do). Distinct identities: each request in flight comes from another client, so nothing is shared.

${table(['path', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'CPU ms per request (by process)', 'failures'], stock.map(loadRow))}

CPU ms per request is the CPU time each process spent during the measurement divided by the requests served: it moves little when other work shares the machine, unlike requests per second.
`;
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

${stockSection(stock)}
## Ratios and targets

${table(['measure', 'value', 'target', 'met'], r.ratios.map((x) => [x.name, x.value ?? '–', x.target, mark(x.met)]))}

${subgraphCacheSection(r)}
${openModelSection(r)}
${writeSection(r)}
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
  if (r.openModel && !isSkipped(r.openModel)) rows.push({ label: `${r.openModel.label} (served)`, rps: r.openModel.servedRps });
  if (!isSkipped(r.writes)) rows.push({ label: 'recordSale (sales/s)', rps: r.writes.salesPerSecond });
  if (r.writesCached && !isSkipped(r.writesCached)) rows.push({ label: 'recordSale, response cache on (sales/s)', rps: r.writesCached.salesPerSecond });
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
