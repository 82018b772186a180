import { servedRps } from '../node/load-report.js';
import { runLoad } from '../node/load-runner.js';
import type { OpenModelRow, Skipped } from './bench-report.js';
import type { CachedRouters } from './bench-system.js';
import { cpuPerRequest, type Watched } from './process-cpu.js';

export interface OpenModelSettings {
  /** Requests offered per second (the classic mix: one request per iteration). */
  rate: number;
  /** Seconds measured. */
  seconds: number;
  /** Seconds at the same rate before, not counted (routers' caches, JIT, pools). */
  warmup: number;
}

/** The row's name, with the offered rate as the issue states it: "open model, classic mix, 1,000 req/s offered". */
export function openModelLabel(rate: number, routers: number): string {
  return `open model, classic mix, ${rate.toLocaleString('en')} req/s offered, Nginx + ${routers} routers, response cache on`;
}

/**
 * The classic mix (⅓ stock pages, ⅓ report reads, ⅓ product updates)
 * through Nginx over the routers with the response cache on, as the open
 * model of `npm run load` plays it: iterations started at `rate` per second
 * whatever the answers, latency from each one's scheduled start.
 */
export async function measureOpenModel(cached: CachedRouters | undefined, settings: OpenModelSettings, watched: readonly Watched[]): Promise<OpenModelRow | Skipped> {
  const label = openModelLabel(settings.rate, cached?.routers.length ?? 2);
  if (!cached) return { label, skipped: 'needs REDIS_URL (the response cache is off without Redis)' };
  if (!cached.nginx) return { label, skipped: 'nginx not installed' };
  const graphqlUrl = `${cached.nginx.url}/graphql`;
  const sessions = {};
  process.stdout.write(`bench: ${label} … `);
  if (settings.warmup > 0) await runLoad({ scenario: 'classic', profile: 'open', rate: settings.rate, seconds: settings.warmup, graphqlUrl, sessions });
  const { report, cpuMsPerRequest } = await cpuPerRequest(watched, async () => {
    const measured = await runLoad({ scenario: 'classic', profile: 'open', rate: settings.rate, seconds: settings.seconds, graphqlUrl, sessions });
    return { report: measured, requests: measured.total.requests };
  });
  const t = report.total;
  const arrivals = report.arrivals!;
  const row: OpenModelRow = {
    label,
    offeredRps: settings.rate,
    servedRps: servedRps(t),
    seconds: settings.seconds,
    requests: t.requests,
    errors: t.failures,
    dropped: arrivals.dropped,
    late: arrivals.late,
    latencyMs: { p50: t.p50, p95: t.p95, p99: t.p99, max: t.max },
    cpuMsPerRequest: Object.fromEntries(Object.entries(cpuMsPerRequest).filter(([, ms]) => ms >= 0.05)),
    operations: report.operations.map((o) => ({ operation: o.operation, requests: o.requests, failures: o.failures, p95: o.p95 })),
  };
  console.log(`served ${row.servedRps} req/s, p95 ${t.p95} ms, p99 ${t.p99} ms, ${t.failures} errors, ${arrivals.dropped} dropped${report.failureExamples.length ? ` (e.g. ${report.failureExamples[0]})` : ''}`);
  return row;
}
