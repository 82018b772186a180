import type { Config } from '../../platform/config/config.js';
import { prepareDatabase } from '../../platform/db/prepare-database.js';
import { createEventBus } from '../../platform/events/create-event-bus.js';
import { startOutboxRelay } from '../../platform/events/outbox-relay.js';
import { createLogger } from '../../platform/logging/logger.js';
import type { ComposedSubgraph } from '../../platform/server/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { salesOutboxStore } from './data-access/outbox.repository.js';
import { disconnectSalesDb, salesDb } from './data-access/sales-database.js';
import { startSagaRecovery } from './domain/recover-sagas.use-case.js';
import { salesSettings } from './domain/sales-settings.js';
import { seedDemoSales } from './domain/seed-demo-sales.use-case.js';
import { resolvers } from './resolvers.js';

export interface SalesDeps {
  config: Config;
}

/** The sales subgraph composed from the configuration. */
export function createSalesSubgraph({ config }: SalesDeps): ComposedSubgraph<Context> {
  const settings = salesSettings(config);
  const stops: Array<() => Promise<void>> = [];
  return {
    prepare: () => prepareDatabase('sales', () => seedDemoSales()),
    startBackground() {
      // Finishes or rolls back sagas a stopped process left behind, now and periodically.
      const recovery = startSagaRecovery(settings.recovery);
      // Publishes SaleRecorded / SaleReturned from the outbox to the event bus.
      const bus = createEventBus();
      const relay = startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: settings.outboxPollIntervalMs, logger: createLogger('sales') });
      stops.push(() => recovery.stop(), () => relay.stop(), () => bus.close());
    },
    server: {
      name: 'sales',
      config,
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers,
      createContext: (base) => createContext(base, settings),
      readiness: async () => (await salesDb().$queryRaw`SELECT 1`, true),
      onShutdown: async () => {
        for (const stop of stops) await stop();
        await disconnectSalesDb();
      },
    },
  };
}
