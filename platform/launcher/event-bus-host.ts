import { loadConfig } from '../config/config.js';
import { InMemoryEventBus } from '../events/in-memory-event-bus.js';
import { serveEventBusOnSocket } from '../events/socket-channel.js';

export interface EventBusHost {
  /** Environment for the processes the launcher starts (empty when they use Redis). */
  env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

/**
 * Without REDIS_URL (and without an explicit EVENT_BUS) the launcher hosts
 * the system's event bus in its own memory and serves it on a local socket:
 * the outbox relays of sales and inventory and reporting's consumer, each in
 * its own process, share it through EVENT_BUS=ipc. It lives as long as the
 * launcher, which also stops every service; the relays publish their whole
 * outbox again when a fresh bus starts, and reporting skips what it has
 * already applied.
 */
export async function startEventBusHost(env: NodeJS.ProcessEnv): Promise<EventBusHost> {
  const c = loadConfig(env);
  if (c.REDIS_URL || c.EVENT_BUS) return { env: {}, stop: async () => undefined };
  const bus = new InMemoryEventBus();
  const server = await serveEventBusOnSocket(bus);
  return {
    env: { EVENT_BUS: 'ipc', EVENT_BUS_SOCKET: server.socketPath },
    async stop() {
      await server.close();
      await bus.close();
    },
  };
}
