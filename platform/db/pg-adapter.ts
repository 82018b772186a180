import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { config, databaseUrl } from '../config/config.js';
import { gauge, histogram } from '../metrics/registry.js';
import { SpanKind, tracer } from '../tracing/tracing.js';
import { sqlClient, type SqlClient } from './sql-client.js';

const queryDuration = histogram('db_query_duration_seconds', 'PostgreSQL query duration (every Prisma and raw query)', ['schema', 'outcome']);
const pools = new Map<string, pg.Pool>();
gauge('db_pool_connections', 'Connections of the PostgreSQL pool by state', ['schema', 'state'], function collect() {
  for (const [schema, pool] of pools) {
    this.set({ schema, state: 'total' }, pool.totalCount);
    this.set({ schema, state: 'idle' }, pool.idleCount);
    this.set({ schema, state: 'waiting' }, pool.waitingCount);
    this.set({ schema, state: 'max' }, pool.options.max ?? 10);
  }
});

/** First SQL keyword only: statement text may be long, values never appear in spans. */
function operationOf(query: unknown): string {
  const text = typeof query === 'string' ? query : ((query as { text?: string } | undefined)?.text ?? '');
  return /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'QUERY';
}

type QueryCallback = (err: Error | null, result: unknown) => void;

/** A pg client that times every query (Prisma's queries all pass through here). */
function timedClient(schema: string) {
  return class TimedClient extends pg.Client {
    override query(...args: unknown[]): never {
      const timer = queryDuration.startTimer({ schema });
      const span = tracer.startSpan('pg.query', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'postgresql', 'db.namespace': schema, 'db.operation.name': operationOf(args[0]) } });
      const stop = (labels: { outcome: string }) => {
        timer(labels);
        span.end();
      };
      const last = args.at(-1);
      if (typeof last === 'function') {
        const callback = last as QueryCallback;
        args[args.length - 1] = (err: Error | null, result: unknown) => {
          stop({ outcome: err ? 'error' : 'success' });
          callback(err, result);
        };
        return (super.query as (...a: unknown[]) => never)(...args);
      }
      const result = (super.query as (...a: unknown[]) => unknown)(...args);
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(
          () => stop({ outcome: 'success' }),
          () => stop({ outcome: 'error' }),
        );
      }
      return result as never;
    }
  };
}

/**
 * One subgraph's pool: its queries are qualified with the subgraph's own
 * PostgreSQL schema, and the search_path is pinned to it so raw SQL
 * (conditional stock updates, row locks) lands there too. The pool is ours
 * so that its saturation and query durations are measured.
 */
function subgraphPool(schema: string, url: string, poolSize: number): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    options: `-c search_path=${schema}`,
    idleTimeoutMillis: 30_000,
    Client: timedClient(schema),
  });
  // A connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', () => undefined);
  pools.set(schema, pool);
  return pool;
}

/**
 * A subgraph's Prisma adapter and plain SQL (sql-client.ts) on one shared
 * pool: the write path's hot statements use the same connections, metrics
 * and spans as the Prisma client; closing the client closes the pool.
 */
export function subgraphConnection(schema: string, url = databaseUrl(), poolSize = config().DB_POOL_SIZE): { adapter: PrismaPg; sql: SqlClient } {
  const pool = subgraphPool(schema, url, poolSize);
  return { adapter: new PrismaPg(pool, { schema, disposeExternalPool: true }), sql: sqlClient(pool) };
}
