import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/launcher/ports.js';
import { startMockApi, type MockApi } from '../../test/support/mock-graphql-api.js';
import { checkThresholds, formatReport, LoadStats, percentile, servedRps } from './load-report.js';
import { runLoad } from './load-runner.js';

const setupOperations = ['SetupLocations', 'SetupProducts', 'Login', 'SetupStock', 'Restock'];
let api: MockApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

// Each test is a real (short) run: seconds of wall time, more on a loaded machine.
describe('Node load runner (npm run load) against an HTTP server answering from the API schema', { timeout: 30_000 }, () => {
  it('when the classic scenario runs for a second, then every answered request is counted under its operation and the error-rate threshold passes', async () => {
    api = await startMockApi();
    const report = await runLoad({ scenario: 'classic', profile: 'smoke', graphqlUrl: api.url, seconds: 1 });
    const sent = api.received.filter((r) => !setupOperations.includes(r.operation));
    expect(report.total.requests).toBeGreaterThan(0);
    expect(report.total.requests).toBe(report.operations.reduce((n, o) => n + o.requests, 0));
    // A request still in flight when the phase ends (at most one per connection, maybe not yet received) is unfinished, not counted.
    expect(sent.length).toBeGreaterThanOrEqual(report.total.requests);
    expect(sent.length).toBeLessThanOrEqual(report.total.requests + report.total.unfinished);
    expect(report.total.unfinished).toBeLessThanOrEqual(2);
    expect(new Set(report.operations.map((o) => o.operation))).toEqual(new Set(sent.map((r) => r.operation)));
    expect(sent.filter((r) => r.operation === 'UpdateProduct').every((r) => r.authorized)).toBe(true);
    expect(report.total).toMatchObject({ failures: 0, errorRate: 0 });
    expect(report.phases).toEqual([{ connections: 2, seconds: 1, requests: expect.any(Number) }]);
    // Latency thresholds are not asserted: no timed assertions.
    expect(report.thresholds.find((t) => t.name === 'error rate')).toMatchObject({ passed: true, actual: '0%' });
    expect(formatReport(report)).toContain('✓ error rate 0%');
  });

  it('when the API refuses an operation with a GraphQL error (status 200), then each is a failure with its code and the error-rate threshold fails', async () => {
    api = await startMockApi({ fail: ['UpdateProduct'] });
    const report = await runLoad({ scenario: 'classic', profile: 'smoke', graphqlUrl: api.url, seconds: 1 });
    const updates = report.operations.find((o) => o.operation === 'UpdateProduct')!;
    expect(updates.requests).toBeGreaterThan(0);
    expect(updates).toMatchObject({ failures: updates.requests, errorRate: 1, codes: { FORBIDDEN: updates.requests } });
    expect(report.operations.filter((o) => o.operation !== 'UpdateProduct').every((o) => o.failures === 0)).toBe(true);
    expect(report.thresholds.find((t) => t.name === 'error rate')!.passed).toBe(false);
    expect(report.passed).toBe(false);
    expect(report.failureExamples[0]).toContain('UpdateProduct: FORBIDDEN');
  });

  it('when a number of requests is given, then the phase sends exactly that many and waits for every answer', async () => {
    api = await startMockApi();
    const report = await runLoad({ scenario: 'store-stock', profile: 'smoke', graphqlUrl: api.url, requests: 7 });
    expect(api.received.filter((r) => !setupOperations.includes(r.operation))).toHaveLength(7);
    expect(report.total).toMatchObject({ requests: 7, unfinished: 0, failures: 0 });
  });

  it('when the first step of a flow fails, then its later steps are not sent', async () => {
    api = await startMockApi({ fail: ['RecordSale'] });
    const report = await runLoad({ scenario: 'returns', profile: 'smoke', graphqlUrl: api.url, seconds: 0.5 });
    expect(report.operations.map((o) => o.operation)).toEqual(['RecordSale']);
    expect(api.received.filter((r) => ['SaleReceipt', 'ReturnSale'].includes(r.operation))).toEqual([]);
  });

  it('when the open profile runs at 40 iterations/s for a second, then exactly 40 iterations are sent, all counted, with arrivals and the dropped-iterations threshold in the report', async () => {
    api = await startMockApi();
    const report = await runLoad({ scenario: 'classic', profile: 'open', rate: 40, seconds: 1, graphqlUrl: api.url });
    expect(api.received.filter((r) => !setupOperations.includes(r.operation))).toHaveLength(40);
    expect(report.arrivals).toMatchObject({ rate: 40, seconds: 1, scheduled: 40, started: 40, dropped: 0 });
    expect(report.phases).toEqual([]);
    expect(report.total).toMatchObject({ requests: 40, failures: 0, rps: 40 });
    expect(report.thresholds.map((t) => t.name)).toEqual(['error rate', 'p95', 'p99', 'dropped iterations']);
    expect(report.thresholds.find((t) => t.name === 'dropped iterations')).toMatchObject({ passed: true, actual: '0' });
    expect(formatReport(report)).toContain('open model: 40 iterations/s offered for 1 s');
    expect(formatReport(report)).toContain('40 due, 40 started, 0 dropped');
  });

  it('when nothing listens at the target, then the run fails at setup, naming the URL, before any load', async () => {
    const url = `http://127.0.0.1:${await freePort()}/graphql`;
    await expect(runLoad({ scenario: 'store-stock', profile: 'smoke', graphqlUrl: url, seconds: 1 })).rejects.toThrow(`setup against ${url} failed, is the system up? SetupLocations failed: NO_RESPONSE`);
  });

  it('when only some products are named, then the writes keep to them', async () => {
    api = await startMockApi();
    await expect(runLoad({ scenario: 'product-update', profile: 'smoke', graphqlUrl: api.url, seconds: 0.3, productIds: ['not-in-the-catalog'] })).rejects.toThrow(
      'no active product to load among not-in-the-catalog',
    );
  });
});

describe('load report figures', () => {
  it('when percentiles are taken, then they are nearest-rank over the sorted latencies', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect([percentile(sorted, 50), percentile(sorted, 95), percentile(sorted, 99), percentile([], 95)]).toEqual([50, 95, 99, 0]);
  });

  it('when answers are recorded, then failures, codes and a missing answer count per operation and in total', () => {
    const stats = new LoadStats();
    stats.record('A', 10, { ok: true, data: {}, codes: [], message: '' });
    stats.record('A', 30, { ok: false, data: null, codes: ['FORBIDDEN'], message: 'no' });
    stats.record('B', null, { ok: false, data: null, codes: ['NO_RESPONSE'], message: 'none' });
    const { total, operations } = stats.figures(2);
    expect(operations.map((o) => [o.operation, o.requests, o.failures, o.p99])).toEqual([['A', 2, 1, 30], ['B', 1, 1, 0]]);
    expect(total).toMatchObject({ requests: 3, failures: 2, rps: 1.5, codes: { FORBIDDEN: 1, NO_RESPONSE: 1 } });
    const checks = checkThresholds({ errorRate: 0.5, p95: 100, p99: 100, minRps: 2 }, total);
    expect(checks.map((c) => [c.name, c.passed])).toEqual([['error rate', false], ['p95', true], ['p99', true], ['requests/s', false]]);
    expect(servedRps(total)).toBe(0.5);
  });

  it('when an open-model run dropped iterations, then its threshold fails and the report says how many were due, dropped and late', () => {
    const stats = new LoadStats();
    stats.record('A', 10, { ok: true, data: {}, codes: [], message: '' });
    const { total, operations } = stats.figures(1);
    const arrivals = { rate: 3, seconds: 1, scheduled: 3, started: 1, dropped: 2, late: 1, maxStartLagMs: 12.5 };
    const thresholds = checkThresholds({ errorRate: 0, p95: 100, p99: 250 }, total, arrivals);
    expect(thresholds.find((t) => t.name === 'dropped iterations')).toMatchObject({ passed: false, actual: '2' });
    const text = formatReport({ scenario: 's', profile: 'open', target: 'u', startedAt: '', seconds: 1.2, phases: [], arrivals, total, operations, thresholds, passed: false, failureExamples: [] });
    expect(text).toContain('open model: 3 iterations/s offered for 1 s (1.2 s until the last answer)');
    expect(text).toContain('3 due, 1 started, 2 dropped, 1 late (max start lag 12.5 ms); served 1.0 complete answers/s');
    expect(text).toContain('✗ dropped iterations 2 (= 0)');
  });
});
