import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, inject, it } from 'vitest';
import type { Session } from '../../loadtest/lib/scenario.js';
import type { LoadReport } from '../../loadtest/node/load-report.js';
import { runLoad } from '../../loadtest/node/load-runner.js';
import { scenarioNames } from '../../loadtest/node/scenario-files.js';
import { product } from '../support/demo.js';
import { gqlOk, login } from '../support/graphql-client.js';

/**
 * `npm run load`'s smoke profile (two connections) for every scenario
 * through the router, each run a fixed 12 requests rather than a duration so
 * that a slow machine does the same work, only later. Products 44–53 belong to this file: every write
 * (sales, returns, replenishments, product edits, restocking) keeps to them,
 * so that the other files' stock and prices stay as they expect.
 */
const productIds = Array.from({ length: 10 }, (_, i) => product(44 + i).id);
const sessions: Record<string, Session> = {};
const smoke = (scenario: string, requests = 12) => runLoad({ scenario, profile: 'smoke', graphqlUrl: inject('routerUrl'), requests, productIds, sessions });
const figures = (report: LoadReport, operation: string) => report.operations.find((o) => o.operation === operation);
const succeeded = (report: LoadReport, operation: string) => (figures(report, operation)?.requests ?? 0) - (figures(report, operation)?.failures ?? 0);
/** Writes the run saw succeed, up to those still in flight when it stopped (the server may have completed them). */
const written = (report: LoadReport, operation: string) => ({ atLeast: succeeded(report, operation), atMost: succeeded(report, operation) + (figures(report, operation)?.unfinished ?? 0) });
const within = (count: number, range: { atLeast: number; atMost: number }) => ({ count, within: count >= range.atLeast && count <= range.atMost, ...range });
const withoutFailures = (report: LoadReport) => ({ scenario: report.scenario, failures: report.total.failures, codes: report.total.codes, examples: report.failureExamples });

/** Sales at every store (since `from`), as the sales subgraph counts them. */
async function saleCount(from?: Date): Promise<number> {
  const data = await gqlOk(`query($from: DateTime) { stores { sales(from: $from, first: 1) { totalCount } } }`, { from: from?.toISOString() ?? null }, await login('admin@retail.test'));
  return data.stores.reduce((n: number, s: { sales: { totalCount: number } }) => n + s.sales.totalCount, 0);
}

async function requestCount(status: 'APPROVED' | 'REJECTED'): Promise<number> {
  return (await gqlOk(`query($s: ReplenishmentStatus) { replenishmentRequests(status: $s) { id } }`, { s: status }, await login('logistics@retail.test'))).replenishmentRequests.length;
}

describe('load scenarios through the router (smoke profile, 12 requests each)', () => {
  const started = new Date();

  it('when the read scenarios run, then every request of every operation succeeds', async () => {
    for (const scenario of ['store-stock', 'product-search', 'dashboard-report']) {
      const report = await smoke(scenario);
      expect(report.total.requests).toBeGreaterThan(0);
      expect(withoutFailures(report)).toEqual({ scenario, failures: 0, codes: {}, examples: [] });
    }
  });

  it('when sales and returns are recorded, then none fails and the sales count grows by the sales made', async () => {
    for (const scenario of ['sale-recording', 'returns']) {
      const before = await saleCount();
      const report = await smoke(scenario);
      expect(withoutFailures(report)).toEqual({ scenario, failures: 0, codes: {}, examples: [] });
      expect(succeeded(report, 'RecordSale')).toBeGreaterThan(0);
      expect(within((await saleCount()) - before, written(report, 'RecordSale'))).toMatchObject({ within: true });
      if (scenario === 'returns') expect(succeeded(report, 'ReturnSale')).toBeGreaterThan(0);
    }
  });

  it('when replenishments are requested and decided, then none fails and each decision is recorded', async () => {
    const before = { approved: await requestCount('APPROVED'), rejected: await requestCount('REJECTED') };
    // Flows of two and three requests, one in five a rejection: 30 requests leave (almost) no
    // chance of a run without an approval, which 12 did once in a full run.
    const report = await smoke('replenishment', 30);
    expect(withoutFailures(report)).toEqual({ scenario: 'replenishment', failures: 0, codes: {}, examples: [] });
    expect(succeeded(report, 'ApproveReplenishment')).toBeGreaterThan(0);
    expect(within((await requestCount('APPROVED')) - before.approved, written(report, 'ApproveReplenishment'))).toMatchObject({ within: true });
    expect(within((await requestCount('REJECTED')) - before.rejected, written(report, 'RejectReplenishment'))).toMatchObject({ within: true });
  });

  it('when head office edits products and the classic mix runs, then none fails and the products were written', async () => {
    for (const scenario of ['product-update', 'classic']) {
      const report = await smoke(scenario);
      expect(withoutFailures(report)).toEqual({ scenario, failures: 0, codes: {}, examples: [] });
      expect(succeeded(report, 'UpdateProduct')).toBeGreaterThan(0);
    }
    const edited = await gqlOk(`query($s: String) { products(search: $s, first: 100) { edges { node { id description updatedAt } } } }`, { s: 'edited by load' });
    const ours = edited.products.edges.map((e: { node: { id: string; updatedAt: string } }) => e.node).filter((p: { id: string }) => productIds.includes(p.id));
    expect(ours.length).toBeGreaterThan(0);
    expect(ours.every((p: { updatedAt: string }) => new Date(p.updatedAt) >= started)).toBe(true);
  });

  it('when the load is over, then reporting has applied every sale it made (nothing left in flight for the next file)', async () => {
    expect(scenarioNames()).toEqual(['classic', 'dashboard-report', 'product-search', 'product-update', 'replenishment', 'returns', 'sale-recording', 'store-stock']);
    const sales = await saleCount(started);
    expect(sales).toBeGreaterThan(0);
    const admin = await login('admin@retail.test');
    const window = { from: started.toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const reported = async () => (await gqlOk(`query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount } }`, window, admin)).salesReport.saleCount;
    for (let waited = 0; (await reported()) < sales && waited < 20_000; waited += 100) await sleep(100);
    expect(await reported()).toBe(sales);
  });
});
