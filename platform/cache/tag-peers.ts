import { EventEmitter } from 'node:events';
import net from 'node:net';
import { LineChannel, localSocketPath, serveLocalSocket, type LocalSocketServer } from '../events/socket-channel.js';
import { TagVersions } from './tag-versions.js';

/**
 * The embedded default runs each subgraph and each router in its own process,
 * each with its caches in its own memory. A write in one must make the
 * entries of every other stale before it answers, as the tag versions shared
 * in Redis do: the launcher relays tag bumps between its processes over a
 * local socket (CACHE_PEERS_SOCKET). A bump goes to every other process, and
 * the sender's bump resolves only once each has applied it.
 *
 * A process may be too slow to apply one (its event loop stuck, a long GC):
 * waiting for it forever would stop every write, answering without it would
 * let it serve what the write changed. Leases settle it: a process trusts its
 * caches only while it holds a lease the relay renews (until an instant of
 * the host's monotonic clock, which every process of one host shares). The
 * relay cuts off a process that has not applied a bump in time, stops
 * renewing its lease, and tells the writer only once that lease has expired:
 * from then on the slow process cannot serve from its caches, and after
 * reconnecting it resets them before trusting them again.
 */
type Message =
  | { t: 'bump'; id: number; tags: string[] }
  | { t: 'apply'; id: number; tags: string[] }
  | { t: 'applied'; id: number }
  | { t: 'done'; id: number }
  | { t: 'lease'; until: number };

/** How long the relay waits for an acknowledgement, how long a lease lasts, how long a writer waits for its bump. */
export interface PeerTimings {
  ackTimeoutMs: number;
  leaseMs: number;
  publishTimeoutMs: number;
}

/** Derived from CACHE_TIMEOUT_MS, the same in every process the launcher starts. */
export function peerTimings(cacheTimeoutMs: number): PeerTimings {
  const ackTimeoutMs = 10 * cacheTimeoutMs;
  const leaseMs = 10 * cacheTimeoutMs;
  // The worst case: the relay waits for the acknowledgement, then for the slow process's lease to run out.
  return { ackTimeoutMs, leaseMs, publishTimeoutMs: ackTimeoutMs + leaseMs + 5 * cacheTimeoutMs };
}

/** Milliseconds of CLOCK_MONOTONIC (libuv's hrtime): the same instant in every process of the host. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n);
}

const RECONNECT_MS = 200;

/** One process's end: publishes its bumps and applies everyone else's. */
export class TagPeers {
  private readonly events = new EventEmitter();
  private readonly waiting = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  private channel: LineChannel | undefined;
  private socket: net.Socket | undefined;
  private nextId = 1;
  private closed = false;
  private leaseUntil = 0;

  constructor(private readonly socketPath: string) {
    this.events.setMaxListeners(0);
    this.connect();
  }

  get connected(): boolean {
    return this.channel !== undefined;
  }

  /** Whether this process may serve from its caches now: connected, with a lease not yet expired. */
  get leased(): boolean {
    return this.channel !== undefined && monotonicMs() < this.leaseUntil;
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
      this.leaseUntil = 0;
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
    } else if (message.t === 'lease') {
      if (channel === this.channel) this.leaseUntil = message.until;
    } else if (message.t === 'done') {
      this.waiting.get(message.id)?.resolve();
      this.waiting.delete(message.id);
    }
  }
}

/**
 * The tag versions of one process's in-memory cache, in step with the other
 * processes when it has peers: their bumps are applied here, its own in
 * every other before bumpEverywhere() resolves.
 */
export class PeeredTagVersions extends TagVersions {
  constructor(private readonly peers?: TagPeers) {
    super();
    peers?.onBump((tags) => this.bump(tags));
  }

  async bumpEverywhere(tags: readonly string[]): Promise<void> {
    this.bump(tags);
    await this.peers?.publish(tags);
  }

  /** Throws when a bump may have been missed (peers, but no valid lease): the entries must not be read nor written. */
  assertUsable(): void {
    if (this.peers && !this.peers.leased) throw new Error('no lease from the cache peers: a bump may have been missed');
  }
}

/** A cache fed by peers may have missed bumps before it connected and whenever it was cut off: it resets itself each time. */
export function resetOnGaps(peers: TagPeers, cache: { distrust(): void }): void {
  peers.onGap(() => cache.distrust());
  if (peers.connected) cache.distrust();
}

export type TagPeersHost = LocalSocketServer;

/**
 * The launcher's relay: every bump to every other connected process,
 * answered once each has applied it, or was cut off and its lease expired.
 */
export async function serveTagPeers(options: { ackTimeoutMs: number; leaseMs: number; socketPath?: string }): Promise<TagPeersHost> {
  const socketPath = options.socketPath ?? localSocketPath('retail-cache-peers');
  const peers = new Map<net.Socket, { channel: LineChannel; leaseUntil: number }>();
  // Per forwarded bump: the processes that have not applied it yet, and what to do when none is left.
  const pending = new Map<number, { waitingFor: Set<net.Socket>; finish: () => void }>();
  let nextId = 1;

  const grant = (peer: { channel: LineChannel; leaseUntil: number }) => {
    peer.leaseUntil = monotonicMs() + options.leaseMs;
    peer.channel.send({ t: 'lease', until: peer.leaseUntil } satisfies Message);
  };
  const renewals = setInterval(() => peers.forEach(grant), Math.max(1, Math.floor(options.leaseMs / 4)));
  renewals.unref();

  const settle = (id: number, socket: net.Socket) => {
    const forward = pending.get(id);
    if (!forward) return;
    forward.waitingFor.delete(socket);
    if (forward.waitingFor.size === 0) forward.finish();
  };

  const relay = (origin: net.Socket, message: Extract<Message, { t: 'bump' }>) => {
    const id = nextId++;
    const others = [...peers.keys()].filter((s) => s !== origin);
    // Too slow to acknowledge: cut off (gone() then waits for its lease to expire).
    const timer = setTimeout(() => pending.get(id)?.waitingFor.forEach((socket) => socket.destroy()), options.ackTimeoutMs);
    const finish = () => {
      clearTimeout(timer);
      pending.delete(id);
      peers.get(origin)?.channel.send({ t: 'done', id: message.id } satisfies Message);
    };
    if (others.length === 0) return finish();
    pending.set(id, { waitingFor: new Set(others), finish });
    for (const socket of others) peers.get(socket)!.channel.send({ t: 'apply', id, tags: message.tags } satisfies Message);
  };

  // A process gone without applying: its bumps are settled once the lease it may still act on has expired.
  const gone = (socket: net.Socket, leaseUntil: number) => {
    const waitedFor = [...pending].filter(([, forward]) => forward.waitingFor.has(socket)).map(([id]) => id);
    if (waitedFor.length === 0) return;
    setTimeout(() => waitedFor.forEach((id) => settle(id, socket)), Math.max(0, leaseUntil - monotonicMs()) + 1);
  };

  const server = await serveLocalSocket(socketPath, (channel, socket) => {
    const peer = { channel, leaseUntil: 0 };
    peers.set(socket, peer);
    grant(peer);
    channel.on('message', (message: Message) => {
      if (message.t === 'bump') relay(socket, message);
      else if (message.t === 'applied') settle(message.id, socket);
    });
    return () => {
      peers.delete(socket);
      gone(socket, peer.leaseUntil);
    };
  });
  return {
    socketPath: server.socketPath,
    async close() {
      clearInterval(renewals);
      await server.close();
    },
  };
}

let shared: { socketPath: string; peers: TagPeers } | undefined;

/** This process's connection to the launcher's relay (one, shared by all its caches); none without CACHE_PEERS_SOCKET. */
export function tagPeers(socketPath: string | undefined): TagPeers | undefined {
  if (!socketPath) return undefined;
  if (shared?.socketPath !== socketPath) shared = { socketPath, peers: new TagPeers(socketPath) };
  return shared.peers;
}
