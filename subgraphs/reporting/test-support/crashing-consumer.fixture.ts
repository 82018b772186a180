import { RedisEventBus } from '../../../platform/events/redis-event-bus.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { startReportingConsumer } from '../domain/consume-events.use-case.js';
import { settings } from './settings.js';

/**
 * Test fixture: a reporting consumer that dies (SIGKILL) right after it has
 * applied its Nth event and before acknowledging it, as a crashed process
 * would. Arguments: Redis URL, key prefix, consumer name, N.
 */
const [url, keyPrefix, consumer, crashAfter] = process.argv.slice(2) as [string, string, string, string];
let handled = 0;
const bus = new RedisEventBus({ url, keyPrefix });
startReportingConsumer({
  bus,
  consumer,
  logger: createLogger('crashing-consumer'),
  settings,
  afterHandle: () => {
    if (++handled === Number(crashAfter)) process.kill(process.pid, 'SIGKILL');
  },
});
