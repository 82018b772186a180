import { fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { acquireTestRedis } from '../../test/support/redis-server.js';
import { eventBusContract } from './event-bus.contract.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { IpcEventBus } from './ipc-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';
import { connectEventBusSocket, localSocketPath } from './socket-channel.js';

eventBusContract('in-process', async () => {
  const bus = new InMemoryEventBus();
  return { bus, close: () => bus.close() };
});

eventBusContract('in-process over IPC (embedded default across processes)', async () => {
  const host = fork(fileURLToPath(new URL('../../test/support/ipc-event-bus-host.fixture.ts', import.meta.url)), [], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
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

eventBusContract('in-process over a local socket (the launcher\'s bus, EVENT_BUS=ipc)', async () => {
  const socketPath = localSocketPath('contract-bus');
  const host = fork(fileURLToPath(new URL('../../test/support/ipc-event-bus-host.fixture.ts', import.meta.url)), [socketPath], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
  await once(host, 'message');
  const bus = new IpcEventBus(connectEventBusSocket(socketPath));
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

describe('the launcher bus over a local socket', () => {
  it('when the host process goes away, then a call waiting on it fails at once instead of hanging', async () => {
    const socketPath = localSocketPath('gone-bus');
    const host = fork(fileURLToPath(new URL('../../test/support/ipc-event-bus-host.fixture.ts', import.meta.url)), [socketPath], { execArgv: ['--import', 'tsx'], stdio: 'ignore' });
    await once(host, 'message');
    const bus = new IpcEventBus(connectEventBusSocket(socketPath));
    try {
      await bus.ensureGroup('s', 'g');
      const waiting = bus.readGroup('g', 'c', ['s'], { blockMs: 30_000 });
      const started = Date.now();
      host.kill('SIGKILL');
      await expect(waiting).rejects.toThrow(/lost/);
      expect(Date.now() - started).toBeLessThan(5_000);
      await expect(bus.pendingCount('s', 'g')).rejects.toThrow();
    } finally {
      await bus.close();
    }
  });
});
