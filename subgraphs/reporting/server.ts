import { createEventBus } from '../../platform/events/create-event-bus.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { createContext } from './context.js';
import { closeReportCache } from './data-access/report-cache.js';
import { disconnectReportingDb, reportingDb } from './data-access/reporting-database.js';
import { startReportingConsumer } from './domain/consume-events.use-case.js';
import { resolvers } from './resolvers.js';

const logger = createLogger('reporting');

// The read model follows the sales and inventory streams (the demo history arrives through them too).
const bus = createEventBus();
const consumer = startReportingConsumer({ bus, logger });

await startSubgraphServer({
  name: 'reporting',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createContext,
  readiness: async () => (await reportingDb().$queryRaw`SELECT 1`, true),
  onShutdown: async () => {
    await consumer.stop();
    await bus.close();
    await closeReportCache();
    await disconnectReportingDb();
  },
});
