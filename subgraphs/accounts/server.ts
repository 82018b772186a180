import { config } from '../../platform/config/config.js';
import { serveSubgraph } from '../../platform/server/subgraph-server.js';
import { createAccountsSubgraph } from './accounts-subgraph.js';

await serveSubgraph(createAccountsSubgraph({ config: config() }));
