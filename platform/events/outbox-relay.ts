import { EventEmitter } from 'node:events';
import { eventsPublished } from './event-metrics.js';
import type { Logger } from '../logging/logger.js';
import { eventStreams, type DomainEvent, type EventSource } from '../../contracts/domain-events.js';
import type { EventBus } from './event-bus.js';

/**
 * Where a subgraph keeps its outbox (its own table, written in the same
 * transaction as each change). Implemented in the subgraph's data access.
 */
export interface OutboxStore {
  /**
   * In one transaction: takes up to `limit` unpublished events in sequence
   * order (rows another relay holds are skipped), hands them to `publish`,
   * and marks them published only when it resolved. Returns how many were
   * published.
   */
  publishPending(limit: number, publish: (events: DomainEvent[]) => Promise<void>): Promise<number>;
  /**
   * Events after `afterSequence` in sequence order, published or not (for a
   * bus that lost its streams); marks the unpublished ones published once
   * `publish` resolved. Returns the last sequence handed over, or null when none.
   */
  republishAfter(afterSequence: number, limit: number, publish: (events: DomainEvent[]) => Promise<void>): Promise<number | null>;
}

const signals = new EventEmitter();
signals.setMaxListeners(0);

/** Wakes this process's relays right away (called after a transaction that wrote outbox rows commits). */
export function wakeOutboxRelay(source: EventSource): void {
  signals.emit(source);
}

export interface OutboxRelay {
  /** Publishes everything pending now (tests, shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  source: EventSource;
  store: OutboxStore;
  bus: EventBus;
  intervalMs: number;
  logger: Logger;
  batchSize?: number;
  /**
   * A wake-up runs a pass this much later (default 50 ms), so that the events
   * of concurrent writes go out in one pass: one transaction and one append
   * per batch instead of per write.
   */
  wakeDelayMs?: number;
}

/**
 * Publishes a subgraph's outbox to its stream: woken after each write and
 * every `intervalMs`. Rows are marked published only after the stream
 * accepted them, so a crash or a bus outage means publishing again later
 * (consumers deduplicate by event id), never losing an event. When the bus
 * is not durable (in-process), everything is published again once at start:
 * the streams died with the previous run.
 */
export function startOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { bus, store, logger } = options;
  const stream = eventStreams[options.source];
  const batchSize = options.batchSize ?? 200;
  const publish = async (events: DomainEvent[]) => {
    await bus.append(stream, events);
    eventsPublished.inc({ stream }, events.length);
  };

  let replayed = bus.durable;
  let stopped = false;
  let again = false;
  let running: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;
  let failures = 0;

  const replayAll = async () => {
    let after = 0;
    for (;;) {
      const last = await store.republishAfter(after, batchSize, publish);
      if (last === null) break;
      after = last;
    }
    replayed = true;
    logger.info({ stream }, 'outbox replayed to a fresh in-process bus');
  };

  const pass = async () => {
    if (!replayed) await replayAll();
    while ((await store.publishPending(batchSize, publish)) === batchSize && !stopped);
  };

  const schedule = () => {
    clearTimeout(timer);
    if (stopped) return;
    const backoff = failures === 0 ? options.intervalMs : Math.min(5_000, options.intervalMs * 2 ** Math.min(failures, 5));
    timer = setTimeout(run, backoff);
    timer.unref();
  };

  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      do {
        again = false;
        try {
          await pass();
          if (failures > 0) logger.info({ stream }, 'outbox relay publishing again');
          failures = 0;
        } catch (error) {
          if (failures++ === 0 || failures % 20 === 0) logger.warn({ err: error, stream, failures }, 'outbox relay could not publish; will retry');
          again = false;
        }
      } while (again && !stopped);
    })().finally(() => {
      running = null;
      schedule();
    });
    return running;
  };

  const wakeDelayMs = options.wakeDelayMs ?? 50;
  let wakeTimer: NodeJS.Timeout | undefined;
  const onWake = () => {
    if (wakeTimer || stopped) return;
    wakeTimer = setTimeout(() => {
      wakeTimer = undefined;
      void run();
    }, wakeDelayMs);
  };
  signals.on(options.source, onWake);
  void run();

  return {
    async drain() {
      await running;
      await run();
    },
    async stop() {
      stopped = true;
      signals.off(options.source, onWake);
      clearTimeout(timer);
      clearTimeout(wakeTimer);
      await running;
    },
  };
}
