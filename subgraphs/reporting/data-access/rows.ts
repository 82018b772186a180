import type { StockAlert } from '../domain/reporting.js';

export function toStockAlert(row: StockAlert): StockAlert {
  return {
    id: row.id,
    storeId: row.storeId,
    productId: row.productId,
    quantity: Number(row.quantity),
    threshold: Number(row.threshold),
    raisedAt: row.raisedAt,
    resolvedAt: row.resolvedAt,
  };
}
