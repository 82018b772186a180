import { config } from '../../platform/config/config.js';
import { createEventBus } from '../../platform/events/create-event-bus.js';
import { startOutboxRelay } from '../../platform/events/outbox-relay.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { createContext } from './context.js';
import { inventoryOutboxStore } from './data-access/outbox.repository.js';
import { disconnectInventoryDb, inventoryDb } from './data-access/inventory-database.js';
import { closeStockCache } from './data-access/stock-cache.js';
import { startReservationExpiryJob } from './domain/release-expired-reservations.use-case.js';
import { seedDemoInventory } from './domain/seed-demo-inventory.use-case.js';
import { resolvers } from './resolvers.js';

const logger = createLogger('inventory');
if (config().SEED_DEMO_DATA && (await seedDemoInventory())) logger.info('seeded demo inventory');

// Held reservations of sagas that never committed nor released go back on the shelf.
const expiryJob = startReservationExpiryJob({ intervalMs: config().SAGA_RECOVERY_INTERVAL_MS, logger });

// Publishes StockChanged / Replenishment… events from the outbox to the event bus.
const bus = createEventBus();
const relay = startOutboxRelay({ source: 'inventory', store: inventoryOutboxStore(), bus, intervalMs: config().OUTBOX_POLL_INTERVAL_MS, logger });

await startSubgraphServer({
  name: 'inventory',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createContext,
  readiness: async () => (await inventoryDb().$queryRaw`SELECT 1`, true),
  onShutdown: async () => {
    await expiryJob.stop();
    await relay.stop();
    await bus.close();
    await closeStockCache();
    await disconnectInventoryDb();
  },
});
