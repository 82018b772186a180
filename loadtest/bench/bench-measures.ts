import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { signAccessToken } from '../../platform/auth/access-token.js';
import { subgraphUrl } from '../../platform/config/config.js';
import { supergraphFile } from '../../supergraph/composition.js';
import { freePort } from '../../tools/launcher/ports.js';
import { NOT_SELECTED, type BenchGroup, type BenchResult, type Measured, type Skipped } from './bench-report.js';
import type { BenchRun } from './bench-run.js';
import { ROUTER_REPLICAS, type BenchSystem, type CachedRouters } from './bench-system.js';
import { graphql, measure, type GraphQLRequest, type LoadSettings } from './load.js';
import type { Watched } from './process-cpu.js';
import { startPeerGateway, supergraphWithUrls } from './peer-gateway.js';

export const PEER_WORKERS = 1;

/** The bench's memory sampling, told of a process that runs only for some measures. */
export interface BenchMemory {
  watchAlso(process: Watched | undefined): void;
  readLifetime(processes: readonly Watched[]): void;
}

/** Measures one request under load, printing its figures, with the CPU of the watched processes. */
export type Measure = (label: string, request: GraphQLRequest, extra?: Watched[]) => Promise<Measured>;

export function measurer(settings: LoadSettings, watched: readonly Watched[]): Measure {
  return async (label, request, extra = []) => {
    process.stdout.write(`bench: ${label} … `);
    const result = await measure(request, settings, [...watched, ...extra]);
    console.log(`${Math.round(result.rps)} req/s, p99 ${result.latencyMs.p99} ms${result.failures ? `, ${result.failures} failures` : ''}`);
    return { label, ...result };
  };
}

/** Tokens of distinct head-office users, signed like the accounts subgraph signs them (same secret). */
function clientTokens(count: number): Promise<string[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => signAccessToken({ kind: 'staff', id: `bench-client-${i}`, role: 'HQ_ADMIN', storeId: null })));
}

/** The store-stock query: a store, its stock list and each product's fields (inventory + catalog). */
const stockQuery = (product: string) =>
  `query StoreStock($storeId: ID!) { store(id: $storeId) { code name stock(first: 20, orderBy: QUANTITY_ASC) { totalCount edges { node { quantity product { ${product} } } } } } }`;

const notRun = (label: string, reason: string): Skipped => ({ label, skipped: reason });

const NEEDS_REDIS = 'needs REDIS_URL (the response cache is off without Redis)';

/**
 * The shortest maxAge the store-stock query's fields declare (inventory's
 * Store and stock: 60 s; catalog's Product: 300 s): our router keeps the
 * query's entries that long, and so does Hive Gateway in its cached row.
 */
export const STOCK_QUERY_MAX_AGE_S = 60;

/** A gateway's answer must equal the router's (response cache off) before it is measured. */
async function assertSameAnswer(bench: BenchSystem, request: Omit<GraphQLRequest, 'url'>, url: string, what: string): Promise<void> {
  const [expected, got] = [await graphql({ ...request, url: bench.system.routerUrls[0]! }), await graphql({ ...request, url })];
  if (JSON.stringify(expected) !== JSON.stringify(got)) throw new Error(`${what} answers differently from the router without cache`);
}

/** The same query through the first router of the cached pair (response cache on, Redis only; same subgraphs, same database). */
async function measureResponseCache(bench: BenchSystem, cached: CachedRouters | undefined, measureOne: Measure, request: Omit<GraphQLRequest, 'url'>): Promise<Measured | Skipped> {
  const label = 'one router, response cache on, distinct identities';
  if (!cached) return notRun(label, NEEDS_REDIS);
  const router = cached.routers[0]!;
  const url = `${router.baseUrl}/graphql`;
  await assertSameAnswer(bench, request, url, 'the router with the response cache');
  return measureOne(label, { ...request, url }, [{ name: router.name, pid: router.child.pid }]);
}

interface PeerRun {
  bench: BenchSystem;
  run: BenchRun;
  measureOne: Measure;
  rss: BenchMemory;
}

/** Hive Gateway (PEER_WORKERS workers) over this run's subgraphs for the duration of `measure`; its process is watched for CPU and memory. */
async function withPeerGateway<T>(p: PeerRun, env: Record<string, string>, measure: (url: string, peer: Watched) => Promise<T>): Promise<T> {
  const urls = Object.fromEntries(composedSubgraphs.map((name) => [name, subgraphUrl(name, p.bench.envConfig)]));
  const gateway = await startPeerGateway({ supergraphFile: path.join(p.run.workDir, 'supergraph.graphql'), sdl: supergraphWithUrls(readFileSync(supergraphFile, 'utf8'), urls), port: await freePort(), workers: PEER_WORKERS, output: p.run.logFile('hive-gateway'), env });
  const peerProcess = { name: 'hive-gateway', pid: gateway.pid };
  try {
    p.rss.watchAlso(peerProcess);
    const result = await measure(gateway.url, peerProcess);
    p.rss.readLifetime([peerProcess]);
    return result;
  } finally {
    p.rss.watchAlso(undefined);
    await gateway.stop();
  }
}

/**
 * Hive Gateway with its own response cache on: the same TTL as our router's
 * entries, keyed per caller (gateway.config.mjs), in the same Redis under
 * this run's key prefix (removed with the run's keys).
 */
async function measurePeerCached(p: PeerRun, peer: { installed: true } | { installed: false; reason: string }, request: Omit<GraphQLRequest, 'url'>): Promise<Measured | Skipped> {
  const label = `Hive Gateway (${PEER_WORKERS} worker), response cache on, distinct identities`;
  if (!peer.installed) return notRun(label, peer.reason);
  const redisUrl = p.bench.envConfig.REDIS_URL;
  if (!redisUrl) return notRun(label, NEEDS_REDIS);
  const env = { PEER_RESPONSE_CACHE_TTL_MS: String(STOCK_QUERY_MAX_AGE_S * 1000), PEER_RESPONSE_CACHE_REDIS_URL: redisUrl, PEER_RESPONSE_CACHE_KEY_PREFIX: `${p.bench.env.REDIS_KEY_PREFIX}hive:` };
  try {
    return await withPeerGateway(p, env, async (url, peerProcess) => {
      await assertSameAnswer(p.bench, request, url, 'Hive Gateway with its response cache');
      return p.measureOne(label, { ...request, url }, [peerProcess]);
    });
  } catch (error) {
    console.log(`bench: Hive Gateway with its response cache skipped (${(error as Error).message})`);
    return notRun(label, `failed: ${(error as Error).message}`);
  }
}

/** What measureStockQuery measures and with what. */
export interface StockQueryRun {
  bench: BenchSystem;
  run: BenchRun;
  measureOne: Measure;
  rss: BenchMemory;
  peer: { installed: true } | { installed: false; reason: string };
  storeId: string;
  adminToken: string;
  groups: ReadonlySet<BenchGroup>;
  /** The routers with the response cache on; undefined without Redis. */
  cached?: CachedRouters;
}

/**
 * The store-stock query: inventory's own part directly, through one router,
 * through Nginx and both routers, and through Hive Gateway (one worker, like
 * one router) when it is installed (group `stock`); through a router with
 * the response cache on and through Hive Gateway with its own (group
 * `response-cache`, which also measures the direct and router rows its
 * ratios divide by).
 */
export async function measureStockQuery(q: StockQueryRun): Promise<BenchResult['stockQuery']> {
  const { bench, measureOne, groups } = q;
  const stock = groups.has('stock');
  const responseCache = groups.has('response-cache');
  const routerUrl = bench.system.routerUrls[0]!;
  const federated = { query: stockQuery('id sku name price'), variables: { storeId: q.storeId } };
  const shared = { ...federated, token: q.adminToken };
  const distinct = { ...federated, tokens: await clientTokens(64) };
  const either = stock || responseCache;
  const maybe = (wanted: boolean, label: string, measure: () => Promise<Measured | Skipped>) => (wanted ? measure() : Promise.resolve(notRun(label, NOT_SELECTED)));
  const direct = await maybe(either, 'inventory subgraph directly (its own part)', () =>
    measureOne('inventory subgraph directly (its own part)', { url: subgraphUrl('inventory', bench.envConfig), query: stockQuery('id'), variables: { storeId: q.storeId }, token: q.adminToken, signed: true }),
  );
  const routerShared = await maybe(stock, 'one router, one identity', () => measureOne('one router, one identity', { url: routerUrl, ...shared }));
  const routerDistinct = await maybe(either, 'one router, distinct identities', () => measureOne('one router, distinct identities', { url: routerUrl, ...distinct }));
  const routerCachedDistinct = await maybe(responseCache, 'one router, response cache on, distinct identities', () => measureResponseCache(bench, q.cached, measureOne, distinct));
  const nginxLabel = `Nginx + ${ROUTER_REPLICAS} routers, distinct identities`;
  const nginx = await maybe(stock, nginxLabel, async () => (bench.nginx ? measureOne(nginxLabel, { url: `${bench.nginx.url}/graphql`, ...distinct }) : notRun(nginxLabel, 'nginx not installed')));
  const peerRun: PeerRun = { bench, run: q.run, measureOne, rss: q.rss };
  const { peerShared, peerDistinct } = stock ? await measurePeer(peerRun, q.peer, shared, distinct) : { peerShared: notRun('Hive Gateway, one identity', NOT_SELECTED), peerDistinct: notRun('Hive Gateway, distinct identities', NOT_SELECTED) };
  const peerCachedDistinct = await maybe(responseCache, 'Hive Gateway, response cache on', () => measurePeerCached(peerRun, q.peer, distinct));
  return { direct, routerShared, routerDistinct, routerCachedDistinct, nginx, peerShared, peerDistinct, peerCachedDistinct };
}

/** Hive Gateway out of the box (no response cache), one identity and distinct identities. */
async function measurePeer(p: PeerRun, peer: StockQueryRun['peer'], shared: Omit<GraphQLRequest, 'url'>, distinct: Omit<GraphQLRequest, 'url'>) {
  const peerLabel = `Hive Gateway (${PEER_WORKERS} worker)`;
  let peerShared: Measured | Skipped = notRun(`${peerLabel}, one identity`, peer.installed ? '' : peer.reason);
  let peerDistinct: Measured | Skipped = notRun(`${peerLabel}, distinct identities`, peer.installed ? '' : peer.reason);
  if (!peer.installed) return { peerShared, peerDistinct };
  try {
    await withPeerGateway(p, {}, async (url, peerProcess) => {
      peerShared = await p.measureOne(peerShared.label, { url, ...shared }, [peerProcess]);
      peerDistinct = await p.measureOne(peerDistinct.label, { url, ...distinct }, [peerProcess]);
    });
  } catch (error) {
    const reason = `failed: ${(error as Error).message}`;
    if (!('rps' in peerShared)) peerShared = notRun(peerShared.label, reason);
    if (!('rps' in peerDistinct)) peerDistinct = notRun(peerDistinct.label, reason);
    console.log(`bench: Hive Gateway skipped (${(error as Error).message})`);
  }
  return { peerShared, peerDistinct };
}

/** Cache on against cache off, at the subgraph that caches; the two answers must be the same. */
export async function measureCache(bench: BenchSystem, measureOne: Measure, storeId: string, adminToken: string): Promise<BenchResult['cache']> {
  const now = new Date();
  const scenarios = [
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
  for (const s of scenarios) {
    const request = { query: s.query, variables: s.variables, token: adminToken, signed: true };
    const cachedUrl = subgraphUrl(s.subgraph, bench.envConfig);
    const uncachedUrl = `${bench.uncached[s.subgraph].baseUrl}/graphql`;
    if (JSON.stringify(await graphql({ url: cachedUrl, ...request })) !== JSON.stringify(await graphql({ url: uncachedUrl, ...request }))) {
      throw new Error(`${s.scenario}: cached and uncached answers differ`);
    }
    cache.push({ scenario: s.scenario, cached: await measureOne(`${s.scenario}, cached`, { url: cachedUrl, ...request }), uncached: await measureOne(`${s.scenario}, uncached`, { url: uncachedUrl, ...request }) });
  }
  return cache;
}
