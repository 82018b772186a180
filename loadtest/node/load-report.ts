import type { Answer, Thresholds } from '../lib/scenario.js';
import type { Phase } from '../lib/profiles.js';
import type { ArrivalFigures } from './open-model.js';

/** Figures of one operation, or of all requests together. */
export interface OperationFigures {
  operation: string;
  requests: number;
  failures: number;
  /** failures / requests (0 without requests). */
  errorRate: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** Failures by code: GraphQL extensions.code, HTTP_<status>, NO_RESPONSE … */
  codes: Record<string, number>;
  /** Sent but still unanswered when the load stopped: neither counted nor failed; the server may have completed them. */
  unfinished: number;
}

export interface ThresholdCheck {
  name: string;
  limit: string;
  actual: string;
  passed: boolean;
}

export interface LoadReport {
  scenario: string;
  profile: string;
  target: string;
  startedAt: string;
  seconds: number;
  /** The closed model's phases (none for the open model). */
  phases: Array<Phase & { requests: number }>;
  /** The open model: iterations due, started, dropped and late; the rates of `total` are over its seconds. */
  arrivals?: ArrivalFigures;
  total: OperationFigures;
  operations: OperationFigures[];
  thresholds: ThresholdCheck[];
  passed: boolean;
  /** A few distinct failure messages, to start the investigation from. */
  failureExamples: string[];
}

interface Tally {
  requests: number;
  unfinished: number;
  latencies: number[];
  failures: number;
  codes: Map<string, number>;
}

const emptyTally = (): Tally => ({ requests: 0, unfinished: 0, latencies: [], failures: 0, codes: new Map() });

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** Every answer of a run, by operation. */
export class LoadStats {
  private readonly tallies = new Map<string, Tally>();
  private readonly examples = new Set<string>();

  /** One answer; `ms` is null when there was none (latency unknown). */
  record(operation: string, ms: number | null, answer: Answer): void {
    const tally = this.tallyOf(operation);
    tally.requests += 1;
    if (ms !== null) tally.latencies.push(ms);
    if (answer.ok) return;
    tally.failures += 1;
    for (const code of answer.codes) tally.codes.set(code, (tally.codes.get(code) ?? 0) + 1);
    if (this.examples.size < 5) this.examples.add(`${operation}: ${answer.codes.join(', ')} — ${answer.message}`);
  }

  /** A request still in flight when the load stopped. */
  unfinished(operation: string): void {
    this.tallyOf(operation).unfinished += 1;
  }

  private tallyOf(operation: string): Tally {
    let tally = this.tallies.get(operation);
    if (!tally) this.tallies.set(operation, (tally = emptyTally()));
    return tally;
  }

  /** Per-operation figures (most requested first) and the total over all of them. */
  figures(seconds: number): { total: OperationFigures; operations: OperationFigures[]; failureExamples: string[] } {
    const all = emptyTally();
    const operations = [...this.tallies.entries()].map(([operation, tally]) => {
      all.requests += tally.requests;
      all.unfinished += tally.unfinished;
      for (const ms of tally.latencies) all.latencies.push(ms);
      all.failures += tally.failures;
      for (const [code, n] of tally.codes) all.codes.set(code, (all.codes.get(code) ?? 0) + n);
      return figuresOf(operation, tally, seconds);
    });
    operations.sort((a, b) => b.requests - a.requests);
    return { total: figuresOf('all', all, seconds), operations, failureExamples: [...this.examples] };
  }
}

function figuresOf(operation: string, tally: Tally, seconds: number): OperationFigures {
  const sorted = [...tally.latencies].sort((a, b) => a - b);
  const requests = tally.requests;
  return {
    operation,
    requests,
    failures: tally.failures,
    errorRate: requests ? tally.failures / requests : 0,
    rps: round(requests / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? 0),
    codes: Object.fromEntries(tally.codes),
    unfinished: tally.unfinished,
  };
}

/** Complete answers per second: of an open model, the part of the offered rate that was served. */
export function servedRps(total: OperationFigures): number {
  return total.requests ? round((total.rps * (total.requests - total.failures)) / total.requests) : 0;
}

/** The run against its thresholds (profiles.js, tightened by the scenario); an open model also drops no iteration. */
export function checkThresholds(limits: Thresholds, total: OperationFigures, arrivals?: ArrivalFigures): ThresholdCheck[] {
  const checks: ThresholdCheck[] = [
    { name: 'error rate', limit: `≤ ${limits.errorRate * 100}%`, actual: `${round(total.errorRate * 100, 2)}%`, passed: total.requests > 0 && total.errorRate <= limits.errorRate },
    { name: 'p95', limit: `≤ ${limits.p95} ms`, actual: `${total.p95} ms`, passed: total.p95 <= limits.p95 },
    { name: 'p99', limit: `≤ ${limits.p99} ms`, actual: `${total.p99} ms`, passed: total.p99 <= limits.p99 },
  ];
  if (limits.minRps !== undefined) checks.push({ name: 'requests/s', limit: `≥ ${limits.minRps}`, actual: String(total.rps), passed: total.rps >= limits.minRps });
  if (arrivals) checks.push({ name: 'dropped iterations', limit: '= 0', actual: String(arrivals.dropped), passed: arrivals.dropped === 0 });
  return checks;
}

function table(rows: string[][], rightAligned: (column: number) => boolean): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned(c) ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ')).join('\n');
}

/** How the load was applied: the closed model's phases, or the open model's arrivals. */
function loadLine(report: LoadReport): string {
  const a = report.arrivals;
  if (!a) return `connections × seconds: ${report.phases.map((p) => `${p.connections}×${p.seconds}s`).join(' → ')} (${report.seconds.toFixed(1)} s)`;
  return [
    `open model: ${a.rate} iterations/s offered for ${a.seconds} s (${report.seconds.toFixed(1)} s until the last answer)`,
    `${a.scheduled} due, ${a.started} started, ${a.dropped} dropped, ${a.late} late (max start lag ${a.maxStartLagMs} ms); served ${servedRps(report.total).toFixed(1)} complete answers/s`,
  ].join('\n');
}

/** The summary a person reads: per operation and in total, then each threshold. */
export function formatReport(report: LoadReport): string {
  const header = ['operation', 'requests', 'failed', 'error %', 'req/s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
  const row = (f: OperationFigures) => [f.operation, String(f.requests), String(f.failures), (f.errorRate * 100).toFixed(2), f.rps.toFixed(1), ...[f.p50, f.p95, f.p99, f.max].map((n) => n.toFixed(1))];
  const rows = [header, ...report.operations.map(row), row(report.total)];
  const codes = Object.entries(report.total.codes).map(([code, n]) => `${code} ${n}`).join(', ');
  return [
    `scenario ${report.scenario}, profile ${report.profile}, ${report.target}`,
    loadLine(report),
    '',
    table(rows, (c) => c > 0),
    '',
    ...report.thresholds.map((t) => `${t.passed ? '✓' : '✗'} ${t.name} ${t.actual} (${t.limit})`),
    ...(codes ? [`failures by code: ${codes}`, ...report.failureExamples.map((e) => `  e.g. ${e}`)] : []),
    ...(report.total.unfinished ? [`${report.total.unfinished} request(s) still in flight when the load stopped (not counted)`] : []),
  ].join('\n');
}
