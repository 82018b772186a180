import { config } from '../../platform/config/config.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { createContext } from './context.js';
import { catalogDb, disconnectCatalogDb } from './data-access/catalog-database.js';
import { closeProductCache } from './data-access/product-cache.js';
import { seedDemoCatalog } from './domain/seed-demo-catalog.use-case.js';
import { resolvers } from './resolvers.js';

if (config().SEED_DEMO_DATA && (await seedDemoCatalog())) createLogger('catalog').info('seeded demo catalog');

await startSubgraphServer({
  name: 'catalog',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createContext,
  readiness: async () => (await catalogDb().$queryRaw`SELECT 1`, true),
  onShutdown: async () => {
    await closeProductCache();
    await disconnectCatalogDb();
  },
});
