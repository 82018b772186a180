import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { demoProducts, demoStores } from '../../demo/demo-dataset.js';
import { config, type Config } from '../../platform/config/config.js';
import { measureCache, measurer, measureStockQuery, PEER_WORKERS, type BenchMemory } from './bench-measures.js';
import { BENCH_GROUPS, NOT_SELECTED, ratiosOf, renderChart, renderMarkdown, type BenchGroup, type BenchResult } from './bench-report.js';
import { createBenchRun } from './bench-run.js';
import { ROUTER_REPLICAS, startBenchSystem, startCachedRouters, waitForDemoHistory } from './bench-system.js';
import { graphql, type LoadSettings } from './load.js';
import { describeMachine } from './machine.js';
import { PeakRss } from './peak-rss.js';
import type { Watched } from './process-cpu.js';
import { ensurePeerInstalled } from './peer-gateway.js';
import { measureOpenModel } from './open-model-measure.js';
import { measureWritePath, type WritePathResult } from './write-path.js';

/**
 * `npm run bench [-- --duration 8 --warmup 2 --connections 16 --no-peer
 * --only stock,response-cache,open-model,subgraph-cache,writes
 * --open-rate 1000 --open-duration 30]` (`--help`):
 * one run on one machine, every figure compared only within it. It starts
 * the system on a fresh database with the demo data (bench-system.ts), then
 * measures with autocannon:
 * - the store-stock query: inventory's own part directly, through one
 *   router, through Nginx and both routers, through Hive Gateway (one worker,
 *   like one router; loadtest/peer, installed on first use, skipped when it
 *   cannot be);
 * - the same through a router with its response cache on and through Hive
 *   Gateway with its own response cache (with REDIS_URL; group response-cache);
 * - the classic mix in an open model (constant arrival rate, --open-rate
 *   for --open-duration s) through Nginx and two routers with the response
 *   cache on (with REDIS_URL; group open-model);
 * - cached against uncached stock and report queries at the subgraph;
 * - recordSale through the router from concurrent tills, then the books
 *   (no negative stock, initial = remaining + sold), and the same through a
 *   router with the response cache on (with REDIS_URL);
 * - every process's peak resident memory.
 * It writes loadtest/results/bench.{md,json,svg} (or --out).
 */
const root = path.resolve(import.meta.dirname, '../..');

const usage = `usage: npm run bench [-- options]
  --duration S        seconds measured per row (default 8)
  --warmup S          seconds of the same load before each row, not counted (default 2)
  --connections N     autocannon connections of the closed-model rows (default 16)
  --no-peer           leave Hive Gateway out
  --only G,G          only these groups of rows (default all): ${BENCH_GROUPS.join(', ')}
                        stock           store-stock query: inventory directly, router, Nginx + routers, Hive Gateway
                        response-cache  store-stock through a router with the response cache on, and Hive Gateway with its own (+ the direct and router rows its ratios divide by)
                        open-model      the classic mix at a constant arrival rate through Nginx + 2 routers, response cache on
                        subgraph-cache  cached / uncached queries at the subgraphs
                        writes          recordSale through the router, response cache off and on
  --open-rate N       open model: requests offered per second (default 1000)
  --open-duration S   open model: seconds measured (default 30; --warmup before, not counted)
  --out DIR           where bench.{md,json,svg} go (default loadtest/results)
The response cache rows need REDIS_URL (with DATABASE_URL for a PostgreSQL server), e.g. only the response cache's and the open model's rows:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres REDIS_URL=redis://127.0.0.1:6379 npm run bench -- --only response-cache,open-model,writes`;

function parseGroups(only: string | undefined): Set<BenchGroup> {
  if (!only) return new Set(BENCH_GROUPS);
  const groups = only.split(',').filter(Boolean);
  const unknown = groups.filter((g) => !(BENCH_GROUPS as readonly string[]).includes(g));
  if (unknown.length || groups.length === 0) throw new Error(`--only ${only}: unknown group ${unknown.join(', ')} (one of ${BENCH_GROUPS.join(', ')})`);
  return new Set(groups as BenchGroup[]);
}

function parseBenchArgs() {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string', default: '8' },
      warmup: { type: 'string', default: '2' },
      connections: { type: 'string', default: '16' },
      out: { type: 'string', default: 'loadtest/results' },
      'no-peer': { type: 'boolean', default: false },
      only: { type: 'string' },
      'open-rate': { type: 'string', default: '1000' },
      'open-duration': { type: 'string', default: '30' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(usage);
    process.exit(0);
  }
  const settings: LoadSettings = { duration: Number(values.duration), warmup: Number(values.warmup), connections: Number(values.connections) };
  const groups = parseGroups(values.only);
  const openModel = { rate: Number(values['open-rate']), seconds: Number(values['open-duration']) };
  if (!(openModel.rate > 0 && openModel.seconds > 0)) throw new Error('--open-rate and --open-duration: positive numbers');
  const wantsPeer = groups.has('stock') || groups.has('response-cache');
  const peer = values['no-peer'] || !wantsPeer ? { installed: false as const, reason: 'not run (--no-peer)' } : ensurePeerInstalled();
  return { settings, groups, openModel, only: values.only !== undefined, outDir: path.resolve(root, values.out!), peer };
}

/** The command as typed, with the services it ran against (credentials left out). */
function commandLine(c: Config): string {
  const hidePassword = (url: string) => Object.assign(new URL(url), { password: '' }).toString().replace(/:@/, '@');
  const env = [c.DATABASE_URL && `DATABASE_URL=${hidePassword(c.DATABASE_URL)}`, c.REDIS_URL && `REDIS_URL=${hidePassword(c.REDIS_URL)}`].filter(Boolean);
  const rest = process.argv.slice(2);
  return [...env, 'npm run bench', ...(rest.length ? ['--', ...rest] : [])].join(' ');
}

async function login(routerUrl: string, email: string, password: string): Promise<string> {
  return (await graphql<{ login: { token: string } }>({ url: routerUrl, query: `mutation { login(email: "${email}", password: "${password}") { token } }` })).login.token;
}

function writeResults(result: BenchResult, outDir: string): void {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'bench.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'bench.md'), renderMarkdown(result));
  writeFileSync(path.join(outDir, 'bench.svg'), renderChart(result));
  console.log(`\nbench: ${result.command}`);
  console.table(result.ratios.map((r) => ({ measure: r.name, value: r.value, target: r.target, met: r.met })));
  console.log(`bench: results in ${path.relative(root, outDir)}/bench.{md,json,svg}`);
}

const notSelected = (label: string) => ({ label, skipped: NOT_SELECTED });

async function bench(): Promise<void> {
  const c = config();
  const { settings, groups, openModel, only, outDir, peer } = parseBenchArgs();
  const command = commandLine(c);
  const machine = describeMachine();
  const run = createBenchRun(root);
  try {
    const system = await startBenchSystem(run, c, root);
    const routerUrl = system.system.routerUrls[0]!;
    const adminToken = await login(routerUrl, 'admin@retail.test', 'admin');
    const clerkToken = await login(routerUrl, 'clerk1@retail.test', 'clerk1');
    await waitForDemoHistory(routerUrl, adminToken);
    const needsCachedRouters = groups.has('response-cache') || groups.has('open-model') || groups.has('writes');
    const cached = needsCachedRouters ? await startCachedRouters(run, system, root) : undefined;

    const cachedProcesses: Watched[] = (cached?.routers ?? []).map((r) => ({ name: r.name, pid: r.child.pid }));
    const watched: Watched[] = [...system.system.services, ...Object.values(system.uncached)].map((s) => ({ name: s.name, pid: s.child.pid }));
    const allWatched = [...watched, ...cachedProcesses];
    let alsoWatched: Watched | undefined;
    const rss = new PeakRss();
    rss.start(() => (alsoWatched ? [...allWatched, alsoWatched] : allWatched));
    run.onCleanup(async () => rss.stop());
    const memory: BenchMemory = { watchAlso: (p) => (alsoWatched = p), readLifetime: (ps) => rss.readLifetime(ps) };
    const measureOne = measurer(settings, watched);

    const storeId = demoStores[0]!.id;
    const stockQuery = await measureStockQuery({ bench: system, run, measureOne, rss: memory, peer, storeId, adminToken, groups, cached });
    const openModelRow = groups.has('open-model') ? await measureOpenModel(cached, { ...openModel, warmup: settings.warmup }, allWatched) : undefined;
    const cache = groups.has('subgraph-cache') ? await measureCache(system, measureOne, storeId, adminToken) : [];
    const writeOptions = { databaseUrl: system.databaseUrl, storeId, productIds: demoProducts.slice(60, 64).map((p) => p.id), clerkToken, adminToken, settings };
    const writes = groups.has('writes') ? await measureWrites('recordSale through the router', { ...writeOptions, routerUrl, watched }) : notSelected('recordSale through the router');
    const writesCached = !groups.has('writes')
      ? undefined
      : cached
        ? await measureWrites('recordSale through a router with the response cache on', { ...writeOptions, routerUrl: `${cached.routers[0]!.baseUrl}/graphql`, watched: allWatched })
        : { label: 'recordSale through a router with the response cache on', skipped: 'needs REDIS_URL (the response cache is off without Redis)' };
    rss.stop();
    rss.readLifetime(allWatched);

    const partial: Omit<BenchResult, 'ratios'> = {
      at: new Date().toISOString(),
      command,
      machine,
      settings: { ...settings, routerReplicas: ROUTER_REPLICAS, peerWorkers: PEER_WORKERS, ...(only ? { groups: [...groups] } : {}), ...(groups.has('open-model') ? { openModel } : {}) },
      services: { database: system.database, cacheAndEvents: system.cacheAndEvents },
      stockQuery,
      ...(openModelRow ? { openModel: openModelRow } : {}),
      cache,
      writes,
      ...(writesCached ? { writesCached } : {}),
      memoryMiB: rss.all(),
    };
    writeResults({ ...partial, ratios: ratiosOf(partial) }, outDir);
  } finally {
    await run.cleanup();
  }
}

/** recordSale from concurrent tills, printed as it goes. */
async function measureWrites(label: string, options: Parameters<typeof measureWritePath>[0]): Promise<WritePathResult> {
  process.stdout.write(`bench: ${label} … `);
  const writes = await measureWritePath(options);
  console.log(`${Math.round(writes.salesPerSecond)} sales/s, oversold: ${writes.oversold ? writes.checks.join('; ') : 'no'}`);
  return writes;
}

await bench();
