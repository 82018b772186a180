import path from 'node:path';
import pg from 'pg';
import { subgraphDefinition, composedSubgraphs } from '../../contracts/subgraphs.js';
import { deleteKeys } from '../../tools/launcher/redis-key-cleanup.js';
import { loadConfig, type Config } from '../../platform/config/config.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { startEmbeddedPostgres } from '../../tools/db/embedded-postgres.js';
import { startEventBusHost } from '../../tools/launcher/event-bus-host.js';
import { findNginx, startNginx, type RunningNginx } from '../../tools/launcher/nginx-process.js';
import { freePort, freeServicePorts } from '../../tools/launcher/ports.js';
import { spawnService, waitUntilReady, type ServiceProcess } from '../../tools/launcher/service-process.js';
import { startSystem, type RunningSystem } from '../../tools/launcher/start-system.js';
import type { BenchRun } from './bench-run.js';
import { graphql } from './load.js';

export const ROUTER_REPLICAS = 2;

/** The system a bench run measures. */
export interface BenchSystem {
  databaseUrl: string;
  /** Where the database runs, as the report names it. */
  database: string;
  cacheAndEvents: string;
  env: NodeJS.ProcessEnv;
  envConfig: Config;
  system: RunningSystem;
  nginx?: RunningNginx;
  /** inventory and reporting again with the cache off, on the same database and event bus. */
  uncached: Record<'inventory' | 'reporting', ServiceProcess>;
}

/** A fresh database: on DATABASE_URL's server, or in an embedded PostgreSQL. */
async function freshDatabase(run: BenchRun, c: Config): Promise<{ url: string; name: string; embedded: boolean }> {
  let adminUrl = c.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(run.workDir, 'pg'), port: await freePort() });
    run.onCleanup(() => embedded.stop());
    adminUrl = embedded.url;
  }
  const name = `retail_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  run.onCleanup(() => admin.end());
  await admin.query(`CREATE DATABASE "${name}"`);
  run.onCleanup(() => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
  const url = Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
  await applyAllMigrations(url);
  return { url, name, embedded: !c.DATABASE_URL };
}

/** Nginx over the routers when it is installed; one client sends the whole load, so the per-client limit is lifted. */
async function startNginxIfInstalled(run: BenchRun, routerPorts: number[], name = 'nginx'): Promise<RunningNginx | undefined> {
  if (!findNginx()) return undefined;
  const nginx = await startNginx({
    dir: path.join(run.workDir, name),
    port: await freePort(),
    upstreams: routerPorts.map((p) => `127.0.0.1:${p}`),
    corsOrigins: [],
    rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
    stdio: run.logFile(name),
  });
  run.onCleanup(() => nginx.stop());
  return nginx;
}

async function startUncached(run: BenchRun, env: NodeJS.ProcessEnv, root: string): Promise<BenchSystem['uncached']> {
  const uncached = {} as BenchSystem['uncached'];
  for (const name of ['inventory', 'reporting'] as const) {
    const { entry, portKey } = subgraphDefinition(name);
    const port = await freePort();
    const service = spawnService(`${name}-uncached`, path.join(root, entry), { ...env, CACHE_ENABLED: 'false', SEED_DEMO_DATA: 'false', [portKey]: String(port) }, `http://127.0.0.1:${port}`, run.logFile(`${name}-uncached`));
    run.onCleanup(() => service.stop());
    uncached[name] = service;
    await waitUntilReady(service);
  }
  return uncached;
}

/**
 * The system on a fresh database with the demo data, with its defaults
 * (Redis with REDIS_URL, else the embedded default), ROUTER_REPLICAS routers,
 * Nginx in front of them, and inventory and reporting again with the cache off.
 */
export async function startBenchSystem(run: BenchRun, c: Config, root: string): Promise<BenchSystem> {
  const database = await freshDatabase(run, c);
  const busHost = await startEventBusHost(process.env);
  run.onCleanup(() => busHost.stop());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...busHost.env,
    DATABASE_URL: database.url,
    SEED_DEMO_DATA: 'true',
    // The system's own routers are the uncached baseline; the response cache's rows run routers of their own.
    RESPONSE_CACHE_ENABLED: 'false',
    ...(c.REDIS_URL ? { REDIS_KEY_PREFIX: `bench:${database.name}:` } : {}),
    ...(await freeServicePorts()),
  };
  if (c.REDIS_URL) run.onCleanup(() => deleteKeys(c.REDIS_URL!, env.REDIS_KEY_PREFIX!));
  const cacheAndEvents = c.REDIS_URL ? 'Redis cache and streams' : 'in-process LRU cache, event bus hosted by the bench';
  console.log(`bench: starting the system (${cacheAndEvents}), ${ROUTER_REPLICAS} routers …`);
  const routerPorts = await Promise.all(Array.from({ length: ROUTER_REPLICAS }, () => freePort()));
  const system = await startSystem({ subgraphs: composedSubgraphs, env, routerPorts, stdio: run.logFile });
  run.onCleanup(() => system.stop());
  const nginx = await startNginxIfInstalled(run, routerPorts);
  const uncached = await startUncached(run, env, root);
  return {
    databaseUrl: database.url,
    database: database.embedded ? 'embedded PostgreSQL' : 'PostgreSQL server (DATABASE_URL)',
    cacheAndEvents,
    env,
    envConfig: loadConfig(env),
    system,
    nginx,
    uncached,
  };
}

/** Routers of their own with the response cache on, over the same subgraphs, with Nginx in front when it is installed. */
export interface CachedRouters {
  routers: ServiceProcess[];
  nginx?: RunningNginx;
}

/**
 * ROUTER_REPLICAS more routers with `RESPONSE_CACHE_ENABLED=true` (Redis
 * only: undefined without REDIS_URL) and their own Nginx: the response
 * cache's rows measure them while the routers of the system stay as they are
 * by default (off).
 */
export async function startCachedRouters(run: BenchRun, bench: BenchSystem, root: string): Promise<CachedRouters | undefined> {
  if (!bench.envConfig.REDIS_URL) return undefined;
  const routers: ServiceProcess[] = [];
  for (let i = 1; i <= ROUTER_REPLICAS; i++) {
    const port = await freePort();
    const name = `router-cached-${i}`;
    const router = spawnService(name, path.join(root, 'supergraph', 'router.ts'), { ...bench.env, RESPONSE_CACHE_ENABLED: 'true', ROUTER_PORT: String(port) }, `http://127.0.0.1:${port}`, run.logFile(name));
    run.onCleanup(() => router.stop());
    routers.push(router);
  }
  await Promise.all(routers.map((r) => waitUntilReady(r)));
  const nginx = await startNginxIfInstalled(run, routers.map((r) => Number(new URL(r.baseUrl).port)), 'nginx-cached');
  return { routers, nginx };
}

/** Reports need the demo history, which reaches reporting as events: waits until it has arrived. */
export async function waitForDemoHistory(routerUrl: string, adminToken: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const since = new Date(Date.now() - 15 * 86_400_000).toISOString();
    const data = await graphql({ url: routerUrl, query: `{ salesReport(from: "${since}", to: "${new Date().toISOString()}") { saleCount } }`, token: adminToken }).catch(() => null);
    if ((data?.salesReport.saleCount ?? 0) > 300) return;
    if (Date.now() > deadline) throw new Error('reporting did not catch up with the demo history');
    await new Promise((r) => setTimeout(r, 500));
  }
}
