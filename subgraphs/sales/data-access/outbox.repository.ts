import type { NewOutboxEvent, SaleRecorded, SaleReturned, SoldLine } from '../../../contracts/domain-events.js';
import type { OutboxStore } from '../../../platform/events/outbox-relay.js';
import { listOutboxEvents as listOutbox, sqlOutboxStore, type OutboxEventRow } from '../../../platform/events/sql-outbox-store.js';

export { appendToOutbox } from '../../../platform/events/sql-outbox-store.js';
import { salesDb, salesSql } from './sales-database.js';

/**
 * The sales outbox: SaleRecorded and SaleReturned written inside the
 * transaction that persists the sale or the return.
 */

interface DecimalLike {
  toFixed(digits: number): string;
}
const money = (value: string | DecimalLike) => (typeof value === 'string' ? value : value.toFixed(2));

function soldLines(lines: ReadonlyArray<{ productId: string; quantity: number; unitPrice: string | DecimalLike; lineTotal: string | DecimalLike }>): SoldLine[] {
  return lines.map((l) => ({ productId: l.productId, quantity: l.quantity, unitPrice: money(l.unitPrice), lineTotal: money(l.lineTotal) }));
}

export function saleRecorded(sale: {
  id: string;
  storeId: string;
  customerId: string | null;
  total: string | DecimalLike;
  createdAt: Date;
  lines: ReadonlyArray<{ productId: string; quantity: number; unitPrice: string | DecimalLike; lineTotal: string | DecimalLike }>;
}): NewOutboxEvent<SaleRecorded> {
  return {
    type: 'SaleRecorded',
    occurredAt: sale.createdAt,
    payload: {
      saleId: sale.id,
      storeId: sale.storeId,
      customerId: sale.customerId,
      total: money(sale.total),
      lines: soldLines(sale.lines),
      occurredAt: sale.createdAt.toISOString(),
    },
  };
}

export function saleReturned(saleReturn: {
  id: string;
  saleId: string;
  storeId: string;
  refund: string | DecimalLike;
  createdAt: Date;
  lines: ReadonlyArray<{ productId: string; quantity: number; unitPrice: string | DecimalLike; lineTotal: string | DecimalLike }>;
}): NewOutboxEvent<SaleReturned> {
  return {
    type: 'SaleReturned',
    occurredAt: saleReturn.createdAt,
    payload: {
      returnId: saleReturn.id,
      saleId: saleReturn.saleId,
      storeId: saleReturn.storeId,
      refund: money(saleReturn.refund),
      lines: soldLines(saleReturn.lines),
      occurredAt: saleReturn.createdAt.toISOString(),
    },
  };
}

/** The outbox as the relay reads it. */
export function salesOutboxStore(): OutboxStore {
  return sqlOutboxStore(salesSql, 'sales');
}

/** Events of the outbox in order (tests and diagnostics). */
export const listOutboxEvents = (): Promise<OutboxEventRow[]> => listOutbox(salesDb());
