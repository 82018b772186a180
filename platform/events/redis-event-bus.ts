import { Redis } from 'ioredis';
import { traceRedis } from '../tracing/redis-tracing.js';
import type { DomainEvent } from '../../contracts/domain-events.js';
import type { BusMessage, ClaimOptions, EventBus, GroupReadOptions } from './event-bus.js';

type RawEntry = [id: string, fields: string[] | null];

function decode(stream: string, [id, fields]: RawEntry): BusMessage | null {
  if (!fields) return null; // deleted entry
  const at = fields.indexOf('event');
  if (at < 0 || at + 1 >= fields.length) return null;
  return { stream, id, event: JSON.parse(fields[at + 1]!) as DomainEvent };
}

export interface RedisEventBusOptions {
  url: string;
  /** Prefix of every key (streams): one application, or one test run, per prefix. */
  keyPrefix?: string;
}

/**
 * Event streams in Redis Streams: XADD, consumer groups (XGROUP CREATE …
 * MKSTREAM from 0), XREADGROUP, XACK, XAUTOCLAIM, XRANGE. Blocking reads use
 * their own connection so they never hold up appends and acks.
 */
export class RedisEventBus implements EventBus {
  readonly kind = 'redis' as const;
  readonly durable = true;
  private readonly redis: Redis;
  private blocking: Redis | undefined;
  private readonly prefix: string;

  constructor(options: RedisEventBusOptions) {
    this.prefix = options.keyPrefix ?? '';
    this.redis = new Redis(options.url, { protocol: 2, maxRetriesPerRequest: 2, connectTimeout: 5_000 });
    this.redis.on('error', () => undefined); // reconnects by itself; failed commands reject
    traceRedis(this.redis, 'events');
  }

  private key(stream: string): string {
    return `${this.prefix}${stream}`;
  }

  private unkey(key: string): string {
    return key.startsWith(this.prefix) ? key.slice(this.prefix.length) : key;
  }

  private blockingConnection(): Redis {
    if (!this.blocking) {
      this.blocking = this.redis.duplicate();
      this.blocking.on('error', () => undefined);
    }
    return this.blocking;
  }

  async append(stream: string, events: readonly DomainEvent[]): Promise<string[]> {
    if (events.length === 0) return [];
    const pipeline = this.redis.multi();
    for (const event of events) pipeline.xadd(this.key(stream), '*', 'type', event.type, 'eventId', event.id, 'event', JSON.stringify(event));
    const results = await pipeline.exec();
    if (!results) throw new Error('Redis transaction was aborted');
    return results.map(([error, id]) => {
      if (error) throw error;
      return id as string;
    });
  }

  async ensureGroup(stream: string, group: string): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.key(stream), group, '0', 'MKSTREAM');
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('BUSYGROUP')) throw error;
    }
  }

  private async xreadgroup(connection: Redis, group: string, consumer: string, streams: readonly string[], ids: string[], count: number, blockMs?: number): Promise<BusMessage[]> {
    const args: Array<string | number> = ['GROUP', group, consumer, 'COUNT', count];
    if (blockMs !== undefined && blockMs > 0) args.push('BLOCK', blockMs);
    args.push('STREAMS', ...streams.map((s) => this.key(s)), ...ids);
    const reply = (await connection.call('XREADGROUP', ...args)) as Array<[string, RawEntry[]]> | null;
    const messages: BusMessage[] = [];
    for (const [key, entries] of reply ?? []) {
      for (const entry of entries) {
        const message = decode(this.unkey(key), entry);
        if (message) messages.push(message);
      }
    }
    return messages;
  }

  async readGroup(group: string, consumer: string, streams: readonly string[], options: GroupReadOptions = {}): Promise<BusMessage[]> {
    const blocking = (options.blockMs ?? 0) > 0;
    return this.xreadgroup(blocking ? this.blockingConnection() : this.redis, group, consumer, streams, streams.map(() => '>'), options.count ?? 100, options.blockMs);
  }

  async readPending(group: string, consumer: string, streams: readonly string[], options: { count?: number } = {}): Promise<BusMessage[]> {
    return this.xreadgroup(this.redis, group, consumer, streams, streams.map(() => '0'), options.count ?? 100);
  }

  async ack(stream: string, group: string, ids: readonly string[]): Promise<number> {
    if (ids.length === 0) return 0;
    return this.redis.xack(this.key(stream), group, ...ids);
  }

  async claimIdle(stream: string, group: string, consumer: string, options: ClaimOptions): Promise<BusMessage[]> {
    const wanted = options.count ?? 100;
    const messages: BusMessage[] = [];
    let cursor = '0-0';
    do {
      const reply = (await this.redis.call('XAUTOCLAIM', this.key(stream), group, consumer, options.minIdleMs, cursor, 'COUNT', wanted - messages.length)) as [string, RawEntry[], string[]?];
      cursor = reply[0];
      for (const entry of reply[1]) {
        const message = decode(stream, entry);
        if (message) messages.push(message);
      }
    } while (cursor !== '0-0' && messages.length < wanted);
    return messages;
  }

  async pendingCount(stream: string, group: string): Promise<number> {
    const reply = (await this.redis.call('XPENDING', this.key(stream), group)) as [number, ...unknown[]];
    return Number(reply[0]);
  }

  async read(stream: string, options: { after?: string; count?: number } = {}): Promise<BusMessage[]> {
    const start = options.after ? `(${options.after}` : '-';
    const entries = (await this.redis.xrange(this.key(stream), start, '+', 'COUNT', options.count ?? 1000)) as RawEntry[];
    return entries.map((e) => decode(stream, e)).filter((m): m is BusMessage => m !== null);
  }

  async close(): Promise<void> {
    this.blocking?.disconnect();
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
