import { config } from '../../platform/config/config.js';
import { serveSubgraph } from '../../platform/server/subgraph-server.js';
import { createInventorySubgraph } from './inventory-subgraph.js';

await serveSubgraph(createInventorySubgraph({ config: config() }));
