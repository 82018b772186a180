import { config } from '../../platform/config/config.js';
import { serveSubgraph } from '../../platform/server/subgraph-server.js';
import { createCatalogSubgraph } from './catalog-subgraph.js';

await serveSubgraph(createCatalogSubgraph({ config: config() }));
