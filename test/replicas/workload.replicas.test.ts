import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoLocations, demoProducts, demoSalesHistory } from '../../demo/demo-dataset.js';
import { eventStreams } from '../../contracts/domain-events.js';
import { REPORTING_GROUP } from '../../subgraphs/reporting/domain/consume-events.use-case.js';
import { RetailDatabase } from '../property/retail-database.js';
import { PRICES, retailInvariants, setUpWorld } from '../property/retail-invariants.js';
import { scenario } from '../property/retail-scenario.js';
import { useEndpoint } from '../support/graphql-client.js';
import { startReplicatedStack, type ReplicatedStack } from './replicated-stack.js';

/**
 * Two processes of every subgraph and two routers, through Nginx: the
 * property test's random concurrent work and its invariants, then what each
 * shared part (outbox relays, the reporting consumer group) did with two of
 * it running at once.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 3);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

let stack: ReplicatedStack;
let db: RetailDatabase;

beforeAll(async () => {
  stack = await startReplicatedStack();
  useEndpoint(stack.url);
  db = new RetailDatabase(stack.env.DATABASE_URL!);
});
afterAll(async () => {
  await db?.close();
  await stack?.stop();
});

describe('two replicas of every service on one database', () => {
  it('when every replica starts at once on an empty database, then the demo data is seeded once: one history, levels equal to their ledger', async () => {
    const { sales } = await stack.sqlRow<{ sales: number }>(`SELECT COUNT(*)::int AS sales FROM sales."Sale"`);
    expect(sales).toBe(demoSalesHistory(new Date()).length);
    const { initial } = await stack.sqlRow<{ initial: number }>(`SELECT COUNT(*)::int AS initial FROM inventory."StockMovement" WHERE kind = 'INITIAL'`);
    expect(initial).toBe(demoLocations.length * demoProducts.length);
    expect(await db.ledgerMismatches()).toEqual([]);
  });

  it('when tills, head office and logistics work at random through Nginx, then stock is never negative, matches its ledger and the reports, and no idempotency key applies twice', async () => {
    const invariants = retailInvariants(await setUpWorld(), db);
    await invariants.catchUp();
    await fc.assert(fc.asyncProperty(scenario(PRICES.length), (s) => invariants.checkRun(s)), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  });

  it('when both relays of sales and of inventory publish their outboxes at once, then every event is applied once and no stock fact goes back to an older level', async () => {
    for (const name of ['sales', 'inventory'] as const) {
      for (const replica of stack.replicasOf(name)) expect({ replica, published: (await stack.metric(replica, 'events_published_total')) > 0 }).toEqual({ replica, published: true });
    }
    const outbox = `SELECT id::text, type FROM sales."OutboxEvent" UNION ALL SELECT id::text, type FROM inventory."OutboxEvent"`;
    const unapplied = () => stack.sql<{ id: string }>(`SELECT o.id FROM (${outbox}) o LEFT JOIN reporting."ProcessedEvent" p ON p."eventId"::text = o.id WHERE p."eventId" IS NULL`);
    await expect.poll(async () => (await unapplied()).length, { timeout: 20_000, interval: 250 }).toBe(0);
    const { extra } = await stack.sqlRow<{ extra: number }>(`SELECT (SELECT COUNT(*) FROM reporting."ProcessedEvent") - (SELECT COUNT(*) FROM (${outbox}) o) AS extra`);
    expect(Number(extra)).toBe(0);
    // Each level's fact is its newest event's: the quantity inventory has now, at the highest sequence of that level.
    const stale = await stack.sql(`
      WITH newest AS (
        SELECT DISTINCT ON (payload->>'storeId', payload->>'productId') lower(payload->>'storeId') AS store, lower(payload->>'productId') AS product, sequence, (payload->>'quantity')::int AS quantity
        FROM inventory."OutboxEvent" WHERE type = 'StockChanged' ORDER BY payload->>'storeId', payload->>'productId', sequence DESC)
      SELECT n.store, n.product, n.quantity, n.sequence, f.quantity AS fact_quantity, f.sequence AS fact_sequence, l.quantity AS level
      FROM newest n
      JOIN inventory."StockLevel" l ON l."locationId"::text = n.store AND l."productId"::text = n.product
      LEFT JOIN reporting."StockFact" f ON f."storeId"::text = n.store AND f."productId"::text = n.product
      WHERE f.sequence IS DISTINCT FROM n.sequence OR f.quantity IS DISTINCT FROM n.quantity OR l.quantity <> n.quantity`);
    expect(stale).toEqual([]);
  });

  it('when two reporting consumers share the streams, then both apply events and the group holds nothing pending', async () => {
    for (const replica of stack.replicasOf('reporting')) expect({ replica, consumed: (await stack.metric(replica, 'events_consumed_total')) > 0 }).toEqual({ replica, consumed: true });
    const redis = new Redis(stack.redis.url);
    try {
      for (const stream of Object.values(eventStreams)) {
        const [pending] = (await redis.call('XPENDING', `${stack.env.REDIS_KEY_PREFIX}${stream}`, REPORTING_GROUP)) as [number];
        expect({ stream, pending: Number(pending) }).toEqual({ stream, pending: 0 });
      }
    } finally {
      redis.disconnect();
    }
  });
});
