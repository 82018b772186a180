import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signAccessToken } from '../platform/auth/access-token.js';
import { config, loadConfig, subgraphUrl } from '../platform/config/config.js';
import { demoProducts, demoStores } from '../platform/demo/demo-dataset.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../platform/db/embedded-postgres.js';
import { applyAllMigrations } from '../platform/db/migrations.js';
import { startEventBusHost } from '../platform/launcher/event-bus-host.js';
import { findNginx, startNginx, type RunningNginx } from '../platform/launcher/nginx-process.js';
import { freePort, freeServicePorts } from '../platform/launcher/ports.js';
import { spawnService, waitUntilReady, type ServiceProcess } from '../platform/launcher/service-process.js';
import { startSystem, type RunningSystem } from '../platform/launcher/start-system.js';
import { supergraphFile } from '../supergraph/composition.js';
import { composedSubgraphs } from '../supergraph/subgraph-list.js';
import { ratiosOf, renderChart, renderMarkdown, type BenchResult, type Measured, type Skipped } from '../loadtest/bench/bench-report.js';
import { graphql, measure, type GraphQLRequest, type LoadSettings } from '../loadtest/bench/load.js';
import { describeMachine } from '../loadtest/bench/machine.js';
import { PeakRss } from '../loadtest/bench/peak-rss.js';
import type { Watched } from '../loadtest/bench/process-cpu.js';
import { ensurePeerInstalled, startPeerGateway, supergraphWithUrls } from '../loadtest/bench/peer-gateway.js';
import { measureWritePath } from '../loadtest/bench/write-path.js';
import { deleteKeys } from '../platform/cache/redis-key-cleanup.js';

/**
 * `npm run bench [-- --duration 8 --warmup 2 --connections 16 --no-peer]`:
 * one run on one machine, every figure compared only within it. It starts
 * the system on a fresh database with the demo data (DATABASE_URL's server,
 * else an embedded PostgreSQL; Redis with REDIS_URL, else the embedded
 * default), with its defaults (log level, cache), two router replicas and
 * Nginx in front of them, plus an inventory and a reporting process with the
 * cache off, then measures with autocannon:
 * - the store-stock query: inventory's own part directly, through one
 *   router, through Nginx and both routers, through Hive Gateway (one worker,
 *   like one router; loadtest/peer, installed on first use, skipped when it
 *   cannot be);
 * - cached against uncached stock and report queries at the subgraph;
 * - recordSale through the router from concurrent tills, then the books
 *   (no negative stock, initial = remaining + sold);
 * - every process's peak resident memory.
 * It writes loadtest/results/bench.{md,json,svg} (or --out).
 */
const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '16' },
    out: { type: 'string', default: 'loadtest/results' },
    'no-peer': { type: 'boolean', default: false },
  },
});
const settings: LoadSettings = { duration: Number(args.duration), warmup: Number(args.warmup), connections: Number(args.connections) };
const root = path.resolve(import.meta.dirname, '..');
const outDir = path.resolve(root, args.out!);
const c = config();
const ROUTER_REPLICAS = 2;
const PEER_WORKERS = 1;

/** The command as typed, with the services it ran against (credentials left out). */
function commandLine(): string {
  const hidePassword = (url: string) => Object.assign(new URL(url), { password: '' }).toString().replace(/:@/, '@');
  const env = [c.DATABASE_URL && `DATABASE_URL=${hidePassword(c.DATABASE_URL)}`, c.REDIS_URL && `REDIS_URL=${hidePassword(c.REDIS_URL)}`].filter(Boolean);
  const rest = process.argv.slice(2);
  return [...env, 'npm run bench', ...(rest.length ? ['--', ...rest] : [])].join(' ');
}

/** Tokens of distinct head-office users, signed like the accounts subgraph signs them (same secret). */
function clientTokens(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => signAccessToken({ kind: 'staff', id: `bench-client-${i}`, role: 'HQ_ADMIN', storeId: null })));
}

const command = commandLine();
const machine = describeMachine();
const peerInstall = args['no-peer'] ? { installed: false as const, reason: 'not run (--no-peer)' } : ensurePeerInstalled();

const workDir = mkdtempSync(path.join(os.tmpdir(), 'retail-bench-'));
const logDir = path.join(root, '.data', 'bench', 'logs');
mkdirSync(logDir, { recursive: true });
const logFds: number[] = [];
const logFile = (name: string) => {
  const fd = openSync(path.join(logDir, `${name}.log`), 'w');
  logFds.push(fd);
  return fd;
};
const cleanup: Array<() => Promise<unknown>> = [async () => rmSync(workDir, { recursive: true, force: true }), async () => logFds.forEach((fd) => closeSync(fd))];
const runCleanup = async () => {
  for (const step of cleanup.splice(0).reverse()) await step().catch((error) => console.error('bench cleanup:', error));
};

try {
  // A fresh database: on DATABASE_URL's server, or in an embedded PostgreSQL.
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = c.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: await freePort() });
    cleanup.push(() => embedded!.stop());
    adminUrl = embedded.url;
  }
  const database = `retail_bench_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  cleanup.push(() => admin.end());
  await admin.query(`CREATE DATABASE "${database}"`);
  cleanup.push(() => admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));
  const databaseUrl = Object.assign(new URL(adminUrl), { pathname: `/${database}` }).toString();
  await applyAllMigrations(databaseUrl);

  const busHost = await startEventBusHost(process.env);
  cleanup.push(() => busHost.stop());
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...busHost.env,
    DATABASE_URL: databaseUrl,
    SEED_DEMO_DATA: 'true',
    ...(c.REDIS_URL ? { REDIS_KEY_PREFIX: `bench:${database}:` } : {}),
    ...(await freeServicePorts()),
  };
  if (c.REDIS_URL) cleanup.push(() => deleteKeys(c.REDIS_URL!, env.REDIS_KEY_PREFIX!));
  const cacheAndEvents = c.REDIS_URL ? 'Redis cache and streams' : 'in-process LRU cache, event bus hosted by the bench';
  console.log(`bench: starting the system (${cacheAndEvents}), ${ROUTER_REPLICAS} routers …`);
  const routerPorts = await Promise.all(Array.from({ length: ROUTER_REPLICAS }, () => freePort()));
  const system: RunningSystem = await startSystem({ subgraphs: composedSubgraphs, env, routerPorts, stdio: logFile });
  cleanup.push(() => system.stop());
  let nginx: RunningNginx | undefined;
  if (findNginx()) {
    nginx = await startNginx({
      dir: path.join(workDir, 'nginx'),
      port: await freePort(),
      upstreams: routerPorts.map((p) => `127.0.0.1:${p}`),
      corsOrigins: [],
      // One client sends the whole load: the per-client limit is not what is measured.
      rateLimit: { perSecond: 1_000_000, burst: 1_000_000 },
      stdio: logFile('nginx'),
    });
    cleanup.push(() => nginx!.stop());
  }

  // The same subgraphs again, cache off, on the same database and event bus.
  const uncached: Record<'inventory' | 'reporting', ServiceProcess> = {} as never;
  for (const name of ['inventory', 'reporting'] as const) {
    const port = await freePort();
    const service = spawnService(
      `${name}-uncached`,
      path.join(root, 'subgraphs', name, 'server.ts'),
      { ...env, CACHE_ENABLED: 'false', SEED_DEMO_DATA: 'false', [`${name.toUpperCase()}_PORT`]: String(port) },
      `http://127.0.0.1:${port}`,
      logFile(`${name}-uncached`),
    );
    cleanup.push(() => service.stop());
    uncached[name] = service;
    await waitUntilReady(service);
  }

  const envConfig = loadConfig(env);
  const routerUrl = system.routerUrls[0]!;
  const login = async (email: string, password: string) =>
    (await graphql<{ login: { token: string } }>({ url: routerUrl, query: `mutation { login(email: "${email}", password: "${password}") { token } }` })).login.token;
  const adminToken = await login('admin@retail.test', 'admin');
  const clerkToken = await login('clerk1@retail.test', 'clerk1');

  // Reports need the demo history, which reaches reporting as events.
  const deadline = Date.now() + 120_000;
  for (;;) {
    const since = new Date(Date.now() - 15 * 86_400_000).toISOString();
    const data = await graphql({ url: routerUrl, query: `{ salesReport(from: "${since}", to: "${new Date().toISOString()}") { saleCount } }`, token: adminToken }).catch(() => null);
    if ((data?.salesReport.saleCount ?? 0) > 300) break;
    if (Date.now() > deadline) throw new Error('reporting did not catch up with the demo history');
    await new Promise((r) => setTimeout(r, 500));
  }

  const watched = [...system.services, ...Object.values(uncached)].map((s) => ({ name: s.name, pid: s.child.pid }));
  let peerProcess: Watched | undefined;
  const rss = new PeakRss();
  rss.start(() => (peerProcess ? [...watched, peerProcess] : watched));
  cleanup.push(async () => rss.stop());
  const run = async (label: string, request: GraphQLRequest, extra: Watched[] = []): Promise<Measured> => {
    process.stdout.write(`bench: ${label} … `);
    const result = await measure(request, settings, [...watched, ...extra]);
    console.log(`${Math.round(result.rps)} req/s, p99 ${result.latencyMs.p99} ms${result.failures ? `, ${result.failures} failures` : ''}`);
    return { label, ...result };
  };

  // The store-stock query: a store, its stock list and each product's name (inventory + catalog).
  const storeId = demoStores[0]!.id;
  const stockQuery = (product: string) =>
    `query StoreStock($storeId: ID!) { store(id: $storeId) { code name stock(first: 20, orderBy: QUANTITY_ASC) { totalCount edges { node { quantity product { ${product} } } } } } }`;
  const federated = { query: stockQuery('id sku name price'), variables: { storeId } };
  const shared = { ...federated, token: adminToken };
  const distinct = { ...federated, tokens: await clientTokens(64) };
  const direct = await run('inventory subgraph directly (its own part)', { url: subgraphUrl('inventory', envConfig), query: stockQuery('id'), variables: { storeId }, token: adminToken, signed: true });
  const routerShared = await run('one router, one identity', { url: routerUrl, ...shared });
  const routerDistinct = await run('one router, distinct identities', { url: routerUrl, ...distinct });
  const nginxLabel = `Nginx + ${ROUTER_REPLICAS} routers, distinct identities`;
  const viaNginx: Measured | Skipped = nginx ? await run(nginxLabel, { url: `${nginx.url}/graphql`, ...distinct }) : { label: nginxLabel, skipped: 'nginx not installed' };
  const peerLabel = `Hive Gateway (${PEER_WORKERS} worker)`;
  const notRun = (label: string, reason: string): Skipped => ({ label, skipped: reason });
  let peerShared: Measured | Skipped = notRun(`${peerLabel}, one identity`, peerInstall.installed ? '' : peerInstall.reason);
  let peerDistinct: Measured | Skipped = notRun(`${peerLabel}, distinct identities`, peerInstall.installed ? '' : peerInstall.reason);
  if (peerInstall.installed) {
    const urls = Object.fromEntries(composedSubgraphs.map((name) => [name, subgraphUrl(name, envConfig)]));
    try {
      const gateway = await startPeerGateway({ supergraphFile: path.join(workDir, 'supergraph.graphql'), sdl: supergraphWithUrls(readFileSync(supergraphFile, 'utf8'), urls), port: await freePort(), workers: PEER_WORKERS, output: logFile('hive-gateway') });
      try {
        peerProcess = { name: 'hive-gateway', pid: gateway.pid };
        peerShared = await run(peerShared.label, { url: gateway.url, ...shared }, [peerProcess]);
        peerDistinct = await run(peerDistinct.label, { url: gateway.url, ...distinct }, [peerProcess]);
        rss.readLifetime([peerProcess]);
        peerProcess = undefined;
      } finally {
        await gateway.stop();
      }
    } catch (error) {
      const reason = `failed: ${(error as Error).message}`;
      if (!('rps' in peerShared)) peerShared = notRun(peerShared.label, reason);
      if (!('rps' in peerDistinct)) peerDistinct = notRun(peerDistinct.label, reason);
      console.log(`bench: Hive Gateway skipped (${(error as Error).message})`);
    }
  }

  // Cache on against cache off, at the subgraph that caches.
  const now = new Date();
  const cacheScenarios = [
    { scenario: 'store stock list (inventory)', subgraph: 'inventory' as const, query: `query StockList($storeId: ID!) { store(id: $storeId) { stock(first: 20, orderBy: QUANTITY_ASC) { totalCount edges { cursor node { quantity updatedAt } } } } }`, variables: { storeId } },
    { scenario: 'dashboard (reporting)', subgraph: 'reporting' as const, query: `{ dashboard { stores { store { id } revenueToday revenueLast7Days dailyRevenue(days: 7) { date revenue } } } }`, variables: {} },
    {
      scenario: 'sales report, 14 days (reporting)',
      subgraph: 'reporting' as const,
      query: `query Report($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { totalRevenue saleCount stores { store { id } revenue saleCount unitsSold topProducts { product { id } unitsSold revenue } } topProducts { product { id } unitsSold } } }`,
      variables: { from: new Date(now.getTime() - 14 * 86_400_000).toISOString(), to: now.toISOString() },
    },
  ];
  const cache: BenchResult['cache'] = [];
  for (const s of cacheScenarios) {
    const request = { query: s.query, variables: s.variables, token: adminToken, signed: true };
    const cachedUrl = subgraphUrl(s.subgraph, envConfig);
    const uncachedUrl = `${uncached[s.subgraph].baseUrl}/graphql`;
    if (JSON.stringify(await graphql({ url: cachedUrl, ...request })) !== JSON.stringify(await graphql({ url: uncachedUrl, ...request }))) {
      throw new Error(`${s.scenario}: cached and uncached answers differ`);
    }
    cache.push({ scenario: s.scenario, cached: await run(`${s.scenario}, cached`, { url: cachedUrl, ...request }), uncached: await run(`${s.scenario}, uncached`, { url: uncachedUrl, ...request }) });
  }

  process.stdout.write('bench: recordSale through the router … ');
  const writes = await measureWritePath({ routerUrl, databaseUrl, storeId, productIds: demoProducts.slice(60, 64).map((p) => p.id), clerkToken, adminToken, settings, watched });
  console.log(`${Math.round(writes.salesPerSecond)} sales/s, oversold: ${writes.oversold ? writes.checks.join('; ') : 'no'}`);
  rss.stop();
  rss.readLifetime(watched);

  const partial: Omit<BenchResult, 'ratios'> = {
    at: new Date().toISOString(),
    command,
    machine,
    settings: { ...settings, routerReplicas: ROUTER_REPLICAS, peerWorkers: PEER_WORKERS },
    services: { database: embedded ? 'embedded PostgreSQL' : 'PostgreSQL server (DATABASE_URL)', cacheAndEvents },
    stockQuery: { direct, routerShared, routerDistinct, nginx: viaNginx, peerShared, peerDistinct },
    cache,
    writes,
    memoryMiB: rss.all(),
  };
  const result: BenchResult = { ...partial, ratios: ratiosOf(partial) };
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'bench.md'), renderMarkdown(result));
  writeFileSync(path.join(outDir, 'bench.svg'), renderChart(result));
  console.log(`\nbench: ${command}`);
  console.table(result.ratios.map((r) => ({ measure: r.name, value: r.value, target: r.target, met: r.met })));
  console.log(`bench: results in ${path.relative(root, outDir)}/bench.{md,json,svg}`);
} finally {
  await runCleanup();
}
