import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { signAccessToken } from '../../platform/auth/access-token.js';
import { config } from '../../platform/config/config.js';
import { demoStores } from '../../demo/demo-dataset.js';
import { startEmbeddedPostgres } from '../../tools/db/embedded-postgres.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { deleteKeys } from '../../tools/launcher/redis-key-cleanup.js';
import { freePort, freeServicePorts } from '../../tools/launcher/ports.js';
import { startSystem } from '../../tools/launcher/start-system.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { describeMachine } from './machine.js';
import { PeakRss } from './peak-rss.js';
import { cacheOutcomes, fetchSizes, measureOperations } from './scale-measure.js';
import { scaleOperations, type ScaleSetting } from './scale-operations.js';
import { renderScaleMarkdown, type ScaleResult, type SizeResult } from './scale-report.js';
import { cpuMsOf } from './process-cpu.js';

/**
 * `npm run bench:scale [-- --stores 200 --products 20000 --days 90 --warm 10]`:
 * the table in one run. Two fresh databases on DATABASE_URL's server
 * (or an embedded PostgreSQL): the demo data, and a chain seeded by
 * `npm run seed:scale` (timed, its check included). The system runs on each
 * in turn (Redis under a key prefix of its own with REDIS_URL), and each
 * operation goes through the router once cold, then `--warm` times; CPU per
 * process and peak memory are sampled, subgraph fetch sizes read from the
 * router. Writes loadtest/results/scale.{md,json}. `--chain-url` measures an
 * already seeded chain instead (kept afterwards), for iterating.
 */
const { values: args } = parseArgs({
  options: {
    stores: { type: 'string', default: '200' },
    products: { type: 'string', default: '20000' },
    days: { type: 'string', default: '90' },
    warm: { type: 'string', default: '10' },
    'chain-url': { type: 'string' },
    out: { type: 'string', default: 'loadtest/results' },
  },
});
const root = path.resolve(import.meta.dirname, '../..');
const c = config();
const warm = Number(args.warm);
const hidePassword = (url: string) => Object.assign(new URL(url), { password: '' }).toString().replace(/:@/, '@');
const command = [c.DATABASE_URL && `DATABASE_URL=${hidePassword(c.DATABASE_URL)}`, c.REDIS_URL && `REDIS_URL=${hidePassword(c.REDIS_URL)}`, 'npm run bench:scale', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])]
  .filter(Boolean)
  .join(' ');
const machine = describeMachine();
const logDir = path.join(root, '.data', 'bench-scale', 'logs');
mkdirSync(logDir, { recursive: true });
const workDir = mkdtempSync(path.join(os.tmpdir(), 'retail-bench-scale-'));
const cleanup: Array<() => Promise<unknown>> = [async () => rmSync(workDir, { recursive: true, force: true })];
const log = (message: string) => console.log(`bench:scale: ${message}`);

/** Runs seed:scale into `databaseUrl` as a user would; its output and how long it took. */
async function seedChain(databaseUrl: string, sizeArgs: string[]): Promise<{ seconds: number; output: string }> {
  const started = performance.now();
  const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['loadtest/chain/seed-scale.ts', ...sizeArgs], { cwd: root, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' } });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk;
    process.stdout.write(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => (output += chunk));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  if (code !== 0) throw new Error(`seed:scale failed (exit ${code}):\n${output}`);
  return { seconds: (performance.now() - started) / 1000, output };
}

/** What the operations need from this database: a store, its well-stocked products, a position deep in its stock list. */
async function settingOf(databaseUrl: string, now: Date): Promise<ScaleSetting> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const storeId = demoStores[0]!.id;
    const products = await db.query<{ id: string }>(`SELECT "productId"::text AS id FROM inventory."StockLevel" WHERE "locationId" = $1 AND quantity >= 50 ORDER BY "productId" LIMIT 3`, [storeId]);
    const [deep] = (
      await db.query<{ quantity: number; productName: string; productId: string }>(
        `SELECT quantity, "productName", "productId"::text AS "productId" FROM inventory."StockLevel" WHERE "locationId" = $1
         ORDER BY "productName", "productId" OFFSET (SELECT count(*) * 3 / 4 FROM inventory."StockLevel" WHERE "locationId" = $1) LIMIT 1`,
        [storeId],
      )
    ).rows;
    return {
      adminToken: await signAccessToken({ kind: 'staff', id: 'bench-scale-admin', role: 'HQ_ADMIN', storeId: null }),
      clerkToken: await signAccessToken({ kind: 'staff', id: 'bench-scale-clerk', role: 'CLERK', storeId }),
      storeId,
      saleProductIds: products.rows.map((p) => p.id),
      deepLevel: deep!,
      now,
    };
  } finally {
    await db.end();
  }
}

async function waitForDemoHistory(routerUrl: string, token: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const query = `{ salesReport(from: "${new Date(Date.now() - 15 * 86_400_000).toISOString()}", to: "${new Date().toISOString()}") { saleCount } }`;
    const res = await fetch(routerUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) }).catch(() => null);
    const body = (await res?.json().catch(() => null)) as { data?: { salesReport: { saleCount: number } } } | null;
    if ((body?.data?.salesReport.saleCount ?? 0) > 300) return;
    if (Date.now() > deadline) throw new Error('reporting did not catch up with the demo history');
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The system on one database, every operation measured through its router. */
async function measureSize(label: string, description: string, databaseUrl: string): Promise<SizeResult> {
  const prefix = `bench-scale:${label}:${Date.now().toString(36)}:`;
  const env: NodeJS.ProcessEnv = { DATABASE_URL: databaseUrl, SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', ...(c.REDIS_URL ? { REDIS_KEY_PREFIX: prefix } : {}), ...(await freeServicePorts()) };
  const fds: number[] = [];
  const started = performance.now();
  log(`${label}: starting the system`);
  const system = await startSystem({
    subgraphs: composedSubgraphs,
    env,
    stdio: (name) => {
      const fd = openSync(path.join(logDir, `${label}-${name}.log`), 'w');
      fds.push(fd);
      return fd;
    },
    readyTimeoutMs: 300_000,
  });
  const startupSeconds = Math.round((performance.now() - started) / 100) / 10;
  try {
    const watched = system.services.map((s) => ({ name: s.name, pid: s.child.pid }));
    const rss = new PeakRss();
    rss.start(() => watched);
    const setting = await settingOf(databaseUrl, new Date());
    if (label === 'demo') await waitForDemoHistory(system.routerUrl, setting.adminToken);
    const before = new Map(watched.map((w) => [w.name, w.pid === undefined ? 0 : (cpuMsOf(w.pid) ?? 0)]));
    const operations = await measureOperations(system.routerUrl, scaleOperations, setting, watched, warm);
    const cpuMs = Object.fromEntries(watched.map((w) => [w.name, w.pid === undefined ? 0 : (cpuMsOf(w.pid) ?? 0) - before.get(w.name)!]));
    const sizes = await fetchSizes(system.routerUrl.replace(/\/graphql$/, ''));
    const cache = await cacheOutcomes(system.services);
    rss.stop();
    rss.readLifetime(watched);
    return { label, description, startupSeconds, operations, cpuMs, memoryMiB: rss.all(), fetchSizes: sizes, cache };
  } finally {
    await system.stop();
    for (const fd of fds) closeSync(fd);
    if (c.REDIS_URL) await deleteKeys(c.REDIS_URL, prefix).catch(() => undefined);
  }
}

async function fresh(adminUrl: string, name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  cleanup.push(async () => {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });
  return Object.assign(new URL(adminUrl), { pathname: `/${name}` }).toString();
}

try {
  let adminUrl = c.DATABASE_URL;
  if (!adminUrl) {
    const embedded = await startEmbeddedPostgres({ dataDir: path.join(workDir, 'pg'), port: await freePort() });
    cleanup.push(() => embedded.stop());
    adminUrl = embedded.url;
  }
  const run = Date.now().toString(36);
  const demoUrl = await fresh(adminUrl, `retail_scale_demo_${run}`);
  await applyAllMigrations(demoUrl);
  const sizeArgs = ['--stores', args.stores!, '--products', args.products!, '--days', args.days!];
  let chainUrl = args['chain-url'];
  let seed = { seconds: 0, output: 'an existing chain (--chain-url)' };
  if (!chainUrl) {
    chainUrl = await fresh(adminUrl, `retail_scale_chain_${run}`);
    log(`seeding the chain (${sizeArgs.join(' ')})`);
    seed = await seedChain(chainUrl, sizeArgs);
  }
  const counts = async (url: string) => {
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const [row] = (
      await db.query<{ stores: number; products: number; levels: number; sales: number; alerts: number }>(
        `SELECT (SELECT count(*) FROM inventory."Location" WHERE kind = 'STORE')::int AS stores, (SELECT count(*) FROM catalog."Product")::int AS products,
                (SELECT count(*) FROM inventory."StockLevel")::int AS levels, (SELECT count(*) FROM sales."Sale")::int AS sales,
                (SELECT count(*) FROM reporting."StockAlert" WHERE "resolvedAt" IS NULL)::int AS alerts`,
      )
    ).rows;
    await db.end();
    return `${row!.stores} stores, ${row!.products.toLocaleString('en')} products, ${row!.levels.toLocaleString('en')} stock levels, ${row!.sales.toLocaleString('en')} sales, ${row!.alerts.toLocaleString('en')} open stock alerts`;
  };
  const demo = await measureSize('demo', 'the demo data (5 stores, 67 products, 14 days of sales)', demoUrl);
  const chain = await measureSize('chain', await counts(chainUrl), chainUrl);
  const result: ScaleResult = {
    at: new Date().toISOString(),
    command,
    machine,
    services: `${c.DATABASE_URL ? 'PostgreSQL server (DATABASE_URL)' : 'embedded PostgreSQL'}; ${c.REDIS_URL ? 'Redis cache and streams' : 'in-process LRU caches and event bus'}`,
    warmRequests: warm,
    seed: { command: `npm run seed:scale -- ${sizeArgs.join(' ')}`, ...seed },
    targets: scaleOperations.map((o) => ({ operation: o.name, target: o.target })),
    demo,
    chain,
    budgets: { routerMiB: 300, subgraphMiB: 200, bytes: 1_000_000 },
  };
  const outDir = path.resolve(root, args.out!);
  mkdirSync(outDir, { recursive: true });
  writeFileSync(path.join(outDir, 'scale.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(path.join(outDir, 'scale.md'), renderScaleMarkdown(result));
  log(`wrote ${path.join(args.out!, 'scale.md')} and scale.json`);
} finally {
  for (const step of cleanup.splice(0).reverse()) await step().catch((error) => console.error('bench:scale cleanup:', error));
}
