import type { MachineDescription } from './machine.js';
import type { PeakMemory } from './peak-rss.js';
import type { FetchSizes, OperationFigures } from './scale-measure.js';
import type { ScaleTarget } from './scale-operations.js';

export interface SizeResult {
  label: string;
  description: string;
  startupSeconds: number;
  operations: Record<string, OperationFigures>;
  /** CPU milliseconds of each process over all the operations of this size. */
  cpuMs: Record<string, number>;
  memoryMiB: Record<string, PeakMemory>;
  fetchSizes: FetchSizes[];
  /** Query-cache outcomes per process over the whole run of this size. */
  cache: Record<string, Record<string, number>>;
}

export interface ScaleResult {
  at: string;
  command: string;
  machine: MachineDescription;
  services: string;
  warmRequests: number;
  seed: { command: string; seconds: number; output: string };
  targets: Array<{ operation: string; target: ScaleTarget }>;
  demo: SizeResult;
  chain: SizeResult;
  budgets: { routerMiB: number; subgraphMiB: number; bytes: number };
}

interface Verdict {
  text: string;
  met: boolean;
}

/** Whether a row of the chain met its target, with the target in words. */
export function verdictOf(result: ScaleResult, operation: string, target: ScaleTarget): Verdict {
  const chain = result.chain.operations[operation];
  const demo = result.demo.operations[operation];
  if (!chain || chain.error) return { text: 'answers without errors', met: false };
  const parts: Verdict[] = [];
  if (target.coldMs !== undefined) parts.push({ text: `cold ≤ ${target.coldMs}`, met: chain.coldMs <= target.coldMs });
  if (target.warmMs !== undefined) parts.push({ text: `warm ≤ ${target.warmMs}`, met: chain.warmMs <= target.warmMs });
  if (target.warmVsDemo !== undefined && demo) parts.push({ text: `warm ≤ ${target.warmVsDemo} × demo (${Math.round(demo.warmMs * target.warmVsDemo * 10) / 10})`, met: chain.warmMs <= demo.warmMs * target.warmVsDemo });
  parts.push({ text: `≤ ${result.budgets.bytes / 1e6} MB`, met: chain.responseBytes <= result.budgets.bytes });
  return { text: parts.map((p) => p.text).join(', '), met: parts.every((p) => p.met) };
}

const table = (head: string[], rows: Array<Array<string | number>>) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
const kb = (bytes: number) => (bytes >= 1e6 ? `${(bytes / 1e6).toFixed(2)} MB` : `${(bytes / 1e3).toFixed(1)} kB`);
const ms = (f: OperationFigures | undefined) => (f ? `${f.coldMs} / ${f.warmMs}${f.error ? ` (**${f.error}**)` : ''}` : '–');
const cpuOf = (f: OperationFigures | undefined) =>
  f
    ? Object.entries(f.cpuMsPerRequest)
        .sort(([, a], [, b]) => b - a)
        .map(([p, v]) => `${p} ${v}`)
        .join(', ')
    : '–';

function memoryRows(result: ScaleResult): Array<Array<string | number>> {
  const names = [...new Set([...Object.keys(result.demo.memoryMiB), ...Object.keys(result.chain.memoryMiB)])].sort();
  return names.map((name) => {
    const budget = name.startsWith('router') ? result.budgets.routerMiB : result.budgets.subgraphMiB;
    const d = result.demo.memoryMiB[name];
    const c = result.chain.memoryMiB[name];
    const peak = Math.max(c?.underLoadMiB ?? 0, c?.lifetimeMiB ?? 0);
    return [name, d ? `${d.underLoadMiB} / ${d.lifetimeMiB}` : '–', c ? `${c.underLoadMiB} / ${c.lifetimeMiB}` : '–', `< ${budget}`, peak < budget ? 'yes' : '**no**'];
  });
}

export function renderScaleMarkdown(result: ScaleResult): string {
  const m = result.machine;
  const verdicts = result.targets.map(({ operation, target }) => ({ operation, ...verdictOf(result, operation, target) }));
  const cpuNames = [...new Set([...Object.keys(result.demo.cpuMs), ...Object.keys(result.chain.cpuMs)])].sort();
  const fetchRows = [...result.demo.fetchSizes.map((f) => ['demo', f] as const), ...result.chain.fetchSizes.map((f) => ['chain', f] as const)]
    .sort(([a, x], [b, y]) => a.localeCompare(b) || x.subgraph.localeCompare(y.subgraph) || x.direction.localeCompare(y.direction))
    .map(([size, f]) => [size, f.subgraph, f.direction, f.fetches, f.atMostBytes === Infinity ? '> 10 MB' : `≤ ${kb(f.atMostBytes)}`, f.above1MB === 0 ? '0' : `**${f.above1MB}**`]);
  return `# Chain scale benchmark

\`${result.command}\` — ${result.at}

Machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, Node ${m.node}; load average per core at start ${m.loadPerCoreAtStart} (the machine is shared: figures compare only within this run).
Services: ${result.services}. One router; every request through it, one at a time, with a head-office token (recordSale: a clerk's). Cold: the first request of the operation after the system started on the database (empty caches); warm: median of the next ${result.warmRequests}.

- **demo**: ${result.demo.description}
- **chain**: ${result.chain.description}; seeded by \`${result.seed.command}\` in ${Math.round(result.seed.seconds)} s (check included)

## Operations (ms, cold / warm)

${table(
  ['operation', 'demo', 'chain', 'chain target', 'met', 'largest chain response'],
  verdicts.map((v) => [v.operation, ms(result.demo.operations[v.operation]), ms(result.chain.operations[v.operation]), v.text, v.met ? 'yes' : '**no**', kb(result.chain.operations[v.operation]?.responseBytes ?? 0)]),
)}

Met: ${verdicts.filter((v) => v.met).length} of ${verdicts.length}.

## CPU per request, chain (ms, by process; cold and warm requests together)

${table(['operation', 'CPU ms per request'], result.targets.map(({ operation }) => [operation, cpuOf(result.chain.operations[operation])]))}

## CPU per process over all operations (ms)

${table(['process', 'demo', 'chain'], cpuNames.map((n) => [n, result.demo.cpuMs[n] ?? '–', result.chain.cpuMs[n] ?? '–']))}

## Peak resident memory (MiB: while measured / whole life, start-up included)

${table(['process', 'demo', 'chain', 'budget', 'chain within'], memoryRows(result))}

## Router → subgraph fetches (body sizes, from the router's histogram)

${table(['size', 'subgraph', 'direction', 'fetches', 'largest', 'above 1 MB'], fetchRows)}

## Query caches (operations over the whole run of each size)

${table(
  ['size', 'process', 'hit', 'miss', 'error (Redis failed or slower than CACHE_TIMEOUT_MS)', 'bypass', 'invalidation'],
  (['demo', 'chain'] as const).flatMap((size) =>
    Object.entries(result[size].cache).map(([name, o]) => [size, name, o.hit ?? 0, o.miss ?? 0, o.error ?? 0, o.bypass ?? 0, o.invalidation ?? 0]),
  ),
)}

Start-up to ready: demo ${result.demo.startupSeconds} s, chain ${result.chain.startupSeconds} s.
`;
}
