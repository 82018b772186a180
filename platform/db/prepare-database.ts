import { config, databaseUrl, type SubgraphName } from '../config/config.js';
import { createLogger } from '../logging/logger.js';
import { waitForMigrations } from './migration-status.js';
import { seedOnce } from './seed-once.js';

/**
 * What a subgraph process does with its schema before it serves: waits for
 * the migrations its code ships, then (SEED_DEMO_DATA) seeds the demo data
 * into empty tables, one replica at a time.
 */
export async function prepareDatabase(schema: SubgraphName, seed?: () => Promise<boolean>): Promise<void> {
  const c = config();
  const logger = createLogger(schema);
  await waitForMigrations(databaseUrl(c), schema, logger);
  if (seed && c.SEED_DEMO_DATA && (await seedOnce(databaseUrl(c), schema, seed))) logger.info(`seeded the demo ${schema} data`);
}
