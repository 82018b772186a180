import type { DomainEvent } from '../../contracts/domain-events.js';
import { compareEntryIds, type BusMessage, type ClaimOptions, type EventBus, type GroupReadOptions } from './event-bus.js';

interface PendingEntry {
  consumer: string;
  deliveredAt: number;
}

interface Group {
  /** Index of the next entry never delivered to the group. */
  nextIndex: number;
  pending: Map<string, PendingEntry>;
}

interface Stream {
  entries: Array<{ id: string; event: DomainEvent }>;
  byId: Map<string, DomainEvent>;
  groups: Map<string, Group>;
  lastMs: number;
  lastSeq: number;
}

/**
 * Event streams held in this process's memory, with the semantics of Redis
 * Streams (see EventBus). The embedded default: the launcher hosts one and
 * the subgraph processes reach it over IPC (IpcEventBus). Not durable: the
 * streams vanish with the process, so outbox relays publish again on start.
 */
export class InMemoryEventBus implements EventBus {
  readonly kind = 'memory' as const;
  readonly durable = false;
  private readonly streams = new Map<string, Stream>();
  private waiters = new Set<() => void>();
  private closed = false;

  constructor(private readonly now: () => number = Date.now) {}

  private stream(name: string): Stream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = { entries: [], byId: new Map(), groups: new Map(), lastMs: 0, lastSeq: -1 };
      this.streams.set(name, stream);
    }
    return stream;
  }

  private group(stream: string, group: string): Group {
    const found = this.streams.get(stream)?.groups.get(group);
    if (!found) throw new Error(`NOGROUP No such consumer group '${group}' for stream '${stream}'`);
    return found;
  }

  async append(name: string, events: readonly DomainEvent[]): Promise<string[]> {
    this.assertOpen();
    const stream = this.stream(name);
    const ids = events.map((event) => {
      const ms = Math.max(this.now(), stream.lastMs);
      stream.lastSeq = ms === stream.lastMs ? stream.lastSeq + 1 : 0;
      stream.lastMs = ms;
      const id = `${ms}-${stream.lastSeq}`;
      const copy = structuredClone(event);
      stream.entries.push({ id, event: copy });
      stream.byId.set(id, copy);
      return id;
    });
    const waiters = this.waiters;
    this.waiters = new Set();
    for (const wake of waiters) wake();
    return ids;
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    this.assertOpen();
    const s = this.stream(stream);
    if (!s.groups.has(group)) s.groups.set(group, { nextIndex: 0, pending: new Map() });
  }

  async readGroup(group: string, consumer: string, streams: readonly string[], options: GroupReadOptions = {}): Promise<BusMessage[]> {
    this.assertOpen();
    const deadline = this.now() + (options.blockMs ?? 0);
    for (;;) {
      const messages = this.deliverNew(group, consumer, streams, options.count ?? 100);
      const remaining = deadline - this.now();
      if (messages.length > 0 || remaining <= 0 || this.closed) return messages;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          this.waiters.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, remaining);
        this.waiters.add(wake);
      });
    }
  }

  private deliverNew(groupName: string, consumer: string, streams: readonly string[], count: number): BusMessage[] {
    const messages: BusMessage[] = [];
    for (const name of streams) {
      const stream = this.streams.get(name);
      const group = this.group(name, groupName);
      const taken = stream!.entries.slice(group.nextIndex, group.nextIndex + count);
      group.nextIndex += taken.length;
      for (const entry of taken) {
        group.pending.set(entry.id, { consumer, deliveredAt: this.now() });
        messages.push({ stream: name, id: entry.id, event: structuredClone(entry.event) });
      }
    }
    return messages;
  }

  async readPending(groupName: string, consumer: string, streams: readonly string[], options: { count?: number } = {}): Promise<BusMessage[]> {
    this.assertOpen();
    const messages: BusMessage[] = [];
    for (const name of streams) {
      const stream = this.streams.get(name)!;
      const group = this.group(name, groupName);
      const own = [...group.pending.entries()].filter(([, p]) => p.consumer === consumer).map(([id]) => id).sort(compareEntryIds);
      for (const id of own.slice(0, options.count ?? 100)) {
        group.pending.get(id)!.deliveredAt = this.now();
        messages.push({ stream: name, id, event: structuredClone(stream.byId.get(id)!) });
      }
    }
    return messages;
  }

  async ack(stream: string, groupName: string, ids: readonly string[]): Promise<number> {
    this.assertOpen();
    const group = this.group(stream, groupName);
    let acked = 0;
    for (const id of ids) if (group.pending.delete(id)) acked++;
    return acked;
  }

  async claimIdle(name: string, groupName: string, consumer: string, options: ClaimOptions): Promise<BusMessage[]> {
    this.assertOpen();
    const stream = this.streams.get(name)!;
    const group = this.group(name, groupName);
    const now = this.now();
    const idle = [...group.pending.entries()]
      .filter(([, p]) => now - p.deliveredAt >= options.minIdleMs)
      .map(([id]) => id)
      .sort(compareEntryIds)
      .slice(0, options.count ?? 100);
    return idle.map((id) => {
      group.pending.set(id, { consumer, deliveredAt: now });
      return { stream: name, id, event: structuredClone(stream.byId.get(id)!) };
    });
  }

  async pendingCount(stream: string, group: string): Promise<number> {
    this.assertOpen();
    return this.group(stream, group).pending.size;
  }

  async read(name: string, options: { after?: string; count?: number } = {}): Promise<BusMessage[]> {
    this.assertOpen();
    const entries = this.streams.get(name)?.entries ?? [];
    const after = options.after;
    const from = after ? entries.filter((e) => compareEntryIds(e.id, after) > 0) : entries;
    return from.slice(0, options.count ?? 1000).map((e) => ({ stream: name, id: e.id, event: structuredClone(e.event) }));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const wake of this.waiters) wake();
    this.waiters.clear();
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event bus is closed');
  }
}
