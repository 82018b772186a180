import { afterAll } from 'vitest';
import path from 'node:path';
import { spawnService, waitUntilReady, type ServiceProcess } from '../../../tools/launcher/service-process.js';
import { freePort } from '../../../test/support/postgres-server.js';
import { subgraphDefinition } from '../../../contracts/subgraphs.js';

/**
 * Real subgraph processes for the sales integration tests (the saga needs
 * catalog and inventory as they run in production). Nothing here reads the
 * configuration, so a test file can start its peers and point
 * CATALOG_URL / INVENTORY_URL at them before any sales module loads it.
 */

const root = path.resolve(import.meta.dirname, '../../..');

export interface RunningService extends ServiceProcess {
  graphqlUrl: string;
}

/** Starts `subgraphs/<name>/server.ts` on a free port against the test file's database and waits for /ready. */
export async function startService(name: 'catalog' | 'inventory' | 'sales', env: NodeJS.ProcessEnv = {}, port?: number): Promise<RunningService> {
  const chosen = port ?? (await freePort());
  const { portKey, entry } = subgraphDefinition(name);
  const service = spawnService(
    name,
    path.join(root, entry),
    { ...process.env, SEED_DEMO_DATA: 'true', LOG_LEVEL: process.env.SALES_TEST_LOG_LEVEL ?? 'warn', ...env, [portKey]: String(chosen), HOST: '127.0.0.1' },
    `http://127.0.0.1:${chosen}`,
  );
  try {
    await waitUntilReady(service, 60_000);
  } catch (error) {
    await service.stop('SIGKILL');
    throw error;
  }
  return { ...service, graphqlUrl: `${service.baseUrl}/graphql` };
}

export interface SalesPeers {
  /** Replace with the new process when a test restarts one, so that stop() stops it. */
  catalog: RunningService;
  inventory: RunningService;
  stop(): Promise<void>;
}

/**
 * Catalog and inventory with the demo data, and this process's
 * CATALOG_URL / INVENTORY_URL pointing at them. Call before importing
 * anything that reads the configuration.
 */
export async function startSalesPeers(): Promise<SalesPeers> {
  if (!process.env.DATABASE_URL) throw new Error('DATABASE_URL must be set (the int test setup does it)');
  const [catalog, inventory] = await Promise.all([startService('catalog'), startService('inventory')]);
  process.env.CATALOG_URL = catalog.graphqlUrl;
  process.env.INVENTORY_URL = inventory.graphqlUrl;
  const peers: SalesPeers = {
    catalog,
    inventory,
    // Reads the fields, so a peer a test restarted (and put back here) is the one stopped.
    stop: async () => {
      await Promise.all([peers.catalog.stop(), peers.inventory.stop()]);
    },
  };
  return peers;
}

/**
 * What the saga tests run against: catalog and inventory as processes,
 * then sales in this process, started once the peers have set CATALOG_URL
 * and INVENTORY_URL (its modules are loaded only then, as they read the
 * configuration); all stopped after the file's tests.
 */
export async function startSalesWithPeers() {
  const peers = await startSalesPeers();
  const { startInProcessSales } = await import('./in-process-sales.js');
  const { disconnectSalesDb } = await import('../data-access/sales-database.js');
  const sales = await startInProcessSales();
  afterAll(async () => {
    await sales.shutdown();
    await disconnectSalesDb();
    await peers.stop();
  });
  return { peers, sales };
}
