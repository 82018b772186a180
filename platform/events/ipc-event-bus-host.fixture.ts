import { InMemoryEventBus } from './in-memory-event-bus.js';
import { serveEventBusOverIpc } from './ipc-event-bus.js';

/** Test fixture: a process hosting an in-memory bus for its parent, as the launcher does for subgraphs. */
serveEventBusOverIpc(new InMemoryEventBus(), process);
process.send?.({ ready: true });
