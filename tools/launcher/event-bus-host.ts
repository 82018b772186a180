import { loadConfig } from '../../platform/config/config.js';
import { InMemoryEventBus } from '../../platform/events/in-memory-event-bus.js';
import { serveEventBusOnSocket } from '../../platform/events/socket-channel.js';
import { peerTimings, serveTagPeers } from '../../platform/cache/tag-peers.js';

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
 * already applied. Beside it, the relay of cache tag bumps
 * (CACHE_PEERS_SOCKET): a write in one process makes the in-process cache
 * entries of every other (the router's response cache included) stale
 * before it answers.
 */
export async function startEventBusHost(env: NodeJS.ProcessEnv): Promise<EventBusHost> {
  const c = loadConfig(env);
  if (c.REDIS_URL || c.EVENT_BUS) return { env: {}, stop: async () => undefined };
  const bus = new InMemoryEventBus();
  const server = await serveEventBusOnSocket(bus);
  // Processes too slow to apply a bump are cut off once their lease has expired (tag-peers.ts).
  const peers = await serveTagPeers(peerTimings(c.CACHE_TIMEOUT_MS));
  return {
    env: { EVENT_BUS: 'ipc', EVENT_BUS_SOCKET: server.socketPath, CACHE_PEERS_SOCKET: peers.socketPath },
    async stop() {
      await peers.close();
      await server.close();
      await bus.close();
    },
  };
}
