import { config } from '../../platform/config/config.js';
import { createEventBus } from '../../platform/events/create-event-bus.js';
import { startOutboxRelay } from '../../platform/events/outbox-relay.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { createContext } from './context.js';
import { salesOutboxStore } from './data-access/outbox.repository.js';
import { disconnectSalesDb, salesDb } from './data-access/sales-database.js';
import { startSagaRecovery } from './domain/recover-sagas.use-case.js';
import { seedDemoSales } from './domain/seed-demo-sales.use-case.js';
import { resolvers } from './resolvers.js';

if (config().SEED_DEMO_DATA && (await seedDemoSales())) createLogger('sales').info('seeded demo sales history');

// Finishes or rolls back sagas a stopped process left behind, now and periodically.
const recovery = startSagaRecovery();

// Publishes SaleRecorded / SaleReturned from the outbox to the event bus.
const bus = createEventBus();
const relay = startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: config().OUTBOX_POLL_INTERVAL_MS, logger: createLogger('sales') });

await startSubgraphServer({
  name: 'sales',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createContext,
  readiness: async () => (await salesDb().$queryRaw`SELECT 1`, true),
  onShutdown: async () => {
    await recovery.stop();
    await relay.stop();
    await bus.close();
    await disconnectSalesDb();
  },
});
