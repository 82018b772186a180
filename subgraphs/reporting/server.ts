import { config } from '../../platform/config/config.js';
import { serveSubgraph } from '../../platform/server/subgraph-server.js';
import { createReportingSubgraph } from './reporting-subgraph.js';

await serveSubgraph(createReportingSubgraph({ config: config() }));
