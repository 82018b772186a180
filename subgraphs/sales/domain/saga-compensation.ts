import { createLogger } from '../../../platform/logging/logger.js';
import { commitReservation, releaseReservation } from '../data-access/inventory.client.js';
import { completeSagaRow, findSagaById, noteSagaProblem, transitionSaga } from '../data-access/saga.repository.js';
import { failureOf } from './saga-failure.js';
import { sagaMetrics, type SagaStep } from './saga-metrics.js';

const logger = createLogger('sales').child({ component: 'sale-saga' });

/**
 * Compensation: COMPENSATING → release the reservation → FAILED. Never
 * releases once the sale is persisted. When inventory cannot be reached the
 * saga stays COMPENSATING and recovery retries.
 */
export async function compensate(sagaId: string, cause: unknown, step: SagaStep): Promise<void> {
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
