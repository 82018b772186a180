import { wakeOutboxRelay } from '../../../platform/events/outbox-relay.js';
import { inventoryDb } from './inventory-database.js';
import type { Effects, InventoryTx, Tx } from './inventory-tx.js';
import { replenishmentWrites } from './replenishment-writes.js';
import { reservationWrites } from './reservation-writes.js';
import { invalidateStock } from './stock-cache.js';
import { stockLevelWrites } from './stock-level-writes.js';

/** The stock operations of one transaction: every conditional write, by what it writes. */
function unitOfWork(tx: Tx, effects: Effects): InventoryTx {
  return { ...replenishmentWrites(tx, effects), ...stockLevelWrites(tx, effects), ...reservationWrites(tx) };
}

/**
 * Runs `work` in one transaction (READ COMMITTED: conditional updates re-check
 * the newest row version after waiting for a lock). Once it has committed,
 * the cached stock it changed is invalidated (before the caller answers, so
 * a client reads its own write) and the outbox relay is woken. Waits generously for a
 * pooled connection so bursts queue instead of failing.
 */
export async function inInventoryTransaction<T>(work: (tx: InventoryTx) => Promise<T>): Promise<T> {
  const effects: Effects = { events: 0, levels: [] };
  const result = await inventoryDb().$transaction((tx) => work(unitOfWork(tx, effects)), { maxWait: 15_000, timeout: 30_000 });
  await afterCommit(effects);
  return result;
}

/** After the commit: cached stock of the changed levels is stale, the relay has events to publish. */
export async function afterCommit(effects: Effects): Promise<void> {
  if (effects.levels.length > 0) await invalidateStock(effects.levels);
  if (effects.events > 0) wakeOutboxRelay('inventory');
}
