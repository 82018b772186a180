import { config, type Config } from '../config/config.js';
import type { EventBus } from './event-bus.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';
import { IpcEventBus } from './ipc-event-bus.js';
import { RedisEventBus } from './redis-event-bus.js';
import { connectEventBusSocket } from './socket-channel.js';

/** The transport configuration asks for (see EVENT_BUS in the configuration table). */
export function eventBusKind(c: Config = config()): 'redis' | 'memory' | 'ipc' {
  return c.EVENT_BUS ?? (c.REDIS_URL ? 'redis' : 'memory');
}

const shared = globalThis as { __retailInMemoryEventBus?: InMemoryEventBus };

/** The one in-process bus of this process (relays and consumers living in the same process share it). */
export function processEventBus(): InMemoryEventBus {
  shared.__retailInMemoryEventBus ??= new InMemoryEventBus();
  return shared.__retailInMemoryEventBus;
}

/**
 * The event bus of this process: Redis Streams with REDIS_URL; otherwise
 * the launcher's in-process bus over IPC, or this process's own.
 */
export function createEventBus(c: Config = config()): EventBus {
  switch (eventBusKind(c)) {
    case 'redis':
      if (!c.REDIS_URL) throw new Error('EVENT_BUS=redis needs REDIS_URL');
      return new RedisEventBus({ url: c.REDIS_URL, keyPrefix: c.REDIS_KEY_PREFIX });
    case 'ipc':
      // The launcher's bus over its socket, or over the Node IPC channel of a forked process.
      if (c.EVENT_BUS_SOCKET) return new IpcEventBus(connectEventBusSocket(c.EVENT_BUS_SOCKET));
      return new IpcEventBus(process);
    case 'memory':
      return withoutClose(processEventBus());
  }
}

/** The shared bus as one user sees it: closing it leaves it open for the others. */
function withoutClose(bus: EventBus): EventBus {
  return {
    kind: bus.kind,
    durable: bus.durable,
    append: bus.append.bind(bus),
    ensureGroup: bus.ensureGroup.bind(bus),
    readGroup: bus.readGroup.bind(bus),
    readPending: bus.readPending.bind(bus),
    ack: bus.ack.bind(bus),
    claimIdle: bus.claimIdle.bind(bus),
    pendingCount: bus.pendingCount.bind(bus),
    read: bus.read.bind(bus),
    close: async () => undefined,
  };
}
