import { InMemoryEventBus } from '../../platform/events/in-memory-event-bus.js';
import { serveEventBusOverIpc } from '../../platform/events/ipc-event-bus.js';
import { serveEventBusOnSocket } from '../../platform/events/socket-channel.js';

/**
 * Test fixture: a process hosting an in-memory bus, as the launcher does for
 * the subgraphs: on the given local socket, or else on its Node IPC channel.
 */
const bus = new InMemoryEventBus();
const socketPath = process.argv[2];
if (socketPath) await serveEventBusOnSocket(bus, socketPath);
else serveEventBusOverIpc(bus, process);
process.send?.({ ready: true });
