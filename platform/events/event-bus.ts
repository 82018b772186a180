import type { DomainEvent } from '../../contracts/domain-events.js';

/** One entry of a stream as a consumer sees it. */
export interface BusMessage {
  stream: string;
  /** Entry id, increasing within a stream ("<ms>-<seq>", as in Redis Streams). */
  id: string;
  event: DomainEvent;
}

export interface GroupReadOptions {
  /** At most this many entries per stream. */
  count?: number;
  /** Wait up to this long for new entries when there are none (0 = do not wait). */
  blockMs?: number;
}

export interface ClaimOptions {
  /** Only entries delivered to another consumer at least this long ago without an ack. */
  minIdleMs: number;
  count?: number;
}

/**
 * Append-only event streams with consumer groups (the semantics of Redis
 * Streams): a group delivers each entry to one of its consumers, the entry
 * stays pending until acknowledged, and entries left pending by a consumer
 * that died can be claimed by another. Delivery is at least once; consumers
 * deduplicate by event id.
 */
export interface EventBus {
  readonly kind: 'redis' | 'memory' | 'ipc';
  /** Whether the streams outlive the processes (Redis) or vanish with the host process (in-process). */
  readonly durable: boolean;

  /** Appends events in order; resolves with their entry ids once the stream holds them. */
  append(stream: string, events: readonly DomainEvent[]): Promise<string[]>;

  /** Creates the group (and the stream) if missing, positioned at the start of the stream; idempotent. */
  ensureGroup(stream: string, group: string): Promise<void>;

  /**
   * Entries never delivered to the group, from any of the streams, now
   * pending for this consumer; waits up to blockMs when there are none.
   */
  readGroup(group: string, consumer: string, streams: readonly string[], options?: GroupReadOptions): Promise<BusMessage[]>;

  /** Entries delivered to this consumer and not yet acknowledged (after a restart under the same name). */
  readPending(group: string, consumer: string, streams: readonly string[], options?: { count?: number }): Promise<BusMessage[]>;

  /** Acknowledges entries: they are no longer pending. Returns how many were pending. */
  ack(stream: string, group: string, ids: readonly string[]): Promise<number>;

  /** Takes over entries pending at other consumers for at least minIdleMs; they become this consumer's. */
  claimIdle(stream: string, group: string, consumer: string, options: ClaimOptions): Promise<BusMessage[]>;

  /** How many entries of the group are delivered but not acknowledged. */
  pendingCount(stream: string, group: string): Promise<number>;

  /** Entries after `after` (exclusive; from the start when absent), in order: replays and rebuilds. */
  read(stream: string, options?: { after?: string; count?: number }): Promise<BusMessage[]>;

  close(): Promise<void>;
}

/** Compares two entry ids ("<ms>-<seq>") numerically. */
export function compareEntryIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am !== bm ? am - bm : as - bs;
}
