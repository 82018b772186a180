import { describe, expect, it } from 'vitest';
import { cpuSummary, NOT_SELECTED, ratiosOf, renderChart, renderMarkdown, type BenchResult, type Measured } from './bench-report.js';
import { openModelLabel } from './open-model-measure.js';
import { isCompleteAnswer } from './load.js';
import { supergraphWithUrls } from './peer-gateway.js';
import { classifySaleAnswer, type WritePathResult } from './write-path.js';

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

  it('when the router with the response cache was measured, then it is compared with the router without it and with inventory directly, and shown as a row', () => {
    const run = result(measured('hive', 300));
    run.stockQuery.routerCachedDistinct = measured('one router, response cache on, distinct identities', 2600);
    const ratios = Object.fromEntries(ratiosOf(run).map((r) => [r.name, [r.value, r.met]]));
    expect(ratios).toMatchObject({
      'response cache on / off, one router, distinct identities': [5.2, true],
      'response cache on, one router / inventory direct, distinct identities': [2.6, true],
    });
    expect(renderMarkdown({ ...run, ratios: ratiosOf(run) })).toContain('| one router, response cache on, distinct identities | 2600 |');
    run.stockQuery.routerCachedDistinct = { label: 'one router, response cache on, distinct identities', skipped: 'needs REDIS_URL' };
    expect(ratiosOf(run).map((r) => r.name)).not.toContain('response cache on / off, one router, distinct identities');
  });

  it('when Hive Gateway with its response cache was measured, then our cached router is compared with it against 1.5 and both rows are shown', () => {
    const run = result(measured('hive', 300));
    run.stockQuery.routerCachedDistinct = measured('one router, response cache on, distinct identities', 2600);
    run.stockQuery.peerCachedDistinct = measured('Hive Gateway (1 worker), response cache on, distinct identities', 2000);
    const ratios = ratiosOf(run);
    expect(ratios.find((r) => r.name === 'response cache on, our router / Hive Gateway with its response cache, distinct identities')).toMatchObject({ value: 1.3, met: false });
    expect(renderMarkdown({ ...run, ratios })).toContain('| Hive Gateway (1 worker), response cache on, distinct identities | 2000 |');
    run.stockQuery.peerCachedDistinct = { label: 'Hive Gateway (1 worker), response cache on, distinct identities', skipped: 'npm ci failed' };
    expect(ratiosOf(run).find((r) => r.name.includes('Hive Gateway with its response cache'))).toMatchObject({ value: null, met: null });
  });

  it('when only some groups ran, then the rows not selected are left out of the tables and of the ratios', () => {
    const run = result(measured('hive', 300));
    run.stockQuery = { ...run.stockQuery, routerShared: { label: 'one router, one identity', skipped: NOT_SELECTED }, nginx: { label: 'nginx', skipped: NOT_SELECTED }, peerShared: { label: 'Hive one', skipped: NOT_SELECTED } };
    run.writes = { label: 'recordSale through the router', skipped: NOT_SELECTED };
    run.cache = [];
    const ratios = ratiosOf(run);
    expect(ratios.map((r) => r.name)).not.toContain('router / inventory direct, one identity');
    expect(ratios.map((r) => r.name)).not.toContain('sales per second through the router');
    expect(ratios.map((r) => r.name)).toContain('router / inventory direct, distinct identities');
    const markdown = renderMarkdown({ ...run, ratios });
    expect(markdown).not.toContain(NOT_SELECTED);
    expect(markdown).not.toContain('## Write path');
    expect(markdown).not.toContain('## Query-result cache');
  });

  it('when the open model ran, then served/offered, p95, p99 and errors + dropped are judged against the targets and its table shows each operation', () => {
    const run = result(measured('hive', 300));
    run.openModel = {
      label: 'open model, classic mix, 1,000 req/s offered, Nginx + 2 routers, response cache on',
      offeredRps: 1000,
      servedRps: 985,
      seconds: 30,
      requests: 30000,
      errors: 3,
      dropped: 0,
      late: 12,
      latencyMs: { p50: 8, p95: 90, p99: 300, max: 900 },
      cpuMsPerRequest: { 'router-cached-1': 1 },
      operations: [{ operation: 'StoreStockPage', requests: 10000, failures: 0, p95: 20 }],
    };
    const ratios = Object.fromEntries(ratiosOf(run).filter((r) => r.name.startsWith('open model')).map((r) => [r.name.split(': ')[1], [r.value, r.met]]));
    expect(ratios).toEqual({ 'served / offered': [0.985, false], 'p95 ms': [90, true], 'p99 ms': [300, false], 'errors + dropped': [3, false] });
    const markdown = renderMarkdown({ ...run, ratios: ratiosOf(run) });
    expect(markdown).toContain('| open model, classic mix, 1,000 req/s offered, Nginx + 2 routers, response cache on | 1000 | 985 | 8 | 90 | 300 | 900 | 3 | 0 | 12 |');
    expect(markdown).toContain('| StoreStockPage | 10000 | 0 | 20 |');
    expect(openModelLabel(1000, 2)).toBe('open model, classic mix, 1,000 req/s offered, Nginx + 2 routers, response cache on');
  });

  it('when the write path ran with the response cache on too, then sales per second and CPU per sale are compared with off in the same run', () => {
    const run = result(measured('hive', 300));
    const writes = run.writes as WritePathResult;
    run.writes = { ...writes, salesPerSecond: 320, cpuMsPerRequest: { sales: 3, 'router-1': 2, 'load generator': 1 } };
    run.writesCached = { ...writes, salesPerSecond: 288, cpuMsPerRequest: { sales: 3, 'router-cached-1': 2.5, 'load generator': 1 } };
    const ratios = Object.fromEntries(ratiosOf(run).map((r) => [r.name, [r.value, r.met]]));
    expect(ratios['write path, response cache on / off, sales per second']).toEqual([0.9, false]);
    expect(ratios['write path, response cache on / off, CPU per sale (services)']).toEqual([1.1, false]);
    expect(ratios['sales per second through a router with the response cache on']).toEqual([288, false]);
    expect(renderMarkdown({ ...run, ratios: ratiosOf(run) })).toContain('| router, response cache on | 288 |');
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
