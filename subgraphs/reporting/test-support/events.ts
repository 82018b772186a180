import { randomUUID } from 'node:crypto';
import type { DomainEvent, SaleRecordedPayload, SaleReturnedPayload, StockChangedPayload } from '../../../contracts/domain-events.js';

/** Domain events as sales and inventory publish them, for the reporting tests. */

let sequence = 1_000_000;

export function saleRecorded(input: {
  storeId: string;
  occurredAt: Date;
  lines: Array<{ productId: string; quantity: number; unitPrice: string }>;
  saleId?: string;
}): DomainEvent<'SaleRecorded', SaleRecordedPayload> {
  const lines = input.lines.map((l) => ({ ...l, lineTotal: times(l.unitPrice, l.quantity) }));
  return {
    id: randomUUID(),
    type: 'SaleRecorded',
    source: 'sales',
    sequence: ++sequence,
    occurredAt: input.occurredAt.toISOString(),
    payload: {
      saleId: input.saleId ?? randomUUID(),
      storeId: input.storeId,
      customerId: null,
      total: sum(lines.map((l) => l.lineTotal)),
      lines,
      occurredAt: input.occurredAt.toISOString(),
    },
  };
}

export function saleReturned(sale: DomainEvent<'SaleRecorded', SaleRecordedPayload>, occurredAt: Date, lines: Array<{ productId: string; quantity: number }>): DomainEvent<'SaleReturned', SaleReturnedPayload> {
  const priced = lines.map((l) => {
    const unitPrice = sale.payload.lines.find((s) => s.productId === l.productId)!.unitPrice;
    return { productId: l.productId, quantity: l.quantity, unitPrice, lineTotal: times(unitPrice, l.quantity) };
  });
  return {
    id: randomUUID(),
    type: 'SaleReturned',
    source: 'sales',
    sequence: ++sequence,
    occurredAt: occurredAt.toISOString(),
    payload: {
      returnId: randomUUID(),
      saleId: sale.payload.saleId,
      storeId: sale.payload.storeId,
      refund: sum(priced.map((l) => l.lineTotal)),
      lines: priced,
      occurredAt: occurredAt.toISOString(),
    },
  };
}

export function stockChanged(input: { storeId: string; productId: string; quantity: number; delta?: number; warehouse?: boolean; sequence?: number; occurredAt?: Date }): DomainEvent<'StockChanged', StockChangedPayload> {
  const occurredAt = (input.occurredAt ?? new Date()).toISOString();
  return {
    id: randomUUID(),
    type: 'StockChanged',
    source: 'inventory',
    sequence: input.sequence ?? ++sequence,
    occurredAt,
    payload: {
      storeId: input.storeId,
      locationKind: input.warehouse ? 'WAREHOUSE' : 'STORE',
      productId: input.productId,
      quantity: input.quantity,
      delta: input.delta ?? 0,
      kind: 'ADJUSTMENT',
      reference: null,
      occurredAt,
    },
  };
}

const cents = (v: string) => Math.round(Number(v) * 100);
const money = (c: number) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`;
export const times = (price: string, quantity: number) => money(cents(price) * quantity);
export const sum = (values: string[]) => money(values.reduce((n, v) => n + cents(v), 0));
