import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { acquireTestRedis } from '../../test/support/redis-server.js';
import { eventBusContract } from './event-bus.contract.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { IpcEventBus } from './ipc-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';

eventBusContract('in-process', async () => {
  const bus = new InMemoryEventBus();
  return { bus, close: () => bus.close() };
});

eventBusContract('in-process over IPC (embedded default across processes)', async () => {
  const host = fork(fileURLToPath(new URL('./ipc-event-bus-host.fixture.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  await once(host, 'message');
  const bus = new IpcEventBus(host);
  return {
    bus,
    close: async () => {
      await bus.close();
      host.kill();
    },
  };
});

const redis = await acquireTestRedis();
if (redis) {
  eventBusContract(`Redis Streams (${redis.url})`, async () => {
    const bus = new RedisEventBus({ url: redis.url, keyPrefix: redis.keyPrefix });
    return {
      bus,
      close: async () => {
        await bus.close();
        await redis.stop();
      },
    };
  });
} else {
  console.warn('No Redis reachable (TEST_REDIS_URL, 127.0.0.1:6379, redis-server): the Redis Streams variant of the EventBus contract is not run');
}
