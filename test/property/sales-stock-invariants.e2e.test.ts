import fc from 'fast-check';
import { afterAll, beforeAll, describe, inject, it } from 'vitest';
import { RetailDatabase } from './retail-database.js';
import { PRICES, retailInvariants, setUpWorld } from './retail-invariants.js';
import { scenario } from './retail-scenario.js';

/**
 * Random sales, retried sales, returns, stock adjustments and replenishment
 * decisions from several clients at once, then the invariants of a retail
 * chain. The products are this file's own (created here), sold at stores 4
 * and 5, so the demo data other files rely on is untouched; the e2e files run
 * one after another, so the report window of a run holds only its own sales.
 *
 * PROPERTY_SEED=<n> replays a run (fast-check prints the seed of a failure);
 * PROPERTY_RUNS sets how many random scenarios run (default 4).
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 4);
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);

let db: RetailDatabase;
let invariants: ReturnType<typeof retailInvariants>;

beforeAll(async () => {
  db = new RetailDatabase(inject('e2eDatabaseUrl'));
  invariants = retailInvariants(await setUpWorld(), db);
  await invariants.catchUp();
}, 120_000);

afterAll(async () => {
  await db?.close();
});

describe('random work of concurrent clients', () => {
  it('when tills sell, retry and take returns while head office adjusts and logistics decides replenishments, then stock is never negative, matches its ledger and the reports, and no idempotency key applies twice', async () => {
    await fc.assert(fc.asyncProperty(scenario(PRICES.length), (s) => invariants.checkRun(s)), { numRuns: RUNS, seed: SEED, endOnFailure: true });
  });
});
