import type { ErrorCode } from '../../../platform/errors/domain-error.js';
import type { LineRequest, PricedLine } from './sale.js';

/**
 * Persisted state of one recordSale/checkout saga. Its id is also the id of
 * the stock reservation in inventory and of the sale it produces.
 *
 *   STARTED → PRICED → RESERVED → SALE_PERSISTED → COMPLETED
 *      └─────────┴─────────┴→ COMPENSATING → FAILED   (stock released)
 */
export type SagaStatus = 'STARTED' | 'PRICED' | 'RESERVED' | 'SALE_PERSISTED' | 'COMPLETED' | 'COMPENSATING' | 'FAILED';
export type SagaKind = 'RECORD_SALE' | 'CHECKOUT';

export interface Saga {
  id: string;
  idempotencyKey: string;
  fingerprint: string;
  kind: SagaKind;
  status: SagaStatus;
  storeId: string;
  cartId: string | null;
  customerId: string | null;
  actorId: string;
  lines: LineRequest[];
  pricedLines: PricedLine[] | null;
  saleId: string | null;
  failureCode: string | null;
  failureMessage: string | null;
  attempts: number;
  updatedAt: Date;
}

export type NewSaga = Pick<Saga, 'id' | 'idempotencyKey' | 'fingerprint' | 'kind' | 'storeId' | 'cartId' | 'customerId' | 'actorId' | 'lines'> &
  /** A saga priced before it is inserted starts PRICED (or FAILED when pricing refused it); STARTED by default. */
  Partial<Pick<Saga, 'pricedLines' | 'failureCode' | 'failureMessage'>> & { status?: Extract<SagaStatus, 'STARTED' | 'PRICED' | 'FAILED'> };

/** Steps that may still hold stock in inventory: recovery releases them. */
export const UNFINISHED_BEFORE_SALE: readonly SagaStatus[] = ['STARTED', 'PRICED', 'RESERVED', 'COMPENSATING'];

/** Failure code of a saga that recovery rolled back after its process stopped mid-way. */
export const INTERRUPTED = 'INTERRUPTED';

const CLIENT_FAILURES: ReadonlySet<string> = new Set<ErrorCode>(['BAD_USER_INPUT', 'NOT_FOUND', 'INSUFFICIENT_STOCK', 'CONFLICT', 'FORBIDDEN', 'UNAUTHENTICATED']);

/**
 * A failure of the request itself (unknown product, not enough stock …) is
 * the answer to every retry with the same key. Any other failure (a peer
 * down, a crash) was compensated, so a retry with the same key starts over.
 */
export function isClientFailure(code: string | null): code is ErrorCode {
  return code !== null && CLIENT_FAILURES.has(code);
}
