import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../../platform/config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../tools/db/embedded-postgres.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { freePort, freeServicePorts } from '../../tools/launcher/ports.js';
import { startSystem, type RunningSystem } from '../../tools/launcher/start-system.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { deleteKeys } from '../../tools/launcher/redis-key-cleanup.js';
import { adminQuery, databaseUrl, uniqueName } from '../../tools/db/scratch-database.js';

export interface LocalSystem {
  graphqlUrl: string;
  stop(): Promise<void>;
}

/** Waits until reporting has applied the demo history (it arrives as events), so reports are not empty. */
async function untilReportsFilled(graphqlUrl: string): Promise<void> {
  const post = async (query: string, variables: Record<string, unknown>, token?: string) => {
    const res = await fetch(graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    return ((await res.json()) as { data?: any }).data;
  };
  const { login } = await post('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', { e: 'admin@retail.test', p: 'admin' });
  const window = { from: new Date(Date.now() - 15 * 86_400_000).toISOString(), to: new Date().toISOString() };
  const deadline = Date.now() + 120_000;
  while ((await post('query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount } }', window, login.token).catch(() => null))?.salesReport.saleCount < 300) {
    if (Date.now() > deadline) throw new Error('reporting did not catch up with the demo history in 2 minutes');
    await sleep(500);
  }
}

/**
 * A throwaway system for `npm run load` without --base-url: every subgraph
 * and one router on free ports over a fresh database with the demo data (on
 * DATABASE_URL's server, otherwise an embedded PostgreSQL in a temporary
 * directory); Redis under a key prefix of its own with REDIS_URL, otherwise
 * the embedded default (in-process cache, launcher event bus). `stop()`
 * removes the database, the keys and the directory.
 */
export async function startLocalSystem(log: (line: string) => void): Promise<LocalSystem> {
  const c = config();
  let embedded: EmbeddedDatabase | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-load-'));
  let adminUrl = c.DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), port: await freePort() });
    adminUrl = embedded.url;
  }
  const database = uniqueName('retail_load');
  await adminQuery(adminUrl, `CREATE DATABASE "${database}"`);
  const url = databaseUrl(adminUrl, database);
  const keyPrefix = `load:${database}:`;
  const cleanup = async () => {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    if (c.REDIS_URL) await deleteKeys(c.REDIS_URL, keyPrefix);
    await embedded?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  let system: RunningSystem | undefined;
  try {
    await applyAllMigrations(url);
    log(`load: starting the system (${embedded ? 'embedded PostgreSQL' : 'DATABASE_URL server'}, ${c.REDIS_URL ? 'Redis' : 'in-process cache and event bus'}) …`);
    const env = { DATABASE_URL: url, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'true', ...(c.REDIS_URL ? { REDIS_KEY_PREFIX: keyPrefix } : {}), ...(await freeServicePorts()) };
    system = await startSystem({ subgraphs: composedSubgraphs, env, stdio: 'inherit' });
    await untilReportsFilled(system.routerUrl);
  } catch (error) {
    await system?.stop();
    await cleanup();
    throw error;
  }
  const running = system;
  return {
    graphqlUrl: running.routerUrl,
    async stop() {
      await running.stop();
      await cleanup();
    },
  };
}
