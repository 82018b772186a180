import { randomUUID } from 'node:crypto';
import { conflict, DomainError } from '../../../platform/errors/domain-error.js';
import { fetchCatalogProducts } from '../data-access/catalog.client.js';
import { reserveStock } from '../data-access/inventory.client.js';
import { persistSaleOfSaga } from '../data-access/persist-saga-sale.repository.js';
import { insertSagaOnce, transitionSaga } from '../data-access/saga.repository.js';
import type { Saga } from './saga.js';
import { compensate, completeSaga } from './saga-compensation.js';
import { crashIfConfiguredAfter } from './saga-fault.js';
import { failureOf, SagaInterruptedError } from './saga-failure.js';
import { sagaMetrics } from './saga-metrics.js';
import { replay } from './saga-replay.js';
import type { SagaSettings } from './sales-settings.js';
import type { LineRequest, PricedLine, Sale } from './sale.js';
import { priceLines, saleFingerprint, saleTotals, type SaleRequestIdentity } from './sale-rules.js';

/** A validated, authorised request for a sale (till or checkout). */
export interface SaleRequest extends SaleRequestIdentity {
  actorId: string;
  /** Null: the request cannot be retried safely, a key is generated. */
  idempotencyKey: string | null;
}

/**
 * Records a sale across sales and inventory, once per idempotency key:
 *
 *   1. lines are priced from catalog (nothing is held yet), then the saga
 *      row is inserted PRICED — or FAILED when pricing refused the request
 *      (a key already used → the first outcome)
 *   2. inventory reserves every line or none (id = saga id)    → RESERVED
 *   3. one local transaction: sale + lines (+ cart closed), SALE_PERSISTED
 *   4. inventory commits the reservation                        → COMPLETED
 *
 * A failure before step 3 releases the reservation (compensation) and
 * leaves the saga FAILED; a failure of step 4 leaves it SALE_PERSISTED for
 * recovery to complete. Every transition is a conditional update, so a
 * saga that recovery took over is never completed here as well. A saga
 * restarted after a failure starts over from STARTED (see drive).
 */
export async function runSaleSaga(request: SaleRequest, settings: SagaSettings): Promise<Sale> {
  const fingerprint = saleFingerprint(request);
  const id = randomUUID();
  let priced: PricedLine[] | undefined;
  let refusal: unknown;
  try {
    priced = await price(request.lines);
  } catch (error) {
    refusal = error;
  }
  const { saga, created } = await insertSagaOnce({
    id,
    idempotencyKey: request.idempotencyKey ?? `generated:${id}`,
    fingerprint,
    kind: request.kind,
    storeId: request.storeId,
    cartId: request.cartId,
    customerId: request.customerId,
    actorId: request.actorId,
    lines: [...request.lines],
    ...(priced ? { status: 'PRICED' as const, pricedLines: priced } : { status: 'FAILED' as const, ...failureOf(refusal) }),
  });
  // A key already used answers with its first outcome, whatever pricing said now.
  if (!created) return replay(saga, fingerprint, settings, drive);
  sagaMetrics.started();
  if (!priced) {
    sagaMetrics.failed('pricing');
    throw refusal;
  }
  crashIfConfiguredAfter('PRICED', settings.crashAfter);
  return reserveAndPersist(saga, priced, settings);
}

async function price(lines: readonly LineRequest[]): Promise<PricedLine[]> {
  return priceLines(lines, await fetchCatalogProducts(lines.map((l) => l.productId)));
}

/** All steps for a saga this request owns in status STARTED (a restart after a failure). */
async function drive(saga: Saga, settings: SagaSettings): Promise<Sale> {
  // Price from catalog; nothing is held yet, so a failure just ends the saga.
  let priced;
  try {
    priced = await price(saga.lines);
  } catch (error) {
    await transitionSaga(saga.id, ['STARTED'], 'FAILED', failureOf(error));
    sagaMetrics.failed('pricing');
    throw error;
  }
  if (!(await transitionSaga(saga.id, ['STARTED'], 'PRICED', { pricedLines: priced }))) throw new SagaInterruptedError();
  crashIfConfiguredAfter('PRICED', settings.crashAfter);
  return reserveAndPersist(saga, priced, settings);
}

/** Steps after pricing, for a PRICED saga this request owns. */
async function reserveAndPersist(saga: Saga, priced: PricedLine[], settings: SagaSettings): Promise<Sale> {
  // Reserve all lines or none.
  try {
    const reservation = await reserveStock(saga.id, saga.storeId, saga.lines);
    if (reservation.status === 'RELEASED') throw new SagaInterruptedError();
  } catch (error) {
    if (error instanceof DomainError) {
      // Refused (not enough stock, unknown store): inventory held nothing.
      await transitionSaga(saga.id, ['PRICED'], 'FAILED', failureOf(error));
      sagaMetrics.failed('reserve');
    } else {
      // Unknown outcome (timeout …): release whatever may have been held.
      await compensate(saga.id, error, 'reserve');
    }
    throw error;
  }
  if (!(await transitionSaga(saga.id, ['PRICED'], 'RESERVED'))) {
    const error = new SagaInterruptedError();
    await compensate(saga.id, error, 'reserve');
    throw error;
  }
  crashIfConfiguredAfter('RESERVED', settings.crashAfter);

  // Persist the sale (and close the cart) in one local transaction.
  const totals = saleTotals(priced);
  let outcome;
  try {
    outcome = await persistSaleOfSaga(
      saga.id,
      { id: saga.id, storeId: saga.storeId, customerId: saga.customerId, createdBy: saga.actorId, total: totals.total, lines: totals.lines },
      saga.cartId,
    );
  } catch (error) {
    await compensate(saga.id, error, 'persist');
    throw error;
  }
  if (!outcome.ok) {
    const error = outcome.reason === 'CART_NOT_OPEN' ? conflict('This cart has already been checked out') : new SagaInterruptedError();
    await compensate(saga.id, error, 'persist');
    throw error;
  }
  crashIfConfiguredAfter('SALE_PERSISTED', settings.crashAfter);

  // Make the reservation final; if inventory does not answer, recovery will.
  await completeSaga(saga.id, 'commit');
  sagaMetrics.revenue(outcome.sale.total);
  return outcome.sale;
}
