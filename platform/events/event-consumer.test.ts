import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../logging/logger.js';
import type { DomainEvent } from '../../contracts/domain-events.js';
import { startEventConsumer, type EventConsumerOptions } from './event-consumer.js';
import { InMemoryEventBus } from './in-memory-event-bus.js';

const logger = createLogger('event-consumer-test');
const STREAM = 'events:test';

const event = (n: number): DomainEvent => ({ id: randomUUID(), type: 'Test', source: 'sales', sequence: n, occurredAt: new Date().toISOString(), payload: { n } });

async function until(done: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(10);
  }
}

/** A consumer of STREAM in group g over this bus, with these handlers. */
const consume = (bus: InMemoryEventBus, handlers: Pick<EventConsumerOptions, 'handle' | 'handleBatch' | 'chunkSize'>) =>
  startEventConsumer({ bus, group: 'g', consumer: 'c', streams: [STREAM], claimIdleMs: 60_000, blockMs: 50, logger, ...handlers });

describe('event consumer with a batch handler', () => {
  it('when entries are waiting, then they are handed over in order in chunks of at most chunkSize, and all are acknowledged', async () => {
    const bus = new InMemoryEventBus();
    await bus.ensureGroup(STREAM, 'g');
    const events = Array.from({ length: 7 }, (_, i) => event(i));
    await bus.append(STREAM, events);
    const batches: number[][] = [];
    const consumer = consume(bus, {
      chunkSize: 3,
      handle: async () => {
        throw new Error('not used when the batch succeeds');
      },
      handleBatch: async (batch) => void batches.push(batch.map((e) => (e.payload as { n: number }).n)),
    });
    try {
      await until(async () => batches.flat().length === 7 && (await bus.pendingCount(STREAM, 'g')) === 0);
      expect(batches.flat()).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(3);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });

  it('when a batch fails because of one event, then the others are handled one at a time and acknowledged, and the bad one stays pending', async () => {
    const bus = new InMemoryEventBus();
    await bus.ensureGroup(STREAM, 'g');
    const events = Array.from({ length: 4 }, (_, i) => event(i));
    await bus.append(STREAM, events);
    const handled: number[] = [];
    const consumer = consume(bus, {
      handle: async (e) => {
        const n = (e.payload as { n: number }).n;
        if (n === 2) throw new Error('poison');
        handled.push(n);
      },
      handleBatch: async () => {
        throw new Error('poison in the batch');
      },
    });
    try {
      await until(() => handled.length >= 2);
      await sleep(100);
      expect(handled.slice(0, 2)).toEqual([0, 1]);
      expect(handled).not.toContain(2);
      expect(await bus.pendingCount(STREAM, 'g')).toBeGreaterThanOrEqual(1);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });
});
