import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import pg from 'pg';
import { config } from '../platform/config/config.js';
import { demoProducts, demoStores } from '../platform/demo/demo-dataset.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../platform/db/embedded-postgres.js';
import { applyAllMigrations } from '../platform/db/migrations.js';
import { startEventBusHost } from '../platform/launcher/event-bus-host.js';
import { freePort, freeServicePorts } from '../platform/launcher/ports.js';
import { spawnService, waitUntilReady, type ServiceProcess } from '../platform/launcher/service-process.js';
import { startSystem } from '../platform/launcher/start-system.js';
import { composedSubgraphs } from '../supergraph/subgraph-list.js';

/**
 * `npm run bench [-- --duration 5 --connections 10]`: cached against uncached
 * stock and report queries, measured in one run. It starts the whole system
 * (a fresh database with the demo data; Redis with REDIS_URL, otherwise the
 * embedded default) plus a second inventory and a second reporting process
 * with CACHE_ENABLED=false on the same database and event bus, then loads
 * each subgraph with the same queries (autocannon) and prints requests per
 * second, latencies and the cached/uncached ratio. Results also go to
 * .data/bench/last.json.
 */
const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '5' }, connections: { type: 'string', default: '10' } } });
const duration = Number(args.duration);
const connections = Number(args.connections);
const root = path.resolve(import.meta.dirname, '..');
const c = config();

/** Removes this run's streams and cache entries (its own prefix only). */
async function deleteRedisKeys(url: string, prefix: string): Promise<void> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.unlink(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

async function post(url: string, query: string, token?: string): Promise<any> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  if (body.errors?.length) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

// A fresh database: on DATABASE_URL's server, or in an embedded PostgreSQL.
let embedded: EmbeddedDatabase | undefined;
let adminUrl = c.DATABASE_URL;
if (!adminUrl) {
  embedded = await startEmbeddedPostgres({ dataDir: path.join(mkdtempSync(path.join(os.tmpdir(), 'retail-bench-')), 'pg'), port: await freePort() });
  adminUrl = embedded.url;
}
const database = `retail_bench_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`CREATE DATABASE "${database}"`);
const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
await applyAllMigrations(databaseUrl);

const busHost = await startEventBusHost(process.env);
const env: NodeJS.ProcessEnv = {
  ...busHost.env,
  DATABASE_URL: databaseUrl,
  LOG_LEVEL: 'warn',
  SEED_DEMO_DATA: 'true',
  ...(c.REDIS_URL ? { REDIS_KEY_PREFIX: `bench:${database}:` } : {}),
  ...(await freeServicePorts()),
};
console.log(`bench: starting the system (${c.REDIS_URL ? 'Redis cache and streams' : 'in-process LRU cache, launcher event bus'}) …`);
const system = await startSystem({ subgraphs: composedSubgraphs, env: { ...process.env, ...env }, stdio: 'inherit' });
const uncached: ServiceProcess[] = [];
const cleanup = async () => {
  await Promise.all(uncached.map((s) => s.stop()));
  await system.stop();
  await busHost.stop();
  if (c.REDIS_URL) await deleteRedisKeys(c.REDIS_URL, env.REDIS_KEY_PREFIX!);
  await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
  await admin.end();
  await embedded?.stop();
};

try {
  // The same subgraphs again, without a cache, on the same database and event bus.
  for (const name of ['inventory', 'reporting'] as const) {
    const port = await freePort();
    const service = spawnService(
      `${name}-uncached`,
      path.join(root, 'subgraphs', name, 'server.ts'),
      { ...process.env, ...env, CACHE_ENABLED: 'false', SEED_DEMO_DATA: 'false', [`${name.toUpperCase()}_PORT`]: String(port) },
      `http://127.0.0.1:${port}`,
    );
    uncached.push(service);
    await waitUntilReady(service);
  }
  const url = (port: string | number) => `http://127.0.0.1:${port}/graphql`;
  const targets = {
    inventory: { cached: url(env.INVENTORY_PORT!), uncached: `${uncached[0]!.baseUrl}/graphql` },
    reporting: { cached: url(env.REPORTING_PORT!), uncached: `${uncached[1]!.baseUrl}/graphql` },
  };

  const login = await post(system.routerUrl, `mutation { login(email: "admin@retail.test", password: "admin") { token } }`);
  const token: string = login.login.token;
  // Wait until reporting has applied the demo history (it arrives as events).
  const deadline = Date.now() + 120_000;
  for (;;) {
    const data = await post(system.routerUrl, `{ salesReport(from: "${new Date(Date.now() - 15 * 86_400_000).toISOString()}", to: "${new Date().toISOString()}") { saleCount } }`, token).catch(() => null);
    if ((data?.salesReport.saleCount ?? 0) > 300) break;
    if (Date.now() > deadline) throw new Error('reporting did not catch up with the demo history');
    await new Promise((r) => setTimeout(r, 500));
  }

  const store = demoStores[0]!.id;
  const now = new Date();
  const from = new Date(now.getTime() - 14 * 86_400_000).toISOString();
  const to = now.toISOString();
  const representations = demoProducts.slice(0, 10).map((p) => `{ __typename: "Product", id: "${p.id}" }`).join(', ');
  const scenarios = [
    {
      name: 'store stock list (inventory)',
      target: targets.inventory,
      query: `{ store(id: "${store}") { stock(first: 20, orderBy: QUANTITY_ASC) { totalCount edges { cursor node { quantity updatedAt } } } } }`,
    },
    {
      name: 'product stock, 10 products (inventory)',
      target: targets.inventory,
      query: `{ _entities(representations: [${representations}]) { ... on Product { stock(storeId: "${store}") { quantity updatedAt } } } }`,
    },
    {
      name: 'dashboard (reporting)',
      target: targets.reporting,
      query: `{ dashboard { stores { store { id } revenueToday revenueLast7Days dailyRevenue(days: 7) { date revenue } } } }`,
    },
    {
      name: 'sales report, 14 days (reporting)',
      target: targets.reporting,
      query: `{ salesReport(from: "${from}", to: "${to}") { totalRevenue saleCount stores { store { id } revenue saleCount unitsSold topProducts { product { id } unitsSold revenue } } topProducts { product { id } unitsSold } } }`,
    },
  ];

  const run = async (target: string, query: string) => {
    const cachedAnswer = await post(target, query, token); // also warms the cache
    const result = await autocannon({
      url: target,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
      connections,
      duration,
    });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${target}: ${result.non2xx} non-2xx answers and ${result.errors} errors`);
    return { rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, answer: cachedAnswer };
  };

  const rows: Array<Record<string, string | number>> = [];
  for (const scenario of scenarios) {
    const cached = await run(scenario.target.cached, scenario.query);
    const plain = await run(scenario.target.uncached, scenario.query);
    if (JSON.stringify(cached.answer) !== JSON.stringify(plain.answer)) {
      throw new Error(`${scenario.name}: cached and uncached answers differ`);
    }
    rows.push({
      scenario: scenario.name,
      'cached req/s': Math.round(cached.rps),
      'uncached req/s': Math.round(plain.rps),
      ratio: Number((cached.rps / plain.rps).toFixed(2)),
      'cached p50/p99 ms': `${cached.p50}/${cached.p99}`,
      'uncached p50/p99 ms': `${plain.p50}/${plain.p99}`,
    });
  }
  console.log(`\nbench: ${connections} connections, ${duration} s per measurement, cache: ${c.REDIS_URL ? 'Redis' : 'in-process LRU'}`);
  console.table(rows);
  for (const row of rows) console.log(`ratio cached/uncached  ${row.ratio}×  ${row.scenario}`);
  mkdirSync(path.join(root, '.data', 'bench'), { recursive: true });
  writeFileSync(path.join(root, '.data', 'bench', 'last.json'), JSON.stringify({ at: new Date().toISOString(), cache: c.REDIS_URL ? 'redis' : 'memory', connections, duration, rows }, null, 2));
} finally {
  await cleanup();
}
