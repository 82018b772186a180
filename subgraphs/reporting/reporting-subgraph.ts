import type { Config } from '../../platform/config/config.js';
import { prepareDatabase } from '../../platform/db/prepare-database.js';
import { createEventBus } from '../../platform/events/create-event-bus.js';
import type { EventConsumer } from '../../platform/events/event-consumer.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { createLogger } from '../../platform/logging/logger.js';
import type { ComposedSubgraph } from '../../platform/server/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { deriveMissingDailyTotals } from './data-access/daily-totals.repository.js';
import { closeReportCache } from './data-access/report-cache.js';
import { disconnectReportingDb, reportingDb } from './data-access/reporting-database.js';
import { startReportingConsumer } from './domain/consume-events.use-case.js';
import { reportingSettings } from './domain/reporting-settings.js';
import { resolvers } from './resolvers.js';

export interface ReportingDeps {
  config: Config;
}

/** The reporting subgraph composed from the configuration: its read model follows the sales and inventory streams. */
export function createReportingSubgraph({ config }: ReportingDeps): ComposedSubgraph<Context> {
  const settings = reportingSettings(config);
  const logger = createLogger('reporting');
  let background: { bus: EventBus; consumer: EventConsumer } | undefined;
  return {
    async prepare() {
      await prepareDatabase('reporting');
      // Daily totals per store and per product (report and dashboard figures) for facts applied before they existed.
      if (await deriveMissingDailyTotals(settings.timeZone)) logger.info('derived daily totals per store and product from the sales facts');
    },
    startBackground() {
      // The read model follows the sales and inventory streams (the demo history arrives through them too).
      const bus = createEventBus();
      background = { bus, consumer: startReportingConsumer({ bus, logger, settings }) };
    },
    server: {
      name: 'reporting',
      config,
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers,
      createContext: (base) => createContext(base, settings),
      readiness: async () => (await reportingDb().$queryRaw`SELECT 1`, true),
      onShutdown: async () => {
        await background?.consumer.stop();
        await background?.bus.close();
        await closeReportCache();
        await disconnectReportingDb();
      },
    },
  };
}
