import type { ApolloGateway } from '@apollo/gateway';
import { counter, gauge, histogram } from '../platform/metrics/registry.js';

const planCache = counter('router_query_plan_cache_total', 'Query plan cache lookups by result', ['result']);
const planning = histogram('router_query_planning_duration_seconds', 'Time to build a query plan (cache misses only)');
export const subgraphFetchDuration = histogram('router_subgraph_fetch_duration_seconds', 'Duration of router → subgraph fetches', ['subgraph']);
/** Bodies of router → subgraph fetches, sent and received: a fetch above 1 MB shows in the last bucket. */
export const subgraphFetchBytes = histogram('router_subgraph_fetch_bytes', 'Size of router → subgraph request and response bodies', ['subgraph', 'direction'], [1e3, 1e4, 1e5, 1e6, 1e7]);
export const subgraphFetches = counter('router_subgraph_fetches_total', 'Router → subgraph fetches by outcome', ['subgraph', 'outcome']);
export const subgraphRetries = counter('router_subgraph_retries_total', 'Router → subgraph query attempts repeated after a transient failure, by its kind', ['subgraph', 'reason']);
/** 1 for the current state of each subgraph's circuit breaker (closed, open, half_open, isolated), 0 for the others. */
export const subgraphCircuitState = gauge('router_subgraph_circuit_state', 'State of the circuit breaker of each subgraph (1 = current)', ['subgraph', 'state']);

interface GatewayInternals {
  queryPlanStore: { get(key: string): Promise<unknown> };
  queryPlanner?: { buildQueryPlan(...args: unknown[]): unknown };
}

/**
 * Apollo Gateway exposes neither its plan cache nor its planning time, so
 * both are observed by wrapping its internals (checked by the router
 * metrics test, which fails if a gateway upgrade moves them).
 */
export function instrumentGateway(gateway: ApolloGateway): void {
  const internals = gateway as unknown as GatewayInternals;
  const store = internals.queryPlanStore;
  const get = store.get.bind(store);
  store.get = async (key) => {
    const plan = await get(key);
    planCache.inc({ result: plan ? 'hit' : 'miss' });
    return plan;
  };
  gateway.onSchemaLoadOrUpdate(() => {
    const planner = internals.queryPlanner;
    if (!planner || (planner as { instrumented?: boolean }).instrumented) return;
    const build = planner.buildQueryPlan.bind(planner);
    planner.buildQueryPlan = (...args) => {
      const stop = planning.startTimer();
      try {
        return build(...args);
      } finally {
        stop();
      }
    };
    (planner as { instrumented?: boolean }).instrumented = true;
  });
}
