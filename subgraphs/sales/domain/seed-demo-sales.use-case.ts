import { demoSalesHistory } from '../../../demo/demo-dataset.js';
import { countSales, insertHistoricSales } from '../data-access/sale.repository.js';
import { saleTotals } from './sale-rules.js';

/** Seeds 14 days of completed demo sales into an empty sales database; true when it did. */
export async function seedDemoSales(now = new Date()): Promise<boolean> {
  if ((await countSales()) > 0) return false;
  const sales = demoSalesHistory(now).map((sale) => {
    const totals = saleTotals(sale.lines);
    return { id: sale.id, storeId: sale.storeId, createdAt: sale.createdAt, total: totals.total, lines: totals.lines };
  });
  await insertHistoricSales(sales);
  return true;
}
