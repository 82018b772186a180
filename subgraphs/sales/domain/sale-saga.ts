import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { GraphQLError } from 'graphql';
import { config } from '../../../platform/config/config.js';
import { conflict, DomainError } from '../../../platform/errors/domain-error.js';
import { createLogger } from '../../../platform/logging/logger.js';
import { fetchCatalogProducts } from '../data-access/catalog.client.js';
import { commitReservation, releaseReservation, reserveStock } from '../data-access/inventory.client.js';
import {
  completeSagaRow,
  findSagaById,
  findSagaByKey,
  insertSagaOnce,
  noteSagaProblem,
  persistSaleOfSaga,
  restartFailedSaga,
  transitionSaga,
} from '../data-access/saga.repository.js';
import { findSaleById } from '../data-access/sale.repository.js';
import { SubgraphUnavailableError } from '../data-access/subgraph-client.js';
import { INTERRUPTED, isClientFailure, type Saga, type SagaStatus } from './saga.js';
import { crashIfConfiguredAfter } from './saga-fault.js';
import type { LineRequest, PricedLine, Sale } from './sale.js';
import { priceLines, saleFingerprint, saleTotals, type SaleRequestIdentity } from './sale-rules.js';
import { sagaMetrics, type SagaStep } from './saga-metrics.js';

const logger = createLogger('sales').child({ component: 'sale-saga' });

/** A validated, authorised request for a sale (till or checkout). */
export interface SaleRequest extends SaleRequestIdentity {
  actorId: string;
  /** Null: the request cannot be retried safely, a key is generated. */
  idempotencyKey: string | null;
}

/** The saga lost its footing (recovery rolled it back while it was slow); nothing was sold. */
class SagaInterruptedError extends GraphQLError {
  constructor() {
    super('The sale was interrupted and rolled back; nothing was sold. Try again.', { extensions: { code: 'SERVICE_UNAVAILABLE' } });
  }
}

function failureOf(error: unknown): { failureCode: string; failureMessage: string } {
  if (error instanceof DomainError) return { failureCode: error.code, failureMessage: error.message };
  if (error instanceof SubgraphUnavailableError || error instanceof SagaInterruptedError) return { failureCode: 'SERVICE_UNAVAILABLE', failureMessage: error.message };
  return { failureCode: 'INTERNAL', failureMessage: error instanceof Error ? error.message : String(error) };
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
export async function runSaleSaga(request: SaleRequest): Promise<Sale> {
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
  if (!created) return replay(saga, fingerprint);
  sagaMetrics.started();
  if (!priced) {
    sagaMetrics.failed('pricing');
    throw refusal;
  }
  crashIfConfiguredAfter('PRICED');
  return reserveAndPersist(saga, priced);
}

async function price(lines: readonly LineRequest[]): Promise<PricedLine[]> {
  return priceLines(lines, await fetchCatalogProducts(lines.map((l) => l.productId)));
}

/** All steps for a saga this request owns in status STARTED (a restart after a failure). */
async function drive(saga: Saga): Promise<Sale> {
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
  crashIfConfiguredAfter('PRICED');
  return reserveAndPersist(saga, priced);
}

/** Steps after pricing, for a PRICED saga this request owns. */
async function reserveAndPersist(saga: Saga, priced: PricedLine[]): Promise<Sale> {
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
  crashIfConfiguredAfter('RESERVED');

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
  crashIfConfiguredAfter('SALE_PERSISTED');

  // Make the reservation final; if inventory does not answer, recovery will.
  await completeSaga(saga.id, 'commit');
  sagaMetrics.revenue(outcome.sale.total);
  return outcome.sale;
}

/**
 * Answers a request whose idempotency key is already taken: the first
 * sale, the first failure, or — when the first attempt failed for a reason
 * other than the request (a peer down, a crash) — a fresh attempt. An
 * attempt still running is waited for.
 */
async function replay(first: Saga, fingerprint: string): Promise<Sale> {
  if (first.fingerprint !== fingerprint) {
    throw conflict('This idempotency key was already used for a different request', { field: 'idempotencyKey' });
  }
  const c = config();
  const deadline = Date.now() + 3 * c.SUBGRAPH_TIMEOUT_MS + 2_000;
  let saga: Saga | null = first;
  while (saga) {
    if ((saga.status === 'SALE_PERSISTED' || saga.status === 'COMPLETED') && saga.saleId) return saleOf(saga.saleId);
    if (saga.status === 'FAILED') {
      if (isClientFailure(saga.failureCode)) throw new DomainError(saga.failureCode, saga.failureMessage ?? 'The sale was refused');
      const restarted = await restartFailedSaga(saga.id, randomUUID());
      if (restarted) return drive(restarted);
    } else {
      if (Date.now() > deadline) throw conflict('A request with this idempotency key is still in progress; try again shortly', { field: 'idempotencyKey' });
      await sleep(50);
    }
    saga = await findSagaByKey(saga.idempotencyKey);
  }
  throw new Error(`Saga ${first.id} disappeared`);
}

async function saleOf(saleId: string): Promise<Sale> {
  const sale = await findSaleById(saleId);
  if (!sale) throw new Error(`Sale ${saleId} of a persisted saga is missing`);
  return sale;
}

/**
 * Compensation: COMPENSATING → release the reservation → FAILED. Never
 * releases once the sale is persisted. When inventory cannot be reached the
 * saga stays COMPENSATING and recovery retries.
 */
async function compensate(sagaId: string, cause: unknown, step: SagaStep): Promise<void> {
  sagaMetrics.compensated(step);
  try {
    const moved = await transitionSaga(sagaId, ['STARTED', 'PRICED', 'RESERVED', 'COMPENSATING'], 'COMPENSATING', failureOf(cause));
    if (!moved && (await findSagaById(sagaId))?.status !== 'FAILED') return;
    await releaseAndFail(sagaId);
  } catch (error) {
    logger.warn({ err: error, sagaId }, 'compensation deferred to recovery');
  }
}

/** Releases the saga's reservation (idempotent; tombstones an unknown id) and marks the saga FAILED. */
export async function releaseAndFail(sagaId: string): Promise<void> {
  await releaseReservation(sagaId);
  await transitionSaga(sagaId, ['COMPENSATING'], 'FAILED');
}

/** Commits the reservation of a persisted sale and marks the saga COMPLETED; on failure it stays SALE_PERSISTED. */
export async function completeSaga(sagaId: string, step: SagaStep): Promise<boolean> {
  try {
    await commitReservation(sagaId);
    await completeSagaRow(sagaId);
    sagaMetrics.completed(step);
    return true;
  } catch (error) {
    logger.warn({ err: error, sagaId }, 'commit of the reservation deferred to recovery');
    const { failureCode, failureMessage } = failureOf(error);
    await noteSagaProblem(sagaId, 'SALE_PERSISTED', failureCode, failureMessage).catch(() => undefined);
    return false;
  }
}

/**
 * Recovery of one claimed saga: a persisted sale is completed (forward);
 * anything before it is rolled back (reservation released, FAILED).
 * Returns what happened, or null when another actor moved the saga first.
 */
export async function recoverSaga(saga: Saga): Promise<'completed' | 'rolled-back' | 'pending' | null> {
  if (saga.status === 'SALE_PERSISTED') return (await completeSaga(saga.id, 'recovery')) ? 'completed' : 'pending';
  const from: SagaStatus[] = [saga.status];
  const moved = await transitionSaga(saga.id, from, 'COMPENSATING', {
    failureCode: saga.failureCode ?? INTERRUPTED,
    failureMessage: saga.failureMessage ?? 'The sale was interrupted and rolled back; nothing was sold',
  });
  if (!moved) return null;
  sagaMetrics.compensated('recovery');
  await releaseAndFail(saga.id);
  return 'rolled-back';
}
