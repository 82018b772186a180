import { describe, expect, inject, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { gql, gqlOk, login } from '../support/graphql-client.js';
import { metricSample } from '../support/metrics-sample.js';

const sample = (service: string, name: string, labels: Record<string, string> = {}) => metricSample(inject('serviceUrls')[service]!, name, labels);

describe('metrics endpoints', () => {
  it('when a named query crosses subgraphs, then the router counts it, its plan, and the subgraph fetches', async () => {
    const before = await sample('router', 'graphql_operations_total', { operation: 'MetricsProbe', outcome: 'success' });
    const missesBefore = await sample('router', 'router_query_plan_cache_total', { result: 'miss' });
    const query = `query MetricsProbe($s: ID!) { store(id: $s) { code stock(first: 2) { edges { node { quantity product { name } } } } } }`;
    await gqlOk(query, { s: storeId(2) });
    await gqlOk(query, { s: storeId(3) });
    expect(await sample('router', 'graphql_operations_total', { operation: 'MetricsProbe', type: 'query', outcome: 'success' })).toBe(before + 2);
    expect(await sample('router', 'router_query_plan_cache_total', { result: 'miss' })).toBeGreaterThan(missesBefore);
    expect(await sample('router', 'router_query_plan_cache_total', { result: 'hit' })).toBeGreaterThan(0);
    expect(await sample('router', 'router_query_planning_duration_seconds_count')).toBeGreaterThan(0);
    expect(await sample('router', 'router_subgraph_fetch_duration_seconds_count', { subgraph: 'inventory' })).toBeGreaterThan(0);
    expect(await sample('router', 'router_subgraph_fetches_total', { subgraph: 'catalog', outcome: 'success' })).toBeGreaterThan(0);
    expect(await sample('router', 'http_requests_total', { route: '/graphql', status: '200' })).toBeGreaterThan(0);
  });

  it('when a request fails with a contract error, then errors are counted by extensions.code', async () => {
    const before = await sample('router', 'graphql_errors_total', { operation: 'BadFirst', code: 'BAD_USER_INPUT' });
    await gql(`query BadFirst { products(first: 0) { totalCount } }`);
    expect(await sample('router', 'graphql_errors_total', { operation: 'BadFirst', code: 'BAD_USER_INPUT' })).toBe(before + 1);
  });

  it('when a sale is recorded, then the sales subgraph counts a started and a completed saga', async () => {
    const started = await sample('sales', 'sales_saga_outcomes_total', { outcome: 'started' });
    const completed = await sample('sales', 'sales_saga_outcomes_total', { outcome: 'completed', step: 'commit' });
    await gqlOk(`mutation($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: storeId(5), lines: [{ productId: product(55).id, quantity: 1 }] } }, await login('clerk5@retail.test'));
    expect(await sample('sales', 'sales_saga_outcomes_total', { outcome: 'started' })).toBe(started + 1);
    expect(await sample('sales', 'sales_saga_outcomes_total', { outcome: 'completed', step: 'commit' })).toBe(completed + 1);
  });
  it('when every service has served traffic and is scraped, then runtime, HTTP, GraphQL and database series are there', async () => {
    for (const service of ['router', 'catalog', 'inventory', 'sales', 'accounts']) {
      expect({ service, heap: await sample(service, 'nodejs_heap_size_used_bytes') > 0 }).toEqual({ service, heap: true });
      expect({ service, lag: (await sample(service, 'nodejs_eventloop_lag_seconds')) >= 0 }).toEqual({ service, lag: true });
      expect({ service, cpu: await sample(service, 'process_cpu_seconds_total') > 0 }).toEqual({ service, cpu: true });
    }
    for (const service of ['catalog', 'inventory', 'sales', 'accounts']) {
      expect({ service, ops: await sample(service, 'graphql_operations_total') > 0 }).toEqual({ service, ops: true });
      expect({ service, db: await sample(service, 'db_query_duration_seconds_count', { schema: service }) > 0 }).toEqual({ service, db: true });
      expect({ service, pool: await sample(service, 'db_pool_connections', { schema: service, state: 'max' }) > 0 }).toEqual({ service, pool: true });
    }
    await expect.poll(() => sample('sales', 'events_published_total'), { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => sample('inventory', 'events_published_total'), { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => sample('reporting', 'events_consumed_total'), { timeout: 5000 }).toBeGreaterThan(0);
    expect(await sample('reporting', 'events_consumer_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect(await sample('reporting', 'stock_alerts_raised_total')).toBeGreaterThanOrEqual(0);
    expect(await sample('inventory', 'cache_operations_total')).toBeGreaterThan(0);
  });
});
