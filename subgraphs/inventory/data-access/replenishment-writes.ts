import type { ReplenishmentRequest } from '../domain/inventory.js';
import type { Effects, InventoryTx, Tx } from './inventory-tx.js';
import { appendToOutbox, replenishmentDecided } from './outbox.repository.js';
import { toReplenishmentRequest } from './rows.js';

/** A unit of work's writes of replenishment requests: lock one, decide it (with its outbox event). */
export function replenishmentWrites(tx: Tx, effects: Effects): Pick<InventoryTx, 'lockReplenishmentRequest' | 'decideReplenishmentRequest'> {
  return {
    async lockReplenishmentRequest(id) {
      const rows = await tx.$queryRaw<ReplenishmentRequest[]>`
        SELECT * FROM "ReplenishmentRequest" WHERE id = ${id}::uuid FOR UPDATE`;
      return rows[0] ? toReplenishmentRequest(rows[0]) : null;
    },

    async decideReplenishmentRequest(id, { status, decidedBy, reason }) {
      const row = await tx.replenishmentRequest.update({ where: { id }, data: { status, decidedBy, decidedAt: new Date(), reason } });
      const request = toReplenishmentRequest(row);
      await appendToOutbox(tx, [replenishmentDecided(request)]);
      effects.events++;
      return request;
    },
  };
}
