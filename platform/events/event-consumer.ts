import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import { consumerLag, eventsConsumed } from './event-metrics.js';
import type { DomainEvent } from '../../contracts/domain-events.js';
import type { BusMessage, EventBus } from './event-bus.js';

export interface EventConsumerOptions {
  bus: EventBus;
  group: string;
  /** Unique per process: entries pending under this name belong to it. */
  consumer: string;
  streams: readonly string[];
  /**
   * Applies one event. Must be idempotent by event id (delivery is at least
   * once); it has committed when it resolves, and only then is the entry acknowledged.
   */
  handle: (event: DomainEvent) => Promise<void>;
  /**
   * Applies several events at once, in their order, under the same rules
   * (all committed when it resolves). When given, what one read returns is
   * handed over in chunks of at most `chunkSize`; a chunk that fails is
   * handled again one event at a time, so one bad event holds up only itself.
   */
  handleBatch?: (events: DomainEvent[]) => Promise<void>;
  /** Largest chunk for handleBatch (default 50): bounds a transaction's size and what a crash makes redeliver. */
  chunkSize?: number;
  /** Entries pending this long at another consumer (one that died) are taken over. */
  claimIdleMs: number;
  logger: Logger;
  /** How long one read waits for new entries (also bounds how long stop() takes). */
  blockMs?: number;
  batchSize?: number;
  /** Test hook: runs after an event was handled and before it is acknowledged. */
  afterHandle?: (message: BusMessage) => void;
}

export interface EventConsumer {
  stop(): Promise<void>;
}

/**
 * Consumes streams as one member of a consumer group: first what this
 * consumer left pending (a restart under the same name), then, regularly,
 * entries a dead consumer left pending for longer than claimIdleMs, and
 * otherwise new entries (waiting for them). Each entry is handled, then
 * acknowledged; a failure leaves it pending, to be handled again.
 */
export function startEventConsumer(options: EventConsumerOptions): EventConsumer {
  const { bus, group, consumer, streams, logger } = options;
  const blockMs = options.blockMs ?? 1_000;
  const count = options.batchSize ?? 100;
  let stopped = false;

  const chunkSize = options.handleBatch ? Math.max(1, options.chunkSize ?? 50) : 1;

  const process = async (messages: BusMessage[]) => {
    const handled = new Map<string, string[]>();
    const done = (message: BusMessage) => {
      eventsConsumed.inc({ stream: message.stream, group });
      consumerLag.set({ group }, Math.max(0, (Date.now() - Date.parse(message.event.occurredAt)) / 1000));
      options.afterHandle?.(message);
      const ids = handled.get(message.stream);
      if (ids) ids.push(message.id);
      else handled.set(message.stream, [message.id]);
    };
    try {
      for (let at = 0; at < messages.length && !stopped; at += chunkSize) {
        const chunk = messages.slice(at, at + chunkSize);
        if (options.handleBatch) {
          try {
            await options.handleBatch(chunk.map((m) => m.event));
            chunk.forEach(done);
            continue;
          } catch (error) {
            logger.debug({ err: error, group, count: chunk.length }, 'batch of events failed; handling them one at a time');
          }
        }
        for (const message of chunk) {
          if (stopped) break;
          await options.handle(message.event);
          done(message);
        }
      }
    } finally {
      for (const [stream, ids] of handled) await bus.ack(stream, group, ids);
    }
  };

  const loop = (async () => {
    let needGroups = true;
    let ownPending = true;
    let lastClaim = 0;
    let failures = 0;
    while (!stopped) {
      try {
        if (needGroups) {
          // Also after a failure: a Redis that came back empty has lost the groups.
          for (const stream of streams) await bus.ensureGroup(stream, group);
          needGroups = false;
        }
        let messages: BusMessage[] = [];
        if (ownPending) {
          messages = await bus.readPending(group, consumer, streams, { count });
          if (messages.length === 0) ownPending = false;
        } else if (Date.now() - lastClaim >= Math.max(100, options.claimIdleMs / 2)) {
          lastClaim = Date.now();
          for (const stream of streams) messages.push(...(await bus.claimIdle(stream, group, consumer, { minIdleMs: options.claimIdleMs, count })));
          if (messages.length > 0) logger.info({ count: messages.length }, 'took over events left pending by another consumer');
        }
        if (messages.length === 0 && !ownPending) messages = await bus.readGroup(group, consumer, streams, { count, blockMs });
        await process(messages);
        if (failures > 0) logger.info({ group }, 'consuming events again');
        failures = 0;
      } catch (error) {
        if (stopped) break;
        if (failures++ === 0 || failures % 20 === 0) logger.warn({ err: error, group, failures }, 'event consumer failed; will retry');
        needGroups = true;
        ownPending = true;
        lastClaim = 0;
        await sleep(Math.min(5_000, 100 * 2 ** Math.min(failures, 6)));
      }
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
    },
  };
}
