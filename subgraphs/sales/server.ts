import { config } from '../../platform/config/config.js';
import { serveSubgraph } from '../../platform/server/subgraph-server.js';
import { createSalesSubgraph } from './sales-subgraph.js';

await serveSubgraph(createSalesSubgraph({ config: config() }));
