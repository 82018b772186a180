import type { DomainEvent } from '../../contracts/domain-events.js';
import type { BusMessage, ClaimOptions, EventBus, GroupReadOptions } from './event-bus.js';

/**
 * The embedded default across processes: the launcher hosts an
 * InMemoryEventBus and every subgraph process uses it through this client,
 * behind the same EventBus interface. Each call is one request message and
 * one answer on an IPC channel: a local socket (socket-channel.ts, what the
 * launcher uses) or the Node IPC channel of a forked process.
 */

/** Either end of a Node IPC channel: `process` in a child, the ChildProcess in the parent. */
export interface IpcChannel {
  send?(message: unknown): unknown;
  /** 'disconnect': the other end went away; calls in flight will never be answered. */
  on(event: 'message' | 'disconnect', listener: (message: unknown) => void): unknown;
  off(event: 'message' | 'disconnect', listener: (message: unknown) => void): unknown;
  readonly connected?: boolean;
  /** Closes a channel the bus owns (a socket); a process's own channel is left alone. */
  close?(): void;
}

const TAG = 'retail-event-bus';

type Method = 'append' | 'ensureGroup' | 'readGroup' | 'readPending' | 'ack' | 'claimIdle' | 'pendingCount' | 'read';

interface Request {
  tag: typeof TAG;
  rid: number;
  method: Method;
  args: unknown[];
}

interface Answer {
  tag: typeof TAG;
  rid: number;
  result?: unknown;
  error?: string;
}

const isRequest = (m: unknown): m is Request => typeof m === 'object' && m !== null && (m as Request).tag === TAG && 'method' in m;
const isAnswer = (m: unknown): m is Answer => typeof m === 'object' && m !== null && (m as Answer).tag === TAG && !('method' in m);

export class IpcEventBus implements EventBus {
  readonly kind = 'ipc' as const;
  readonly durable = false;
  private nextRid = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly listener = (message: unknown) => {
    if (!isAnswer(message)) return;
    const waiter = this.waiting.get(message.rid);
    if (!waiter) return;
    this.waiting.delete(message.rid);
    if (message.error !== undefined) waiter.reject(new Error(message.error));
    else waiter.resolve(message.result);
  };

  private readonly dropped = () => {
    for (const waiter of this.waiting.values()) waiter.reject(new Error('The connection to the event bus host was lost'));
    this.waiting.clear();
  };

  constructor(private readonly channel: IpcChannel = process) {
    if (!channel.send) throw new Error('IpcEventBus needs an IPC channel (a process started with one)');
    channel.on('message', this.listener);
    channel.on('disconnect', this.dropped);
  }

  private call<T>(method: Method, ...args: unknown[]): Promise<T> {
    if (this.channel.connected === false) return Promise.reject(new Error('The IPC channel to the event bus host is closed'));
    const rid = this.nextRid++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(rid, { resolve: resolve as (v: unknown) => void, reject });
      const request: Request = { tag: TAG, rid, method, args };
      try {
        this.channel.send!(request);
      } catch (error) {
        this.waiting.delete(rid);
        reject(error as Error);
      }
    });
  }

  append(stream: string, events: readonly DomainEvent[]) {
    return this.call<string[]>('append', stream, events);
  }
  ensureGroup(stream: string, group: string) {
    return this.call<void>('ensureGroup', stream, group);
  }
  readGroup(group: string, consumer: string, streams: readonly string[], options?: GroupReadOptions) {
    return this.call<BusMessage[]>('readGroup', group, consumer, streams, options);
  }
  readPending(group: string, consumer: string, streams: readonly string[], options?: { count?: number }) {
    return this.call<BusMessage[]>('readPending', group, consumer, streams, options);
  }
  ack(stream: string, group: string, ids: readonly string[]) {
    return this.call<number>('ack', stream, group, ids);
  }
  claimIdle(stream: string, group: string, consumer: string, options: ClaimOptions) {
    return this.call<BusMessage[]>('claimIdle', stream, group, consumer, options);
  }
  pendingCount(stream: string, group: string) {
    return this.call<number>('pendingCount', stream, group);
  }
  read(stream: string, options?: { after?: string; count?: number }) {
    return this.call<BusMessage[]>('read', stream, options);
  }

  async close(): Promise<void> {
    this.channel.off('message', this.listener);
    this.channel.off('disconnect', this.dropped);
    for (const waiter of this.waiting.values()) waiter.reject(new Error('The event bus is closed'));
    this.waiting.clear();
    this.channel.close?.();
  }
}

/**
 * Serves a bus to one process over its IPC channel (in the launcher: the
 * ChildProcess of each subgraph). Returns a function that stops serving.
 */
export function serveEventBusOverIpc(bus: EventBus, channel: IpcChannel): () => void {
  const listener = (message: unknown) => {
    if (!isRequest(message)) return;
    const method = bus[message.method] as (...args: unknown[]) => Promise<unknown>;
    Promise.resolve()
      .then(() => method.apply(bus, message.args.map((a) => a ?? undefined)))
      .then(
        (result) => ({ tag: TAG, rid: message.rid, result }) satisfies Answer,
        (error: unknown) => ({ tag: TAG, rid: message.rid, error: error instanceof Error ? error.message : String(error) }) satisfies Answer,
      )
      .then((answer) => {
        if (channel.connected !== false) {
          try {
            channel.send?.(answer);
          } catch {
            // the process went away while its call was running
          }
        }
      });
  };
  channel.on('message', listener);
  return () => channel.off('message', listener);
}
