import type { ReadModelTx } from '../data-access/read-model-transaction.js';

/** What a store level's new quantity did to its stock alerts. */
export interface StockAlertChange {
  /** A store whose stock alerts changed. */
  alertsOf?: string;
  /** A new stock alert was raised (counted once the transaction committed). */
  alertRaised?: boolean;
}

export interface StoreLevel {
  storeId: string;
  productId: string;
  quantity: number;
  at: Date;
}

/**
 * UC7, critical stock alerts: at or below the low-stock threshold a store
 * level has one open alert (raised once, its quantity kept current); above
 * it, the open alert is resolved.
 */
export async function raiseOrResolveStockAlert(tx: ReadModelTx, level: StoreLevel, threshold: number): Promise<StockAlertChange> {
  const { storeId, productId, quantity, at } = level;
  const open = await tx.findOpenAlert(storeId, productId);
  if (quantity <= threshold) {
    if (!open) {
      await tx.raiseAlert({ storeId, productId, quantity, threshold, raisedAt: at });
      return { alertsOf: storeId, alertRaised: true };
    }
    if (open.quantity === quantity) return {};
    await tx.updateAlertQuantity(open.id, quantity);
    return { alertsOf: storeId };
  }
  if (open) {
    await tx.resolveAlert(open.id, at);
    return { alertsOf: storeId };
  }
  return {};
}
