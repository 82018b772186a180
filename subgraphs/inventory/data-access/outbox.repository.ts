import type { NewOutboxEvent, ReplenishmentApproved, ReplenishmentRejected, StockChanged } from '../../../contracts/domain-events.js';
import type { OutboxStore } from '../../../platform/events/outbox-relay.js';
import { listOutboxEvents as listOutbox, sqlOutboxStore, type OutboxEventRow } from '../../../platform/events/sql-outbox-store.js';

export { appendToOutbox } from '../../../platform/events/sql-outbox-store.js';
import type { NewStockMovement, ReplenishmentRequest } from '../domain/inventory.js';
import { inventoryDb, inventorySql } from './inventory-database.js';

/**
 * The inventory outbox: StockChanged for every movement of the ledger and
 * ReplenishmentApproved/Rejected, written inside the transaction that makes
 * the change.
 */

export function stockChanged(
  movement: Pick<NewStockMovement, 'locationId' | 'productId' | 'delta' | 'kind' | 'reference'>,
  level: { quantity: number; locationKind: 'STORE' | 'WAREHOUSE' },
  occurredAt: Date,
): NewOutboxEvent<StockChanged> {
  return {
    type: 'StockChanged',
    occurredAt,
    payload: {
      storeId: movement.locationId.toLowerCase(),
      locationKind: level.locationKind,
      productId: movement.productId.toLowerCase(),
      quantity: level.quantity,
      delta: movement.delta,
      kind: movement.kind,
      reference: movement.reference ?? null,
      occurredAt: occurredAt.toISOString(),
    },
  };
}

export function replenishmentDecided(request: ReplenishmentRequest): NewOutboxEvent<ReplenishmentApproved | ReplenishmentRejected> {
  const occurredAt = request.decidedAt ?? new Date();
  return {
    type: request.status === 'APPROVED' ? 'ReplenishmentApproved' : 'ReplenishmentRejected',
    occurredAt,
    payload: {
      requestId: request.id,
      storeId: request.storeId,
      productId: request.productId,
      quantity: request.quantity,
      decidedBy: request.decidedBy,
      reason: request.reason,
      occurredAt: occurredAt.toISOString(),
    },
  };
}

/** The outbox as the relay reads it. */
export function inventoryOutboxStore(): OutboxStore {
  return sqlOutboxStore(inventorySql, 'inventory');
}

/** Events of the outbox in order (tests and diagnostics). */
export const listOutboxEvents = (): Promise<OutboxEventRow[]> => listOutbox(inventoryDb());
