import type { HttpService } from '../../../platform/server/http-service.js';
import { startSubgraphServer } from '../../../platform/server/subgraph-server.js';
import { createContext } from '../context.js';
import { salesDb } from '../data-access/sales-database.js';
import { resolvers } from '../resolvers.js';

/** The sales subgraph served from this test process (no recovery loop, no seed), on a free port. */
export async function startInProcessSales(): Promise<HttpService & { graphqlUrl: string }> {
  const service = await startSubgraphServer({
    name: 'sales',
    schemaFile: new URL('../schema.graphql', import.meta.url),
    resolvers,
    createContext,
    readiness: async () => (await salesDb().$queryRaw`SELECT 1`, true),
    host: '127.0.0.1',
    port: 0,
  });
  return { ...service, graphqlUrl: `${service.url}/graphql` };
}
