import { afterAll, describe, expect, it } from 'vitest';
import { databaseUrl } from '../../../platform/config/config.js';
import { seedOnce } from '../../../platform/db/seed-once.js';
import { demoSalesHistory } from '../../../demo/demo-dataset.js';
import { listOutboxEvents } from '../data-access/outbox.repository.js';
import { disconnectSalesDb } from '../data-access/sales-database.js';
import { seedDemoSales } from './seed-demo-sales.use-case.js';

afterAll(disconnectSalesDb);

describe('demo sales seed with several replicas', () => {
  it('when two replicas start on an empty sales database at once, then one seeds: one SaleRecorded event per historic sale', async () => {
    const now = new Date();
    const seeded = await Promise.all([1, 2, 3].map(() => seedOnce(databaseUrl(), 'sales', () => seedDemoSales(now))));
    expect(seeded.filter(Boolean)).toHaveLength(1);
    const recorded = (await listOutboxEvents()).filter((e) => e.type === 'SaleRecorded');
    expect(recorded).toHaveLength(demoSalesHistory(now).length);
  });
});
