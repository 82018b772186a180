import type { Config } from '../../../platform/config/config.js';

/** Bounds of the dashboard's stock figures and of the low-stock filter. */
export interface StockThresholds {
  /** A level at or below this many units is low stock, a stock-out on the dashboard (LOW_STOCK_THRESHOLD). */
  low: number;
  /** A level at or above this many units is overstock on the dashboard (OVERSTOCK_THRESHOLD). */
  high: number;
}

/** What inventory's domain needs of the configuration, read once at its composition root (inventory-subgraph.ts). */
export interface InventorySettings {
  thresholds: StockThresholds;
  /** A held reservation older than this is released (RESERVATION_TTL_SECONDS). */
  reservationTtlSeconds: number;
  /** How often expired reservations are released and the stock histogram folded (SAGA_RECOVERY_INTERVAL_MS). */
  jobIntervalMs: number;
  /** How often the outbox relay looks for unpublished events (OUTBOX_POLL_INTERVAL_MS). */
  outboxPollIntervalMs: number;
}

export function inventorySettings(c: Config): InventorySettings {
  return {
    thresholds: { low: c.LOW_STOCK_THRESHOLD, high: c.OVERSTOCK_THRESHOLD },
    reservationTtlSeconds: c.RESERVATION_TTL_SECONDS,
    jobIntervalMs: c.SAGA_RECOVERY_INTERVAL_MS,
    outboxPollIntervalMs: c.OUTBOX_POLL_INTERVAL_MS,
  };
}
