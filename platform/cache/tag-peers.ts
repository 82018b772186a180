import { EventEmitter } from 'node:events';
import net from 'node:net';
import { LineChannel, localSocketPath, serveLocalSocket, type LocalSocketServer } from '../events/socket-channel.js';

/**
 * The embedded default runs each subgraph and each router in its own process,
 * each with its caches in its own memory. A write in one must make the
 * entries of every other stale before it answers, as the tag versions shared
 * in Redis do: the launcher relays tag bumps between its processes over a
 * local socket (CACHE_PEERS_SOCKET). A bump goes to every other process, and
 * the sender's bump resolves only once each has applied it; a process that
 * does not acknowledge in time is cut off, and a process cut off (or
 * connecting) distrusts its caches until it has reset their epoch.
 */
type Message =
  | { t: 'bump'; id: number; tags: string[] }
  | { t: 'apply'; id: number; tags: string[] }
  | { t: 'applied'; id: number }
  | { t: 'done'; id: number };

const RECONNECT_MS = 200;

/** One process's end: publishes its bumps and applies everyone else's. */
export class TagPeers {
  private readonly events = new EventEmitter();
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private channel: LineChannel | undefined;
  private socket: net.Socket | undefined;
  private nextId = 1;
  private closed = false;

  constructor(private readonly socketPath: string) {
    this.events.setMaxListeners(0);
    this.connect();
  }

  get connected(): boolean {
    return this.channel !== undefined;
  }

  /** Applies `tags` in every other process; rejects when not connected or cut off before all have. */
  publish(tags: readonly string[]): Promise<void> {
    const channel = this.channel;
    if (!channel) return Promise.reject(new Error('not connected to the cache peers'));
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      channel.send({ t: 'bump', id, tags: [...tags] } satisfies Message);
    });
  }

  /** Bumps published by the other processes. */
  onBump(listener: (tags: readonly string[]) => void): void {
    this.events.on('bump', listener);
  }

  /** Bumps may have been missed (connected, or the connection was lost): caches must be reset before use. */
  onGap(listener: () => void): void {
    this.events.on('gap', listener);
  }

  close(): void {
    this.closed = true;
    this.socket?.destroy();
  }

  private connect(): void {
    const socket = net.createConnection(this.socketPath);
    socket.unref();
    this.socket = socket;
    const channel = new LineChannel(socket);
    socket.once('connect', () => {
      this.channel = channel;
      this.events.emit('gap');
    });
    channel.on('message', (message: Message) => this.receive(channel, message));
    socket.once('close', () => {
      if (this.channel === channel) this.channel = undefined;
      for (const waiter of this.waiting.values()) waiter.reject(new Error('the connection to the cache peers was lost'));
      this.waiting.clear();
      this.events.emit('gap');
      if (!this.closed) setTimeout(() => this.connect(), RECONNECT_MS).unref();
    });
  }

  private receive(channel: LineChannel, message: Message): void {
    if (message.t === 'apply') {
      this.events.emit('bump', message.tags);
      channel.send({ t: 'applied', id: message.id } satisfies Message);
    } else if (message.t === 'done') {
      this.waiting.get(message.id)?.resolve();
      this.waiting.delete(message.id);
    }
  }
}

export type TagPeersHost = LocalSocketServer;

/** The launcher's relay: every bump to every other connected process, answered once all have applied it or were cut off. */
export async function serveTagPeers(options: { ackTimeoutMs: number; socketPath?: string }): Promise<TagPeersHost> {
  const socketPath = options.socketPath ?? localSocketPath('retail-cache-peers');
  const peers = new Map<net.Socket, LineChannel>();
  // Per forwarded bump: the processes that have not applied it yet, and what to do when none is left.
  const pending = new Map<number, { waitingFor: Set<net.Socket>; finish: () => void }>();
  let nextId = 1;

  const settle = (id: number, socket: net.Socket) => {
    const forward = pending.get(id);
    if (!forward) return;
    forward.waitingFor.delete(socket);
    if (forward.waitingFor.size === 0) forward.finish();
  };

  const relay = (origin: net.Socket, message: Extract<Message, { t: 'bump' }>) => {
    const id = nextId++;
    const others = [...peers.keys()].filter((s) => s !== origin);
    const timer = setTimeout(() => {
      // Too slow to acknowledge: cut off, it resets its caches when it reconnects.
      for (const socket of pending.get(id)?.waitingFor ?? []) socket.destroy();
    }, options.ackTimeoutMs);
    const finish = () => {
      clearTimeout(timer);
      pending.delete(id);
      peers.get(origin)?.send({ t: 'done', id: message.id } satisfies Message);
    };
    if (others.length === 0) return finish();
    pending.set(id, { waitingFor: new Set(others), finish });
    for (const socket of others) peers.get(socket)!.send({ t: 'apply', id, tags: message.tags } satisfies Message);
  };

  return serveLocalSocket(socketPath, (channel, socket) => {
    peers.set(socket, channel);
    channel.on('message', (message: Message) => {
      if (message.t === 'bump') relay(socket, message);
      else if (message.t === 'applied') settle(message.id, socket);
    });
    return () => {
      peers.delete(socket);
      for (const id of [...pending.keys()]) settle(id, socket);
    };
  });
}

let shared: { socketPath: string; peers: TagPeers } | undefined;

/** This process's connection to the launcher's relay (one, shared by all its caches); none without CACHE_PEERS_SOCKET. */
export function tagPeers(socketPath: string | undefined): TagPeers | undefined {
  if (!socketPath) return undefined;
  if (shared?.socketPath !== socketPath) shared = { socketPath, peers: new TagPeers(socketPath) };
  return shared.peers;
}
