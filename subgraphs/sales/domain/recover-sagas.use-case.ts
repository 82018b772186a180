import { createLogger } from '../../../platform/logging/logger.js';
import { findReturnsAwaitingRestock } from '../data-access/return.repository.js';
import { claimStaleSagas, transitionSaga } from '../data-access/saga.repository.js';
import { restock } from './return-sale.use-case.js';
import { completeSaga, releaseAndFail } from './saga-compensation.js';
import { sagaMetrics } from './saga-metrics.js';
import { INTERRUPTED, type Saga, type SagaStatus } from './saga.js';
import type { RecoverySettings } from './sales-settings.js';

const logger = createLogger('sales').child({ component: 'saga-recovery' });

const BATCH = 50;

export interface RecoveryReport {
  completed: number;
  rolledBack: number;
  restocked: number;
  /** Left for the next round (a peer still unreachable). */
  pending: number;
}

/**
 * Finishes what a stopped or failing process left behind, once it has been
 * untouched for SAGA_STALE_AFTER_MS:
 * - sagas before SALE_PERSISTED are rolled back: reservation released
 *   (idempotent; an unknown id is tombstoned so a late reserve does
 *   nothing), saga FAILED;
 * - sagas at SALE_PERSISTED are completed: reservation committed, COMPLETED;
 * - returns whose goods inventory has not confirmed are restocked.
 * Sagas are claimed with FOR UPDATE SKIP LOCKED, so processes never share one.
 */
export async function recoverSagas(settings: Pick<RecoverySettings, 'staleAfterMs'>, now = new Date()): Promise<RecoveryReport> {
  const staleBefore = new Date(now.getTime() - settings.staleAfterMs);
  const report: RecoveryReport = { completed: 0, rolledBack: 0, restocked: 0, pending: 0 };

  for (const saga of await claimStaleSagas(staleBefore, BATCH)) {
    try {
      const outcome = await recoverSaga(saga);
      if (outcome === 'completed') report.completed++;
      else if (outcome === 'rolled-back') report.rolledBack++;
      else if (outcome === 'pending') report.pending++;
    } catch (error) {
      report.pending++;
      logger.warn({ err: error, sagaId: saga.id, status: saga.status }, 'saga recovery failed; retrying later');
    }
  }

  for (const pending of await findReturnsAwaitingRestock(staleBefore, BATCH)) {
    if (await restock(pending.id, pending.storeId, pending.lines)) report.restocked++;
    else report.pending++;
  }

  if (report.completed + report.rolledBack + report.restocked + report.pending > 0) logger.info(report, 'saga recovery round');
  return report;
}

/**
 * Runs recovery now and every SAGA_RECOVERY_INTERVAL_MS (never two rounds
 * at once); `stop` waits for the round in progress.
 */
export function startSagaRecovery(settings: RecoverySettings): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const round = () => {
    if (running || stopped) return;
    running = recoverSagas(settings)
      .catch((error) => logger.error({ err: error }, 'saga recovery round failed'))
      .finally(() => {
        running = undefined;
      });
  };
  round();
  const timer = setInterval(round, settings.intervalMs);
  timer.unref();
  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
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
