import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { graphql, type LoadSettings } from './load.js';
import { cpuPerRequest, type Watched } from './process-cpu.js';

export interface WritePathOptions {
  routerUrl: string;
  databaseUrl: string;
  storeId: string;
  /** Products sold round-robin; the last one is scarce (it sells out during the run). */
  productIds: readonly string[];
  clerkToken: string;
  adminToken: string;
  settings: LoadSettings;
  /** Units of the scarce product at the start. */
  scarceUnits?: number;
  /** Processes whose CPU time per sale is reported. */
  watched?: readonly Watched[];
}

export interface ProductOutcome {
  productId: string;
  initial: number;
  remaining: number;
  /** Units in the sales recorded during the run (sales database). */
  soldUnits: number;
}

export interface WritePathResult {
  /** Completed sales per second over the measured duration. */
  salesPerSecond: number;
  completedSales: number;
  /** Sales refused with INSUFFICIENT_STOCK (the scarce product sold out): a correct answer, not counted as a sale. */
  refusedOutOfStock: number;
  /** Transport errors, timeouts and answers with any other error. */
  failures: number;
  latencyMs: { p50: number; p90: number; p99: number };
  /** CPU ms per recordSale request, by process (those that took part). */
  cpuMsPerRequest: Record<string, number>;
  products: ProductOutcome[];
  /** Stock never negative and, for every product, initial = remaining + sold. */
  oversold: boolean;
  checks: string[];
}

const RECORD_SALE = `mutation Sell($input: RecordSaleInput!) { recordSale(input: $input) { id total status } }`;
const STOCK = `query Stock($storeId: ID!, $productId: ID!) { product(id: $productId) { stock(storeId: $storeId) { quantity } } }`;

async function quantityOf(options: WritePathOptions, productId: string): Promise<number> {
  const data = await graphql<{ product: { stock: { quantity: number } | null } }>({ url: options.routerUrl, query: STOCK, variables: { storeId: options.storeId, productId }, token: options.adminToken });
  return data.product.stock?.quantity ?? 0;
}

/** Sets a product's stock at the store to `quantity` with one adjustment (through the API, as a manager would). */
async function setStock(options: WritePathOptions, productId: string, quantity: number): Promise<void> {
  const delta = quantity - (await quantityOf(options, productId));
  if (delta === 0) return;
  await graphql({
    url: options.routerUrl,
    query: `mutation Adjust($storeId: ID!, $productId: ID!, $delta: Int!) { adjustStock(storeId: $storeId, productId: $productId, delta: $delta, reason: "bench") { quantity } }`,
    variables: { storeId: options.storeId, productId, delta },
    token: options.adminToken,
  });
}

/** Waits until no saga of the run is still in progress (requests cut at the end of the load finish on their own). */
async function settle(db: pg.Client, since: Date): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM sales."SaleSaga" WHERE "createdAt" >= $1 AND status NOT IN ('COMPLETED', 'FAILED')`, [since]);
    if (rows[0].n === 0) return;
    if (Date.now() > deadline) throw new Error(`${rows[0].n} sale sagas still in progress 60 s after the write load`);
    await sleep(250);
  }
}

/**
 * Units of the sales of this run, found by its idempotency keys: a time
 * window would also catch the last sales of a run just before (the bench
 * runs the write load twice, once per router).
 */
async function soldUnits(db: pg.Client, storeId: string, productIds: readonly string[], run: string): Promise<Map<string, number>> {
  const { rows } = await db.query(
    `SELECT l."productId" AS id, COALESCE(SUM(l.quantity), 0)::int AS units FROM sales."SaleLine" l JOIN sales."SaleSaga" g ON g."saleId" = l."saleId"
     WHERE g."storeId" = $1 AND g."idempotencyKey" LIKE $2 AND l."productId" = ANY($3::uuid[]) GROUP BY l."productId"`,
    [storeId, `${run}-%`, productIds],
  );
  return new Map(rows.map((r: { id: string; units: number }) => [r.id, r.units]));
}

type Outcome = 'sale' | 'out_of_stock' | 'failure';

/** One answer of recordSale: a sale, a correct refusal (sold out), or anything else. */
export function classifySaleAnswer(status: number, body: string): Outcome {
  if (status !== 200) return 'failure';
  if (body.startsWith('{"data":{"recordSale":{') && !body.includes('"errors":')) return 'sale';
  return /"code":"INSUFFICIENT_STOCK"/.test(body) && !/"code":"(?!INSUFFICIENT_STOCK)/.test(body) ? 'out_of_stock' : 'failure';
}

/**
 * Concurrent tills selling a few products through the router (a unique
 * idempotency key per sale, one scarce product that sells out), then the
 * books: no level below zero and, per product, initial = remaining + units
 * of the sales recorded.
 */
export async function measureWritePath(options: WritePathOptions): Promise<WritePathResult> {
  const scarce = options.productIds.at(-1)!;
  const deep = options.productIds.slice(0, -1);
  const scarceUnits = options.scarceUnits ?? 25;
  for (const id of deep) await setStock(options, id, 1_000_000);
  await setStock(options, scarce, scarceUnits);
  const initial = new Map<string, number>();
  for (const id of options.productIds) initial.set(id, await quantityOf(options, id));

  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  try {
    const run = `bench-${Date.now().toString(36)}`;
    const since = new Date(Date.now() - 1000); // clock of the same machine; a second of margin
    let seq = 0;
    const counts: Record<Outcome, number> = { sale: 0, out_of_stock: 0, failure: 0 };
    let counting = false;
    const sell = (connections: number, duration: number) =>
      autocannon({
        url: options.routerUrl,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${options.clerkToken}` },
            setupRequest: (request) => {
              const n = seq++;
              const productId = n % 10 === 9 ? scarce : deep[n % deep.length]!;
              const input = { storeId: options.storeId, idempotencyKey: `${run}-${n}`, lines: [{ productId, quantity: 1 + (n % 2) }] };
              return { ...request, body: JSON.stringify({ query: RECORD_SALE, variables: { input } }) };
            },
            onResponse: (status, body) => {
              if (counting) counts[classifySaleAnswer(status, body)]++;
            },
          },
        ],
      });
    if (options.settings.warmup > 0) await sell(options.settings.connections, options.settings.warmup);
    counting = true;
    const { result, cpuMsPerRequest } = await cpuPerRequest(options.watched ?? [], async () => {
      const r = await sell(options.settings.connections, options.settings.duration);
      return { result: r, requests: r.requests.total };
    });
    counting = false;
    await settle(db, since);

    const sold = await soldUnits(db, options.storeId, options.productIds, run);
    const products: ProductOutcome[] = [];
    const checks: string[] = [];
    for (const id of options.productIds) {
      const outcome = { productId: id, initial: initial.get(id)!, remaining: await quantityOf(options, id), soldUnits: sold.get(id) ?? 0 };
      products.push(outcome);
      if (outcome.remaining < 0) checks.push(`${id}: negative stock ${outcome.remaining}`);
      if (outcome.initial !== outcome.remaining + outcome.soldUnits) checks.push(`${id}: initial ${outcome.initial} ≠ remaining ${outcome.remaining} + sold ${outcome.soldUnits}`);
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM inventory."Reservation" WHERE status = 'HELD' AND "createdAt" >= $1`, [since]);
    if (rows[0].n > 0) checks.push(`${rows[0].n} reservations still held after every saga ended`);
    return {
      salesPerSecond: counts.sale / (result.duration || options.settings.duration),
      completedSales: counts.sale,
      refusedOutOfStock: counts.out_of_stock,
      failures: counts.failure + result.errors + result.timeouts,
      latencyMs: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
      cpuMsPerRequest: Object.fromEntries(Object.entries(cpuMsPerRequest).filter(([, ms]) => ms >= 0.05)),
      products,
      oversold: checks.length > 0,
      checks,
    };
  } finally {
    await db.end();
  }
}
