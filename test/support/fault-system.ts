import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { signAccessToken } from '../../platform/auth/access-token.js';
import type { Role } from '../../platform/auth/viewer.js';
import type { SubgraphName } from '../../platform/config/config.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { startLocalPostgres, type LocalServer } from '../../tools/launcher/local-servers.js';
import { freePort, freeServicePorts } from '../../tools/launcher/ports.js';
import { startSystem, type RunningSystem } from '../../tools/launcher/start-system.js';
import type { GraphQLResponse } from './graphql-client.js';
import { acquireTestPostgres, adminQuery, databaseUrl, uniqueName } from './postgres-server.js';
import { startOwnRedisServer, type OwnRedisServer } from './redis-server.js';

/**
 * A system of its own for a fault test, so that what it kills never disturbs
 * the shared e2e system: the chosen subgraphs and a router on free ports, a
 * fresh migrated database (on a PostgreSQL server of its own when the test
 * restarts it) and, when asked, a redis-server of its own.
 */
export interface FaultSystemOptions {
  subgraphs: readonly SubgraphName[];
  /** A redis-server of our own with an append-only file (it comes back with its data, as a production Redis does). */
  redis?: boolean;
  /** A PostgreSQL server of our own (Debian's binaries) that the test may restart. */
  ownPostgres?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Runs on the migrated database before the system starts (a seed of its own). */
  prepare?: (databaseUrl: string) => Promise<void>;
}

export interface RestartablePostgres {
  url: string;
  /** Fast shutdown (open transactions rolled back, every connection cut), then started again on the same port and data. */
  restart(whileDown?: () => Promise<void>): Promise<void>;
}

export interface FaultSystem {
  system: RunningSystem;
  routerUrl: string;
  redis?: OwnRedisServer;
  postgres?: RestartablePostgres;
  /** One operation through the router, with the HTTP status; a client that waited longer than `timeoutMs` fails (never hangs the test). */
  gql<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string, timeoutMs?: number): Promise<{ status: number; body: GraphQLResponse<T> }>;
  /** The data of an operation that must succeed. */
  gqlOk<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, token?: string): Promise<T>;
  /** SQL on the system's database (schemas catalog, inventory, sales, reporting …). */
  sql<R = Record<string, any>>(text: string, values?: unknown[]): Promise<R[]>;
  /** A sample of the router's /metrics (0 when the series does not exist). */
  routerMetric(name: string, labels: Record<string, string>): Promise<number>;
  stop(): Promise<void>;
}

/** An access token for a demo role, signed with the system's (default) JWT secret: no accounts subgraph needed. */
export function tokenFor(role: Exclude<Role, 'CUSTOMER'>, storeId: string | null = null): Promise<string> {
  return signAccessToken({ kind: 'staff', id: `fault-test-${role.toLowerCase()}`, role, storeId });
}

export async function startFaultSystem(options: FaultSystemOptions): Promise<FaultSystem> {
  const cleanup: Array<() => Promise<void>> = [];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch(() => undefined);
  };
  try {
    const { url, postgres } = await freshDatabase(options.ownPostgres ?? false, cleanup);
    await applyAllMigrations(url);
    await options.prepare?.(url);
    const redis = options.redis ? await startOwnRedisServer({ persistent: true }) : undefined;
    if (redis) cleanup.push(() => redis.stop());
    const system = await startSystem({
      subgraphs: options.subgraphs,
      env: {
        DATABASE_URL: url,
        LOG_LEVEL: process.env.FAULT_TEST_LOG_LEVEL ?? 'fatal',
        PASSWORD_HASH_COST: '1024',
        SEED_DEMO_DATA: 'true',
        ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: `${uniqueName('fault')}:` } : { REDIS_URL: '', EVENT_BUS: '' }),
        ...(await freeServicePorts()),
        ...options.env,
      },
      stdio: process.env.FAULT_TEST_LOG_LEVEL ? 'inherit' : 'ignore',
      readyTimeoutMs: 180_000,
    });
    cleanup.push(() => system.stop());
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => undefined); // a PostgreSQL restart cuts idle connections
    cleanup.push(() => pool.end());

    const gql: FaultSystem['gql'] = async (query, variables, token, timeoutMs = 30_000) => {
      const res = await fetch(system.routerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      return { status: res.status, body: (await res.json()) as GraphQLResponse<any> };
    };
    return {
      system,
      routerUrl: system.routerUrl,
      redis,
      postgres,
      gql,
      async gqlOk<T>(query: string, variables?: Record<string, unknown>, token?: string) {
        const { body } = await gql<T>(query, variables, token);
        if (body.errors?.length || !body.data) {
          const exited = system.services.filter((s) => s.child.exitCode !== null || s.child.signalCode !== null).map((s) => `${s.name} (${s.child.exitCode ?? s.child.signalCode})`);
          throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}${exited.length ? `; exited: ${exited.join(', ')}` : ''}`);
        }
        return body.data;
      },
      async sql<R>(text: string, values?: unknown[]) {
        return (await pool.query(text, values)).rows as R[];
      },
      async routerMetric(name, labels) {
        const router = system.services.find((s) => s.name === 'router')!;
        const text = await (await fetch(`${router.baseUrl}/metrics`)).text();
        const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
        return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
      },
      stop: runCleanup,
    };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}

async function freshDatabase(own: boolean, cleanup: Array<() => Promise<void>>): Promise<{ url: string; postgres?: RestartablePostgres }> {
  if (!own) {
    const server = await acquireTestPostgres();
    cleanup.push(() => server.stop());
    const database = uniqueName('retail_fault');
    await adminQuery(server.adminUrl, `CREATE DATABASE "${database}"`);
    cleanup.push(() => adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
    return { url: databaseUrl(server.adminUrl, database) };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-fault-pg-'));
  // As root the server runs as the user postgres, which must reach its data directory below.
  chmodSync(dir, 0o755);
  cleanup.push(async () => rmSync(dir, { recursive: true, force: true }));
  const start = (port: number) => startLocalPostgres({ dataDir: path.join(dir, 'data'), port, database: 'retail' });
  let server: LocalServer = await start(await freePort());
  cleanup.push(() => server.stop());
  const port = Number(new URL(server.url).port);
  return {
    url: server.url,
    postgres: {
      url: server.url,
      async restart(whileDown) {
        await server.stop();
        await whileDown?.();
        server = await start(port);
      },
    },
  };
}
