import type { Config } from '../../platform/config/config.js';
import { prepareDatabase } from '../../platform/db/prepare-database.js';
import { createEventBus } from '../../platform/events/create-event-bus.js';
import { startOutboxRelay } from '../../platform/events/outbox-relay.js';
import { createLogger } from '../../platform/logging/logger.js';
import type { ComposedSubgraph } from '../../platform/server/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { inventoryOutboxStore } from './data-access/outbox.repository.js';
import { disconnectInventoryDb, inventoryDb } from './data-access/inventory-database.js';
import { closeStockCache } from './data-access/stock-cache.js';
import { inventorySettings } from './domain/inventory-settings.js';
import { startStockHistogramMergeJob } from './domain/merge-stock-histogram.use-case.js';
import { startReservationExpiryJob } from './domain/release-expired-reservations.use-case.js';
import { seedDemoInventory } from './domain/seed-demo-inventory.use-case.js';
import { resolvers } from './resolvers.js';

export interface InventoryDeps {
  config: Config;
}

/** The inventory subgraph composed from the configuration. */
export function createInventorySubgraph({ config }: InventoryDeps): ComposedSubgraph<Context> {
  const settings = inventorySettings(config);
  const logger = createLogger('inventory');
  const stops: Array<() => Promise<void>> = [];
  return {
    prepare: () => prepareDatabase('inventory', seedDemoInventory),
    startBackground() {
      // Held reservations of sagas that never committed nor released go back on the shelf.
      const expiryJob = startReservationExpiryJob({ intervalMs: settings.jobIntervalMs, logger });
      // Stock writes append to the stock histogram (remaining stock, stock-out and overstock counts); this folds it.
      const histogramJob = startStockHistogramMergeJob({ intervalMs: settings.jobIntervalMs, logger });
      // Publishes StockChanged / Replenishment… events from the outbox to the event bus.
      const bus = createEventBus();
      const relay = startOutboxRelay({ source: 'inventory', store: inventoryOutboxStore(), bus, intervalMs: settings.outboxPollIntervalMs, logger });
      stops.push(() => expiryJob.stop(), () => histogramJob.stop(), () => relay.stop(), () => bus.close());
    },
    server: {
      name: 'inventory',
      config,
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers,
      createContext: (base) => createContext(base, settings),
      readiness: async () => (await inventoryDb().$queryRaw`SELECT 1`, true),
      onShutdown: async () => {
        for (const stop of stops) await stop();
        await closeStockCache();
        await disconnectInventoryDb();
      },
    },
  };
}
