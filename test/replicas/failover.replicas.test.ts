import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventStreams } from '../../contracts/domain-events.js';
import { REPORTING_GROUP } from '../../subgraphs/reporting/domain/consume-events.use-case.js';
import { product, storeId } from '../support/demo.js';
import { gqlHttp, gqlOk, login, useEndpoint } from '../support/graphql-client.js';
import { waitFor } from '../support/wait-for.js';
import { startReplicatedStack, type ReplicatedStack } from './replicated-stack.js';

/**
 * One replica lost while the other serves: a sales process killed in the
 * middle of sales, a reporting consumer that stops answering and then dies
 * with events delivered to it. Whatever the survivor takes over happens
 * exactly once. Each test restores the process it stopped.
 */
let stack: ReplicatedStack;
let redis: Redis;
let admin: string;

beforeAll(async () => {
  stack = await startReplicatedStack();
  useEndpoint(stack.url);
  redis = new Redis(stack.redis.url);
  admin = await login('admin@retail.test');
});
afterEach(async () => {
  for (const service of [...stack.system.services]) {
    if (service.child.exitCode !== null || service.child.signalCode !== null) await stack.system.startService(service.name);
  }
});
afterAll(async () => {
  redis?.disconnect();
  await stack?.stop();
});

const SELL = `mutation Sell($i: RecordSaleInput!) { recordSale(input: $i) { id } }`;
const ADJUST = `mutation Adjust($s: ID!, $p: ID!, $d: Int!) { adjustStock(storeId: $s, productId: $p, delta: $d, reason: "replicas failover") { quantity } }`;
const exited = (name: string) => {
  const service = stack.system.services.find((s) => s.name === name)!;
  return service.child.exitCode !== null || service.child.signalCode !== null;
};

describe('a sales replica killed in the middle of sales', () => {
  it('when one sales process dies mid-saga while the other serves, then the survivor recovers each interrupted saga exactly once, and the tills’ retries sell once', async () => {
    const [store, productId] = [storeId(1), product(41).id];
    await gqlOk(ADJUST, { s: store, p: productId, d: 500 }, admin);
    const clerk = await login('clerk1@retail.test');
    const from = new Date();
    const [sales1, sales2] = stack.replicasOf('sales');
    // sales-1 now dies right after the saga step RESERVED of the first sale it takes.
    await stack.system.stopService(sales1!);
    const crashing = await stack.system.startService(sales1!, { SAGA_CRASH_AFTER: 'RESERVED' });

    const keys: string[] = [];
    const failed = new Map<string, string>();
    const sell = async (key: string) => {
      const reply = await gqlHttp(SELL, { i: { storeId: store, idempotencyKey: key, lines: [{ productId, quantity: 2 }] } }, clerk);
      const codes = (reply.body.errors ?? []).map((e) => e.extensions?.code);
      expect({ key, codes: codes.filter((c) => c !== 'SERVICE_UNAVAILABLE') }).toEqual({ key, codes: [] });
      if (codes.length > 0) failed.set(key, (reply.body.errors ?? []).map((e) => `${e.message} ${JSON.stringify(e.extensions)}`).join('; '));
    };
    for (let round = 0; round < 40 && crashing.child.exitCode === null; round++) {
      const batch = Array.from({ length: 6 }, () => `replica-crash-${randomUUID()}`);
      keys.push(...batch);
      await Promise.all(batch.map(sell));
    }
    expect(crashing.child.exitCode).toBe(137);
    expect(failed.size).toBeGreaterThan(0);
    // sales-2 serves on alone (the balancer takes a refused connection to it).
    await sleep(500);
    const alone = Array.from({ length: 6 }, () => `replica-crash-${randomUUID()}`);
    keys.push(...alone);
    await Promise.all(alone.map(sell));
    expect(alone.filter((key) => failed.has(key)).map((key) => failed.get(key))).toEqual([]);

    // sales-2 alone finishes what sales-1 left: every saga of these keys ends, none stays held.
    const unfinished = () => stack.sql<{ n: number }>(`SELECT COUNT(*)::int AS n FROM sales."SaleSaga" WHERE "idempotencyKey" = ANY($1) AND status NOT IN ('COMPLETED', 'FAILED')`, [keys]);
    await waitFor(async () => (await unfinished())[0]!.n, (n) => n === 0, 'the interrupted sagas recovered by the surviving replica', 60_000);
    expect(exited(sales1!)).toBe(true);
    expect(await stack.metric(sales2!, 'sales_saga_outcomes_total', { outcome: 'compensated' })).toBeGreaterThanOrEqual(1);

    await stack.system.startService(sales1!);
    // The tills retry what failed, with the same keys: one sale each.
    await Promise.all([...failed.keys()].map(sell));
    expect(failed.size).toBeGreaterThan(0);
    const sagas = await stack.sql<{ status: string; saleId: string | null }>(`SELECT status::text, "saleId"::text FROM sales."SaleSaga" WHERE "idempotencyKey" = ANY($1)`, [keys]);
    expect(sagas.filter((s) => s.status !== 'COMPLETED' || !s.saleId)).toEqual([]);
    expect(sagas).toHaveLength(keys.length);
    const { sales } = await stack.sqlRow<{ sales: number }>(`SELECT COUNT(*)::int AS sales FROM sales."Sale" WHERE id::text = ANY($1)`, [sagas.map((s) => s.saleId)]);
    expect(sales).toBe(keys.length);

    // The ledger: each reservation reserved once, released at most once (no double compensation), and only those without a sale.
    const byReservation = await stack.sql<{ reference: string; reserved: number; released: number; net: number }>(
      `SELECT reference, COUNT(*) FILTER (WHERE kind = 'SALE_RESERVED')::int AS reserved, COUNT(*) FILTER (WHERE kind = 'SALE_RELEASED')::int AS released, SUM(delta)::int AS net
       FROM inventory."StockMovement" WHERE "productId" = $1 AND "locationId" = $2 AND kind IN ('SALE_RESERVED', 'SALE_RELEASED') AND "createdAt" >= $3 GROUP BY reference`,
      [productId, store, from],
    );
    expect(byReservation.filter((r) => r.reserved !== 1 || r.released > 1 || (r.released === 1 ? r.net !== 0 : r.net !== -2))).toEqual([]);
    expect(byReservation.filter((r) => r.released === 0)).toHaveLength(keys.length);
    expect(byReservation.filter((r) => r.released === 1).length).toBeGreaterThanOrEqual(1);
    const { mismatches } = await stack.sqlRow<{ mismatches: number }>(`SELECT COUNT(*)::int AS mismatches FROM inventory."StockLevel" l WHERE quantity <> (SELECT COALESCE(SUM(delta), 0) FROM inventory."StockMovement" m WHERE m."locationId" = l."locationId" AND m."productId" = l."productId")`);
    expect(mismatches).toBe(0);

    // Reported once each.
    const units = async () => (await gqlOk(`query Units($p: ID!, $from: DateTime!, $to: DateTime!) { product(id: $p) { unitsSold(from: $from, to: $to) } }`, { p: productId, from: from.toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() }, admin)).product.unitsSold;
    expect(await waitFor(units, (u) => u === 2 * keys.length, 'every sale reported')).toBe(2 * keys.length);
  });
});

describe('a reporting consumer lost with events delivered to it', () => {
  const streamKeys = () => Object.values(eventStreams).map((stream) => `${stack.env.REDIS_KEY_PREFIX}${stream}`);
  const consumerOf = (name: string) => `reporting-${os.hostname()}-${stack.system.services.find((s) => s.name === name)!.child.pid}`;
  const pendingAt = async (consumer: string) => {
    const ids: string[] = [];
    for (const key of streamKeys()) for (const [id] of (await redis.call('XPENDING', key, REPORTING_GROUP, '-', '+', 1000, consumer)) as Array<[string]>) ids.push(id);
    return ids;
  };

  it('when one reporting process stops reading and then dies, then the other claims the events pending at it and applies each once', async () => {
    const [reporting1, reporting2] = stack.replicasOf('reporting');
    const dead = stack.system.services.find((s) => s.name === reporting1)!;
    const consumer = consumerOf(reporting1!);
    const clerk = await login('clerk2@retail.test');
    process.kill(dead.child.pid!, 'SIGSTOP');
    try {
      // Events reach the group; what is delivered to the frozen consumer stays pending there, unacknowledged.
      for (let round = 0; round < 30 && (await pendingAt(consumer)).length === 0; round++) {
        await gqlOk(ADJUST, { s: storeId(2), p: product(12).id, d: 1 }, admin);
        await gqlOk(SELL, { i: { storeId: storeId(2), lines: [{ productId: product(12).id, quantity: 1 }] } }, clerk);
      }
      expect((await pendingAt(consumer)).length).toBeGreaterThan(0);
    } finally {
      await stack.system.stopService(reporting1!, 'SIGKILL');
    }
    // The survivor claims them once idle past EVENT_CLAIM_IDLE_MS and applies them.
    await waitFor(() => pendingAt(consumer), (ids) => ids.length === 0, 'the dead consumer’s pending entries claimed', 30_000);
    const outbox = `SELECT id::text FROM sales."OutboxEvent" UNION ALL SELECT id::text FROM inventory."OutboxEvent"`;
    const missing = () => stack.sql(`SELECT o.id FROM (${outbox}) o LEFT JOIN reporting."ProcessedEvent" p ON p."eventId"::text = o.id WHERE p."eventId" IS NULL`);
    expect(await waitFor(missing, (rows) => rows.length === 0, 'every event applied', 30_000)).toEqual([]);
    const { extra } = await stack.sqlRow<{ extra: number }>(`SELECT (SELECT COUNT(*) FROM reporting."ProcessedEvent") - (SELECT COUNT(*) FROM (${outbox}) o) AS extra`);
    expect(Number(extra)).toBe(0);
    // Each sale line once in the read model.
    const { duplicates } = await stack.sqlRow<{ duplicates: number }>(`SELECT COUNT(*)::int AS duplicates FROM (SELECT "saleId", "productId", kind FROM reporting."SalesFact" WHERE kind = 'SALE' GROUP BY 1, 2, 3 HAVING COUNT(*) > 1) d`);
    expect(duplicates).toBe(0);
    expect(await stack.metric(reporting2!, 'events_consumed_total')).toBeGreaterThan(0);
    for (const key of streamKeys()) expect(Number(((await redis.call('XPENDING', key, REPORTING_GROUP)) as [number])[0])).toBe(0);
  });
});
