import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../../../platform/config/config.js';
import { seedOnce } from '../../../platform/db/seed-once.js';
import { demoLocations, demoProducts } from '../../../demo/demo-dataset.js';
import { disconnectInventoryDb } from '../data-access/inventory-database.js';
import { listOutboxEvents } from '../data-access/outbox.repository.js';
import { findLedgerMismatches } from '../data-access/stock.repository.js';
import { seedDemoInventory } from './seed-demo-inventory.use-case.js';

afterAll(disconnectInventoryDb);

describe('demo inventory seed with several replicas', () => {
  it('when two replicas start on an empty inventory at once, then one seeds: every level equals its ledger and has one INITIAL event', async () => {
    const seeded = await Promise.all([1, 2, 3].map(() => seedOnce(databaseUrl(), 'inventory', seedDemoInventory)));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    expect(await findLedgerMismatches()).toEqual([]);
    const initial = (await listOutboxEvents()).filter((e) => e.type === 'StockChanged');
    expect(initial).toHaveLength(demoLocations.length * demoProducts.length);
  });
});
