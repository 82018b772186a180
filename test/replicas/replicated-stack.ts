import pg from 'pg';
import type { SubgraphName } from '../../platform/config/config.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * What Kubernetes runs with two replicas of everything, on loopback through
 * the project's launcher: Nginx in front of two routers, two processes of
 * every subgraph behind a balancer each (a Service), one PostgreSQL
 * database and one redis-server. The database is migrated but empty: the
 * replicas seed the demo data as they start, all at once.
 */
export interface ReplicatedStack extends TestStack {
  /** SQL on the system's database (schemas catalog, inventory, sales, accounts, reporting). */
  sql<R = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  /** The one row a query answers (counts …). */
  sqlRow<R = Record<string, any>>(text: string, values?: unknown[]): Promise<R>;
  /** Names of the processes of a subgraph (catalog-1, catalog-2). */
  replicasOf(name: SubgraphName | 'router'): string[];
  /** Base URL of one process (catalog-1 …, router-1 …). */
  baseUrl(service: string): string;
  /** Sum of a counter's samples on one process's /metrics whose labels include `labels`. */
  metric(service: string, name: string, labels?: Record<string, string>): Promise<number>;
}

export const SETTINGS = {
  // Recovery takes over sagas untouched this long: above the saga calls' timeout, so it never races a live one.
  SAGA_STALE_AFTER_MS: '6000',
  SAGA_RECOVERY_INTERVAL_MS: '500',
  SUBGRAPH_TIMEOUT_MS: '5000',
  // Events left pending by a dead reporting consumer are claimed after this.
  EVENT_CLAIM_IDLE_MS: '3000',
  // Low, so that a replica dying with several requests in flight would open a router's circuit if they counted one by one.
  SUBGRAPH_BREAKER_THRESHOLD: '2',
} as const;

export async function startReplicatedStack(): Promise<ReplicatedStack> {
  const stack = await startTestStack({ replicas: 2, subgraphReplicas: 2, env: { ...SETTINGS } });
  const pool = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 3 });
  pool.on('error', () => undefined);
  const service = (name: string) => {
    const found = stack.system.services.find((s) => s.name === name);
    if (!found) throw new Error(`no service ${name}`);
    return found;
  };
  return {
    ...stack,
    async sql<R>(text: string, values?: unknown[]) {
      return (await pool.query(text, values)).rows as R[];
    },
    async sqlRow<R>(text: string, values?: unknown[]) {
      const [row] = (await pool.query(text, values)).rows as R[];
      if (!row) throw new Error(`no row: ${text}`);
      return row;
    },
    replicasOf: (name) => [`${name}-1`, `${name}-2`],
    baseUrl: (name) => service(name).baseUrl,
    async metric(name, metricName, labels = {}) {
      const text = await (await fetch(`${service(name).baseUrl}/metrics`)).text();
      return text
        .split('\n')
        .filter((line) => line.startsWith(`${metricName}{`) && Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`)))
        .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(' ') + 1)), 0);
    },
    async stop() {
      await pool.end();
      await stack.stop();
    },
  };
}

export const everySubgraph: readonly SubgraphName[] = composedSubgraphs;
