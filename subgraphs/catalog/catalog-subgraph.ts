import type { Config } from '../../platform/config/config.js';
import { prepareDatabase } from '../../platform/db/prepare-database.js';
import type { ComposedSubgraph } from '../../platform/server/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { catalogDb, disconnectCatalogDb } from './data-access/catalog-database.js';
import { closeProductCache } from './data-access/product-cache.js';
import { seedDemoCatalog } from './domain/seed-demo-catalog.use-case.js';
import { resolvers } from './resolvers.js';

export interface CatalogDeps {
  config: Config;
}

/** The catalog subgraph composed from the configuration. */
export function createCatalogSubgraph({ config }: CatalogDeps): ComposedSubgraph<Context> {
  return {
    prepare: () => prepareDatabase('catalog', seedDemoCatalog),
    startBackground() {},
    server: {
      name: 'catalog',
      config,
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers,
      createContext,
      readiness: async () => (await catalogDb().$queryRaw`SELECT 1`, true),
      onShutdown: async () => {
        await closeProductCache();
        await disconnectCatalogDb();
      },
    },
  };
}
