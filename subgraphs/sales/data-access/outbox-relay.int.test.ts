import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProducts, demoStores } from '../../../demo/demo-dataset.js';
import { eventStreams } from '../../../contracts/domain-events.js';
import { InMemoryEventBus } from '../../../platform/events/in-memory-event-bus.js';
import { startOutboxRelay, wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { RedisEventBus } from '../../../platform/events/redis-event-bus.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { startOwnRedisServer, type OwnRedisServer } from '../../../test/support/redis-server.js';
import { listOutboxEvents, salesOutboxStore } from './outbox.repository.js';
import { insertHistoricSales } from './sale.repository.js';
import { disconnectSalesDb, salesDb } from './sales-database.js';

const logger = createLogger('outbox-relay-test');
const stream = eventStreams.sales;
let redis: OwnRedisServer;

beforeAll(async () => {
  redis = await startOwnRedisServer();
});
afterAll(async () => {
  await redis?.stop();
  await disconnectSalesDb();
});

async function recordSales(count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, () => randomUUID());
  await insertHistoricSales(
    ids.map((id) => ({
      id,
      storeId: demoStores[1]!.id,
      createdAt: new Date(),
      total: '3.00',
      lines: [{ productId: demoProducts[0]!.id, quantity: 2, unitPrice: '1.50', lineTotal: '3.00' }],
    })),
  );
  return ids;
}

async function unpublished(): Promise<number> {
  return salesDb().outboxEvent.count({ where: { publishedAt: null } });
}

async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(25);
  }
}

describe('outbox relay', () => {
  it('when sales are recorded, then the relay publishes their events in outbox order and only then marks them published', async () => {
    const bus = new RedisEventBus({ url: redis.url, keyPrefix: `relay-order-${randomUUID()}:` });
    const relay = startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: 50, logger });
    try {
      const saleIds = await recordSales(5);
      await until(async () => (await unpublished()) === 0);
      const published = await bus.read(stream);
      const rows = await listOutboxEvents();
      expect(published.map((m) => m.event.id)).toEqual(rows.map((r) => r.id));
      expect(published.map((m) => m.event.sequence)).toEqual(rows.map((r) => r.sequence));
      expect(published.filter((m) => saleIds.includes((m.event.payload as { saleId: string }).saleId))).toHaveLength(5);
      expect(published.at(-1)!.event).toMatchObject({ type: 'SaleRecorded', source: 'sales' });
      expect(rows.every((r) => r.publishedAt !== null)).toBe(true);
    } finally {
      await relay.stop();
      await bus.close();
    }
  });

  it('when Redis is down, then events stay in the outbox unpublished, and once it is back the same relay publishes them without losing one', async () => {
    const prefix = `relay-outage-${randomUUID()}:`;
    const bus = new RedisEventBus({ url: redis.url, keyPrefix: prefix });
    const relay = startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: 50, logger });
    try {
      await until(async () => (await unpublished()) === 0);
      await redis.stop();
      const saleIds = await recordSales(3);
      await sleep(500);
      expect(await unpublished()).toBe(3);
      await redis.start();
      wakeOutboxRelay('sales');
      await until(async () => (await unpublished()) === 0, 20_000);
      // Redis was restarted empty (no persistence): the stream now holds what was published after it came back.
      const published = (await bus.read(stream)).map((m) => (m.event.payload as { saleId: string }).saleId);
      expect(saleIds.every((id) => published.includes(id))).toBe(true);
    } finally {
      await relay.stop();
      await bus.close();
    }
  });

  it('when the bus is a fresh in-process one (the streams died with the last run), then the relay publishes the whole outbox again from the start, once', async () => {
    const bus = new InMemoryEventBus();
    const all = await listOutboxEvents();
    expect(all.every((r) => r.publishedAt !== null)).toBe(true);
    const relay = startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: 50, logger });
    try {
      await relay.drain();
      const newIds = await recordSales(2);
      await until(async () => (await bus.read(stream, { count: 100_000 })).length === all.length + 2);
      await relay.drain();
      const published = await bus.read(stream, { count: 100_000 });
      expect(published.map((m) => m.event.id)).toEqual([...all.map((r) => r.id), ...(await listOutboxEvents()).slice(-2).map((r) => r.id)]);
      expect(published.slice(-2).map((m) => (m.event.payload as { saleId: string }).saleId).sort()).toEqual([...newIds].sort());
    } finally {
      await relay.stop();
    }
  });

  it('when two relays run at once, then every event reaches the stream and every row ends published', async () => {
    const bus = new RedisEventBus({ url: redis.url, keyPrefix: `relay-two-${randomUUID()}:` });
    const relays = [1, 2].map(() => startOutboxRelay({ source: 'sales', store: salesOutboxStore(), bus, intervalMs: 20, logger, batchSize: 3 }));
    try {
      const saleIds = (await Promise.all([recordSales(7), recordSales(6), recordSales(8)])).flat();
      await until(async () => (await unpublished()) === 0);
      const published = new Set((await bus.read(stream, { count: 100_000 })).map((m) => (m.event.payload as { saleId: string }).saleId));
      expect(saleIds.every((id) => published.has(id))).toBe(true);
    } finally {
      await Promise.all(relays.map((r) => r.stop()));
      await bus.close();
    }
  });
});
