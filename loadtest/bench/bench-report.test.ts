import { describe, expect, it } from 'vitest';
import { cpuSummary, ratiosOf, renderChart, renderMarkdown, type BenchResult, type Measured } from './bench-report.js';
import { isCompleteAnswer } from './load.js';
import { supergraphWithUrls } from './peer-gateway.js';
import { classifySaleAnswer } from './write-path.js';

const measured = (label: string, rps: number): Measured => ({
  label,
  rps,
  requests: rps * 8,
  failures: 0,
  latencyMs: { p50: 10, p90: 20, p99: 30, max: 40 },
  cpuMsPerRequest: { 'router-1': 2, inventory: 1.5, 'load generator': 0.4 },
});

function result(peer: BenchResult['stockQuery']['peerShared']): Omit<BenchResult, 'ratios'> {
  return {
    at: '2026-11-30T12:00:00.000Z',
    command: 'npm run bench',
    machine: { cpu: 'Test CPU', cores: 2, ramGiB: 8, os: 'Linux', node: 'v20.20.2', loadPerCoreAtStart: 0.1 },
    settings: { connections: 16, duration: 8, warmup: 2, routerReplicas: 2, peerWorkers: 1 },
    services: { database: 'embedded PostgreSQL', cacheAndEvents: 'in-process LRU cache' },
    stockQuery: { direct: measured('direct', 1000), routerShared: measured('router', 600), routerDistinct: measured('router', 500), nginx: measured('nginx', 650), peerShared: peer, peerDistinct: peer },
    cache: [{ scenario: 'dashboard', cached: measured('cached', 2000), uncached: measured('uncached', 250) }],
    writes: { salesPerSecond: 320, completedSales: 2560, refusedOutOfStock: 40, failures: 0, latencyMs: { p50: 1, p90: 2, p99: 3 }, cpuMsPerRequest: {}, products: [], oversold: false, checks: [] },
    memoryMiB: { 'router-1': { underLoadMiB: 180, lifetimeMiB: 210 }, inventory: { underLoadMiB: 150, lifetimeMiB: 230 }, 'hive-gateway': { underLoadMiB: 400, lifetimeMiB: 400 } },
  };
}

describe('bench report', () => {
  it('when the run is complete, then each target is a within-run ratio with its verdict', () => {
    const ratios = Object.fromEntries(ratiosOf(result(measured('hive', 300))).map((r) => [r.name, [r.value, r.met]]));
    expect(ratios).toMatchObject({
      'router / inventory direct, one identity': [0.6, true],
      'router / inventory direct, distinct identities': [0.5, true],
      'our router / Hive Gateway, one identity': [2, true],
      'our router / Hive Gateway, distinct identities': [1.67, true],
      'Nginx + 2 routers / one router, distinct identities': [1.3, true],
      'cached / uncached (dashboard)': [8, true],
      'sales per second through the router': [320, true],
      'peak RSS under load, router-1 (MiB)': [180, true],
      'peak RSS under load, inventory (MiB)': [150, true],
    });
    expect(Object.keys(ratios)).not.toContain('peak RSS under load, hive-gateway (MiB)');
  });

  it('when the peer could not run, then its ratio has no value and the tables say why', () => {
    const partial = result({ label: 'Hive Gateway', skipped: 'npm ci failed' });
    const ratios = ratiosOf(partial);
    expect(ratios.find((r) => r.name.startsWith('our router / Hive'))).toMatchObject({ value: null, met: null });
    const markdown = renderMarkdown({ ...partial, ratios });
    expect(markdown.match(/\| Hive Gateway \| skipped \|/g)).toHaveLength(2);
    expect(markdown).toContain('npm ci failed');
    expect(renderChart({ ...partial, ratios })).not.toContain('Hive');
  });

  it('when a sale oversold, then the write target is not met whatever the rate', () => {
    const partial = result(measured('hive', 300));
    partial.writes = { ...partial.writes, oversold: true, checks: ['p: negative stock -1'] };
    expect(ratiosOf(partial).find((r) => r.name.startsWith('sales per second'))?.met).toBe(false);
  });

  it('when CPU shares are summarised, then the total comes first and the largest share next', () => {
    expect(cpuSummary({ inventory: 1.5, 'router-1': 2, 'load generator': 0.4 })).toBe('3.9 (router-1 2 · inventory 1.5 · load generator 0.4)');
  });

  it('when the chart is drawn, then it is an SVG with one bar per measured row and escaped labels', () => {
    const partial = result(measured('hive <1>', 300));
    const svg = renderChart({ ...partial, ratios: ratiosOf(partial) });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<rect x=/g)).toHaveLength(9);
    expect(svg).toContain('hive &lt;1&gt;');
  });
});

describe('bench checks', () => {
  it('when an answer has data and no errors, then it counts as complete; a partial answer does not', () => {
    expect(isCompleteAnswer('{"data":{"store":{}}}')).toBe(true);
    expect(isCompleteAnswer('{"data":{"store":null},"errors":[{"message":"x"}]}')).toBe(false);
    expect(isCompleteAnswer('{"errors":[{"message":"x"}]}')).toBe(false);
  });

  it('when recordSale answers, then a sale, a sold-out refusal and any other error are told apart', () => {
    expect(classifySaleAnswer(200, '{"data":{"recordSale":{"id":"s"}}}')).toBe('sale');
    expect(classifySaleAnswer(200, '{"errors":[{"message":"m","extensions":{"code":"INSUFFICIENT_STOCK"}}],"data":null}')).toBe('out_of_stock');
    expect(classifySaleAnswer(200, '{"errors":[{"message":"m","extensions":{"code":"SERVICE_UNAVAILABLE"}}],"data":null}')).toBe('failure');
    expect(classifySaleAnswer(502, '')).toBe('failure');
  });

  it('when the peer gets the supergraph, then every subgraph URL is the one of this run', () => {
    const sdl = '  CATALOG @join__graph(name: "catalog", url: "http://127.0.0.1:4101/graphql")\n  SALES @join__graph(name: "sales", url: "http://127.0.0.1:4103/graphql")';
    expect(supergraphWithUrls(sdl, { catalog: 'http://127.0.0.1:9/graphql' })).toBe('  CATALOG @join__graph(name: "catalog", url: "http://127.0.0.1:9/graphql")\n  SALES @join__graph(name: "sales", url: "http://127.0.0.1:4103/graphql")');
  });
});
