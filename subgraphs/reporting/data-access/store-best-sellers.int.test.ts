import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent, SaleRecordedPayload, SaleReturnedPayload } from '../../../contracts/domain-events.js';
import { applyEvents } from '../domain/apply-event.use-case.js';
import { saleRecorded, saleReturned } from '../test-support/events.js';
import { settings } from '../test-support/settings.js';
import { disconnectReportingDb, reportingSql } from './reporting-database.js';
import { findTopProductsOfStores, rankStoresByWeeks, windowOf } from './sales-facts.repository.js';

afterAll(disconnectReportingDb);

/** Deterministic pseudo-random numbers in [0, 1) (a failure can be replayed). */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * Eight weeks of sales at three stores, returns among them: one store sells
 * a few products far more than the others (the weeks' leaders decide it),
 * one sells every product alike (they cannot), one sells little.
 */
const start = Date.UTC(2026, 1, 2, 0, 0); // a Monday
const hour = (h: number) => new Date(start + h * 3_600_000);
const products = Array.from({ length: 80 }, () => randomUUID());
const skewed = randomUUID();
const flat = randomUUID();
const quiet = randomUUID();

function history(): Array<DomainEvent<'SaleRecorded', SaleRecordedPayload> | DomainEvent<'SaleReturned', SaleReturnedPayload>> {
  const next = random(17);
  const events: Array<DomainEvent<'SaleRecorded', SaleRecordedPayload> | DomainEvent<'SaleReturned', SaleReturnedPayload>> = [];
  for (let h = 0; h < 8 * 7 * 24; h += 2) {
    for (const [storeId, pick, sales] of [
      [skewed, () => Math.floor(products.length * next() ** 3), 2],
      [flat, () => Math.floor(products.length * next()), 2],
      [quiet, () => Math.floor(products.length * next() ** 2), h % 24 === 0 ? 1 : 0],
    ] as const) {
      for (let n = 0; n < sales; n++) {
        const chosen = [...new Set([pick(), pick()])];
        const lines = chosen.map((p) => ({ productId: products[p]!, quantity: 1 + Math.floor(next() * 3), unitPrice: `${1 + (p % 9)}.${p % 10}5` }));
        const sale = saleRecorded({ storeId, occurredAt: hour(h + next()), lines });
        events.push(sale);
        if (next() < 0.05) events.push(saleReturned(sale, hour(h + 1 + next() * 30), [{ productId: lines[0]!.productId, quantity: 1 }]));
      }
    }
  }
  return events;
}

/** The straightforward answer: every sale and return line of the store in [from, to), summed and ranked. */
async function fromFacts(storeId: string, from: Date, to: Date, limit: number) {
  const rows = await reportingSql().query<{ productId: string; unitsSold: number; revenue: string }>(
    `SELECT "productId"::text AS "productId", SUM(quantity)::int AS "unitsSold", SUM(revenue)::text AS revenue
     FROM "SalesFact" WHERE "storeId" = $1::uuid AND "occurredAt" >= $2 AND "occurredAt" < $3
     GROUP BY "productId" ORDER BY SUM(quantity) DESC, SUM(revenue) DESC, "productId" LIMIT $4`,
    [storeId, from, to, limit],
  );
  return rows.map((r) => ({ storeId, ...r, unitsSold: Number(r.unitsSold) }));
}

beforeAll(async () => {
  const events = history().sort((a, b) => a.payload.occurredAt.localeCompare(b.payload.occurredAt));
  for (let i = 0; i < events.length; i += 500) await applyEvents(events.slice(i, i + 500), settings);
}, 120_000);

describe("a store's best sellers (findTopProductsOfStores)", () => {
  const stores = [skewed, flat, quiet];
  const windows = [
    { name: 'eight weeks and a part-day', from: hour(5.5), to: hour(8 * 7 * 24 - 0.1) },
    { name: 'six weeks from mid-week to mid-week', from: hour(3 * 24 + 7.25), to: hour(45 * 24 + 13) },
    { name: 'four whole weeks exactly', from: hour(7 * 24), to: hour(35 * 24) },
    { name: 'ten days', from: hour(11 * 24 + 2), to: hour(21 * 24 + 2) },
  ];

  it('when stores are ranked over windows of every shape, then each answer equals the sales facts summed and ranked, whatever the limit', async () => {
    for (const { name, from, to } of windows) {
      const window = await windowOf(from, to, 'UTC');
      for (const limit of [1, 3, 10]) {
        const want = (await Promise.all(stores.map((s) => fromFacts(s, from, to, limit)))).flat();
        expect(await findTopProductsOfStores(window, stores, limit), `${name}, limit ${limit}`).toEqual(want);
      }
    }
  });

  it("when a store's sales are skewed, then its weeks' leaders decide its best sellers alone (and equal the facts); a store they cannot decide is left to the days", async () => {
    const from = hour(5.5);
    const to = hour(8 * 7 * 24 - 0.1);
    const byWeeks = await rankStoresByWeeks(await windowOf(from, to, 'UTC'), stores, 3);
    expect(byWeeks.filter((r) => r.storeId === skewed).map((r) => ({ ...r, unitsSold: Number(r.unitsSold) }))).toEqual(await fromFacts(skewed, from, to, 3));
    expect(byWeeks.filter((r) => r.storeId === flat)).toEqual([]);
  });
});
