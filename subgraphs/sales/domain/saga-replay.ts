import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { conflict, DomainError } from '../../../platform/errors/domain-error.js';
import { findSagaByKey, restartFailedSaga } from '../data-access/saga.repository.js';
import { findSaleById } from '../data-access/sale.repository.js';
import { isClientFailure, type Saga } from './saga.js';
import type { SagaSettings } from './sales-settings.js';
import type { Sale } from './sale.js';

/**
 * Answers a request whose idempotency key is already taken: the first
 * sale, the first failure, or — when the first attempt failed for a reason
 * other than the request (a peer down, a crash) — a fresh attempt. An
 * attempt still running is waited for.
 */
export async function replay(first: Saga, fingerprint: string, settings: SagaSettings, drive: (saga: Saga, settings: SagaSettings) => Promise<Sale>): Promise<Sale> {
  if (first.fingerprint !== fingerprint) {
    throw conflict('This idempotency key was already used for a different request', { field: 'idempotencyKey' });
  }
  const deadline = Date.now() + settings.replayWaitMs;
  let saga: Saga | null = first;
  while (saga) {
    if ((saga.status === 'SALE_PERSISTED' || saga.status === 'COMPLETED') && saga.saleId) return saleOf(saga.saleId);
    if (saga.status === 'FAILED') {
      if (isClientFailure(saga.failureCode)) throw new DomainError(saga.failureCode, saga.failureMessage ?? 'The sale was refused');
      const restarted = await restartFailedSaga(saga.id, randomUUID());
      if (restarted) return drive(restarted, settings);
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
