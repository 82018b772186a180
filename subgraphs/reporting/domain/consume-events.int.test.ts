import { fork } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settings } from '../test-support/settings.js';
import type { DomainEvent } from '../../../contracts/domain-events.js';
import { eventStreams } from '../../../contracts/domain-events.js';
import type { EventBus } from '../../../platform/events/event-bus.js';
import { InMemoryEventBus } from '../../../platform/events/in-memory-event-bus.js';
import { RedisEventBus } from '../../../platform/events/redis-event-bus.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { acquireTestRedis, type TestRedis } from '../../../test/support/redis-server.js';
import { disconnectReportingDb, reportingDb } from '../data-access/reporting-database.js';
import { sumUnitsOfProducts } from '../data-access/sales-facts.repository.js';
import { saleRecorded, saleReturned, stockChanged } from '../test-support/events.js';
import { REPORTING_GROUP, startReportingConsumer } from './consume-events.use-case.js';
import { computeSalesReport } from './get-sales-report.use-case.js';
import { rebuildReadModel } from './rebuild-read-model.use-case.js';

const logger = createLogger('consume-events-test');
let redis: TestRedis | null;

beforeAll(async () => {
  redis = await acquireTestRedis();
});
afterAll(async () => {
  await redis?.stop();
  await disconnectReportingDb();
});

const cents = (amount: string) => {
  const [whole, fraction = ''] = amount.replace('-', '').split('.');
  const value = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return amount.startsWith('-') ? -value : value;
};

interface Workload {
  events: DomainEvent[];
  from: Date;
  to: Date;
  stores: string[];
  expected: { revenue: number; sales: number; perStore: Map<string, { revenue: number; units: number; sales: number }>; perProduct: Map<string, number> };
}

/** Random sales and returns over three days at three fresh stores, with what the report must say. */
function randomWorkload(size: number, seed: number): Workload {
  let state = seed;
  const random = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const stores = [randomUUID(), randomUUID(), randomUUID()];
  const products = Array.from({ length: 6 }, () => ({ id: randomUUID(), price: `${1 + Math.floor(random() * 30)}.${String(Math.floor(random() * 100)).padStart(2, '0')}` }));
  const from = new Date(Date.UTC(2026, 5, 1));
  const to = new Date(from.getTime() + 3 * 86_400_000);
  const at = () => new Date(from.getTime() + Math.floor(random() * (to.getTime() - from.getTime())));
  const expected: Workload['expected'] = { revenue: 0, sales: 0, perStore: new Map(stores.map((s) => [s, { revenue: 0, units: 0, sales: 0 }])), perProduct: new Map() };
  const events: DomainEvent[] = [];
  for (let i = 0; i < size; i++) {
    const store = stores[Math.floor(random() * stores.length)]!;
    const picked = [...new Set(Array.from({ length: 1 + Math.floor(random() * 3) }, () => products[Math.floor(random() * products.length)]!))];
    const sale = saleRecorded({ storeId: store, occurredAt: at(), lines: picked.map((p) => ({ productId: p.id, quantity: 1 + Math.floor(random() * 5), unitPrice: p.price })) });
    events.push(sale);
    expected.sales++;
    expected.perStore.get(store)!.sales++;
    const count = (lines: Array<{ productId: string; quantity: number; lineTotal: string }>, sign: number) => {
      for (const line of lines) {
        expected.revenue += sign * cents(line.lineTotal);
        expected.perStore.get(store)!.revenue += sign * cents(line.lineTotal);
        expected.perStore.get(store)!.units += sign * line.quantity;
        expected.perProduct.set(line.productId, (expected.perProduct.get(line.productId) ?? 0) + sign * line.quantity);
      }
    };
    count(sale.payload.lines, 1);
    if (random() < 0.3) {
      const line = sale.payload.lines[0]!;
      const returned = saleReturned(sale, new Date(Math.min(to.getTime() - 1, new Date(sale.occurredAt).getTime() + 3_600_000)), [{ productId: line.productId, quantity: 1 }]);
      events.push(returned);
      count(returned.payload.lines, -1);
    }
  }
  return { events, from, to, stores, expected };
}

async function expectReportMatches(workload: Workload): Promise<void> {
  const report = await computeSalesReport(workload.from, workload.to, settings.timeZone);
  const mine = report.stores.filter((s) => workload.stores.includes(s.storeId));
  expect(mine.map((s) => ({ storeId: s.storeId, revenue: cents(s.revenue), units: s.unitsSold, sales: s.saleCount })).sort((a, b) => a.storeId.localeCompare(b.storeId))).toEqual(
    [...workload.expected.perStore.entries()].map(([storeId, e]) => ({ storeId, ...e })).sort((a, b) => a.storeId.localeCompare(b.storeId)),
  );
  const units = await sumUnitsOfProducts([...workload.expected.perProduct.keys()], report.window);
  for (const [productId, expected] of workload.expected.perProduct) expect(units.get(productId) ?? 0).toBe(expected);
}

async function processedCount(events: DomainEvent[]): Promise<number> {
  return reportingDb().processedEvent.count({ where: { eventId: { in: [...new Set(events.map((e) => e.id))] } } });
}

async function waitUntilApplied(events: DomainEvent[], timeoutMs = 30_000): Promise<void> {
  const unique = new Set(events.map((e) => e.id)).size;
  const deadline = Date.now() + timeoutMs;
  while ((await processedCount(events)) < unique) {
    if (Date.now() > deadline) throw new Error(`only ${await processedCount(events)} of ${unique} events applied`);
    await sleep(50);
  }
}

/** Publishes every event, some of them two or three times over, in batches, as relays retrying would. */
async function publishWithDuplicates(bus: EventBus, events: DomainEvent[]): Promise<number> {
  let published = 0;
  for (let i = 0; i < events.length; i += 17) {
    const batch = events.slice(i, i + 17);
    const withDuplicates = [...batch, ...batch.filter((_, j) => j % 3 === 0), ...batch.filter((_, j) => j % 5 === 0)];
    await bus.append(eventStreams.sales, withDuplicates);
    published += withDuplicates.length;
  }
  return published;
}

function busVariants(): Array<[string, () => Promise<EventBus>]> {
  return [
    ['in-process bus', async () => new InMemoryEventBus()],
    ['Redis Streams', async () => {
      if (!redis) throw new Error('no Redis for this test');
      return new RedisEventBus({ url: redis.url, keyPrefix: `${redis.keyPrefix}${randomUUID()}:` });
    }],
  ];
}

describe('reporting consumer', () => {
  for (const [name, createBus] of busVariants()) {
    it(`when a random workload arrives through the ${name} with duplicate deliveries, then every figure equals the sales minus the returns, each event applied once`, async () => {
      if (name === 'Redis Streams' && !redis) return expect(redis).toBeNull();
      const bus = await createBus();
      const consumer = startReportingConsumer({ bus, logger, settings, consumer: `c-${randomUUID()}`, claimIdleMs: 5_000 });
      try {
        const workload = randomWorkload(120, name.length);
        const published = await publishWithDuplicates(bus, workload.events);
        expect(published).toBeGreaterThan(workload.events.length);
        await waitUntilApplied(workload.events);
        await expectReportMatches(workload);
        await sleep(200);
        expect(await bus.pendingCount(eventStreams.sales, REPORTING_GROUP)).toBe(0);
      } finally {
        await consumer.stop();
        await bus.close();
      }
    });
  }

  it('when a consumer process is killed after applying an event and before acknowledging it, then another takes over its pending events and nothing is applied twice', async () => {
    if (!redis) return expect(redis).toBeNull();
    const keyPrefix = `${redis.keyPrefix}crash-${randomUUID()}:`;
    const bus = new RedisEventBus({ url: redis.url, keyPrefix });
    const workload = randomWorkload(80, 99);
    await bus.ensureGroup(eventStreams.sales, REPORTING_GROUP);
    await bus.ensureGroup(eventStreams.inventory, REPORTING_GROUP);
    await bus.append(eventStreams.sales, workload.events);

    const doomed = fork(fileURLToPath(new URL('../test-support/crashing-consumer.fixture.ts', import.meta.url)), [redis.url, keyPrefix, 'doomed', '30'], {
      execArgv: ['--import', 'tsx'],
      stdio: 'ignore',
    });
    const [code, signal] = await once(doomed, 'exit');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGKILL' });
    const appliedByDoomed = await processedCount(workload.events);
    expect(appliedByDoomed).toBeGreaterThanOrEqual(30);
    expect(appliedByDoomed).toBeLessThan(workload.events.length);
    // What the dead consumer had read but not acknowledged (the 30th event at least) is still pending, at it.
    expect(await bus.pendingCount(eventStreams.sales, REPORTING_GROUP)).toBeGreaterThan(0);

    const survivor = startReportingConsumer({ bus, logger, settings, consumer: 'survivor', claimIdleMs: 300 });
    try {
      await waitUntilApplied(workload.events);
      const deadline = Date.now() + 10_000;
      while ((await bus.pendingCount(eventStreams.sales, REPORTING_GROUP)) > 0 && Date.now() < deadline) await sleep(50);
      expect(await bus.pendingCount(eventStreams.sales, REPORTING_GROUP)).toBe(0);
      await expectReportMatches(workload);
    } finally {
      await survivor.stop();
      await bus.close();
    }
  });

  it('when the read model is rebuilt from the start of the streams, then it comes back with the same figures and alerts', async () => {
    const bus = new InMemoryEventBus();
    const workload = randomWorkload(60, 7);
    const store = randomUUID();
    const product = randomUUID();
    await bus.append(eventStreams.sales, workload.events);
    const stock = [stockChanged({ storeId: store, productId: product, quantity: 10 }), stockChanged({ storeId: store, productId: product, quantity: 3 })];
    await bus.append(eventStreams.inventory, stock);
    const consumer = startReportingConsumer({ bus, logger, settings, consumer: 'live', claimIdleMs: 5_000 });
    try {
      await waitUntilApplied([...workload.events, ...stock]);
      const mine = async () => (await computeSalesReport(workload.from, workload.to, settings.timeZone)).stores.filter((s) => workload.stores.includes(s.storeId));
      const before = await mine();
      // The read model is emptied, so figures of the earlier tests' events (not on this bus) go away.
      const applied = await rebuildReadModel(bus, settings);
      expect(applied).toBe(workload.events.length + stock.length);
      expect(await mine()).toEqual(before);
      await expectReportMatches(workload);
      expect(await reportingDb().stockAlert.findMany({ where: { storeId: store } })).toMatchObject([{ quantity: 3, resolvedAt: null }]);
    } finally {
      await consumer.stop();
      await bus.close();
    }
  });
});
