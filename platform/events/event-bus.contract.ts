import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../../contracts/domain-events.js';
import { compareEntryIds, type EventBus } from './event-bus.js';

export interface BusUnderTest {
  bus: EventBus;
  close(): Promise<void>;
}

let counter = 0;
const stream = () => `contract:${Date.now().toString(36)}:${++counter}`;

function event(n: number): DomainEvent {
  return { id: randomUUID(), type: 'SaleRecorded', source: 'sales', sequence: n, occurredAt: new Date().toISOString(), payload: { n } };
}

const numbers = (messages: Array<{ event: DomainEvent }>) => messages.map((m) => (m.event.payload as { n: number }).n);

/**
 * The behaviour every EventBus implementation must have (Redis Streams
 * semantics). Run against each implementation with its own factory.
 */
export function eventBusContract(name: string, create: () => Promise<BusUnderTest>): void {
  describe(`EventBus contract: ${name}`, () => {
    let subject: BusUnderTest;
    let bus: EventBus;
    beforeAll(async () => {
      subject = await create();
      bus = subject.bus;
    });
    afterAll(async () => {
      await subject?.close();
    });

    it('when events are appended, then reading from the start returns them in order with increasing ids', async () => {
      const s = stream();
      const ids = await bus.append(s, [event(1), event(2), event(3)]);
      expect(ids).toHaveLength(3);
      expect([...ids].sort(compareEntryIds)).toEqual(ids);
      const all = await bus.read(s);
      expect(numbers(all)).toEqual([1, 2, 3]);
      expect(all.map((m) => m.id)).toEqual(ids);
      expect(all[0]!.event).toMatchObject({ type: 'SaleRecorded', source: 'sales', sequence: 1 });
    });

    it('when reading after an entry id, then only the later entries come back (replays resume)', async () => {
      const s = stream();
      const ids = await bus.append(s, [event(1), event(2), event(3), event(4)]);
      expect(numbers(await bus.read(s, { after: ids[1] }))).toEqual([3, 4]);
      expect(numbers(await bus.read(s, { after: ids[0], count: 2 }))).toEqual([2, 3]);
      expect(await bus.read(stream())).toEqual([]);
    });

    it('when a group is created after events were appended, then it delivers the backlog from the start of the stream', async () => {
      const s = stream();
      await bus.append(s, [event(1), event(2)]);
      await bus.ensureGroup(s, 'g');
      await bus.append(s, [event(3)]);
      expect(numbers(await bus.readGroup('g', 'c1', [s]))).toEqual([1, 2, 3]);
      expect(await bus.readGroup('g', 'c1', [s])).toEqual([]);
    });

    it('when ensureGroup is called again, then the group keeps its position', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      await bus.append(s, [event(1)]);
      expect(numbers(await bus.readGroup('g', 'c1', [s]))).toEqual([1]);
      await bus.ensureGroup(s, 'g');
      expect(await bus.readGroup('g', 'c1', [s])).toEqual([]);
    });

    it('when two consumers of one group read, then each entry is delivered to exactly one of them', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      await bus.append(s, Array.from({ length: 10 }, (_, i) => event(i)));
      const first = await bus.readGroup('g', 'c1', [s], { count: 4 });
      const second = await bus.readGroup('g', 'c2', [s], { count: 100 });
      expect(first).toHaveLength(4);
      expect([...numbers(first), ...numbers(second)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('when two groups read one stream, then each group gets every entry', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'a');
      await bus.ensureGroup(s, 'b');
      await bus.append(s, [event(1), event(2)]);
      expect(numbers(await bus.readGroup('a', 'c', [s]))).toEqual([1, 2]);
      expect(numbers(await bus.readGroup('b', 'c', [s]))).toEqual([1, 2]);
    });

    it('when a group reads several streams at once, then entries of each stream come back tagged with it', async () => {
      const s1 = stream();
      const s2 = stream();
      await bus.ensureGroup(s1, 'g');
      await bus.ensureGroup(s2, 'g');
      await bus.append(s1, [event(1)]);
      await bus.append(s2, [event(2)]);
      const messages = await bus.readGroup('g', 'c', [s1, s2]);
      expect(messages.map((m) => [m.stream, (m.event.payload as { n: number }).n])).toEqual([
        [s1, 1],
        [s2, 2],
      ]);
    });

    it('when entries are not acknowledged, then they stay pending and come back to the same consumer after a restart', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      await bus.append(s, [event(1), event(2)]);
      await bus.readGroup('g', 'c1', [s]);
      expect(await bus.pendingCount(s, 'g')).toBe(2);
      expect(numbers(await bus.readPending('g', 'c1', [s]))).toEqual([1, 2]);
      expect(await bus.readPending('g', 'other', [s])).toEqual([]);
    });

    it('when entries are acknowledged, then they are no longer pending nor delivered again', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      await bus.append(s, [event(1), event(2)]);
      const messages = await bus.readGroup('g', 'c1', [s]);
      expect(await bus.ack(s, 'g', [messages[0]!.id])).toBe(1);
      expect(await bus.ack(s, 'g', [messages[0]!.id])).toBe(0);
      expect(await bus.pendingCount(s, 'g')).toBe(1);
      expect(numbers(await bus.readPending('g', 'c1', [s]))).toEqual([2]);
      await bus.ack(s, 'g', [messages[1]!.id]);
      expect(await bus.pendingCount(s, 'g')).toBe(0);
      expect(await bus.readPending('g', 'c1', [s])).toEqual([]);
    });

    it('when a consumer dies with pending entries, then another claims them once they are idle long enough, and not before', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      await bus.append(s, [event(1), event(2), event(3)]);
      await bus.readGroup('g', 'dead', [s]);
      expect(await bus.claimIdle(s, 'g', 'alive', { minIdleMs: 60_000 })).toEqual([]);
      await sleep(120);
      const claimed = await bus.claimIdle(s, 'g', 'alive', { minIdleMs: 100 });
      expect(numbers(claimed)).toEqual([1, 2, 3]);
      expect(numbers(await bus.readPending('g', 'alive', [s]))).toEqual([1, 2, 3]);
      expect(await bus.readPending('g', 'dead', [s])).toEqual([]);
      await bus.ack(s, 'g', claimed.map((m) => m.id));
      expect(await bus.pendingCount(s, 'g')).toBe(0);
    });

    it('when a read blocks and an event is appended meanwhile, then the read returns with it promptly', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      const started = Date.now();
      const reading = bus.readGroup('g', 'c', [s], { blockMs: 5_000 });
      await sleep(100);
      await bus.append(s, [event(7)]);
      expect(numbers(await reading)).toEqual([7]);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('when a read blocks and nothing is appended, then it returns empty after the block time', async () => {
      const s = stream();
      await bus.ensureGroup(s, 'g');
      const started = Date.now();
      expect(await bus.readGroup('g', 'c', [s], { blockMs: 200 })).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    });

    it('when reading a group that does not exist, then it fails (NOGROUP)', async () => {
      const s = stream();
      await bus.append(s, [event(1)]);
      await expect(bus.readGroup('missing', 'c', [s])).rejects.toThrow(/NOGROUP/);
    });

    it('when many events are appended concurrently, then every one is stored exactly once', async () => {
      const s = stream();
      await Promise.all(Array.from({ length: 20 }, (_, i) => bus.append(s, [event(i * 2), event(i * 2 + 1)])));
      const all = await bus.read(s);
      expect(numbers(all).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
      expect(new Set(all.map((m) => m.id)).size).toBe(40);
    });
  });
}
