import { loadConfig } from '../../../platform/config/config.js';
import type { HttpService } from '../../../platform/server/http-service.js';
import { startSubgraphServer } from '../../../platform/server/subgraph-server.js';
import { createSalesSubgraph } from '../sales-subgraph.js';

/** The sales subgraph served from this test process as server.ts composes it (no recovery loop, no seed), on a free port. */
export async function startInProcessSales(): Promise<HttpService & { graphqlUrl: string }> {
  const { server } = createSalesSubgraph({ config: loadConfig() });
  const service = await startSubgraphServer({ ...server, onShutdown: undefined, host: '127.0.0.1', port: 0 });
  return { ...service, graphqlUrl: `${service.url}/graphql` };
}
