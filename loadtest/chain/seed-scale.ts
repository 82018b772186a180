import { parseArgs } from 'node:util';
import { config } from '../../platform/config/config.js';
import { disconnectAccountsDb } from '../../subgraphs/accounts/data-access/accounts-database.js';
import { seedDemoAccounts } from '../../subgraphs/accounts/domain/seed-demo-accounts.use-case.js';
import { disconnectReportingDb } from '../../subgraphs/reporting/data-access/reporting-database.js';
import { checkChain } from './check-chain.js';
import { chainSize } from './chain-size.js';
import { seedChain } from './seed-chain.js';

/**
 * `npm run seed:scale -- --stores 200 --products 20000 --days 90`: fills
 * DATABASE_URL's (empty) database with a chain of that size, the demo
 * accounts included, then checks the reports against the sales tables and
 * the stock read models against the levels (exit 1 when they disagree).
 * See docs/chain-scale.md.
 */
const { values } = parseArgs({
  options: {
    stores: { type: 'string' },
    products: { type: 'string' },
    days: { type: 'string' },
    'sales-per-store-day': { type: 'string' },
    'return-rate': { type: 'string' },
    'no-check': { type: 'boolean', default: false },
  },
});
const c = config();
if (!c.DATABASE_URL) {
  console.error('seed:scale fills DATABASE_URL\'s database: set DATABASE_URL (an empty database; the migrations are applied first)');
  process.exit(2);
}
const size = chainSize({ stores: values.stores, products: values.products, days: values.days, salesPerStoreDay: values['sales-per-store-day'], returnRate: values['return-rate'] });
const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;
const log = (message: string) => console.log(`[${elapsed()}] ${message}`);
log(`seeding ${size.stores} stores × ${size.products} products × ${size.days} days (${size.salesPerStoreDay} sales per store and day, ${size.returnRate * 100} % returned)`);
try {
  const now = new Date();
  const counts = await seedChain({ databaseUrl: c.DATABASE_URL, size, timeZone: c.REPORT_TIME_ZONE, lowStockThreshold: c.LOW_STOCK_THRESHOLD, now, progress: log });
  if (await seedDemoAccounts()) log('demo accounts');
  for (const [table, rows] of Object.entries(counts)) console.log(`  ${table.padEnd(30)} ${rows.toLocaleString('en')}`);
  log('seeded');
  if (!values['no-check']) {
    const problems = await checkChain(c.DATABASE_URL, { lowStockThreshold: c.LOW_STOCK_THRESHOLD, now });
    for (const problem of problems) console.error(`  ✗ ${problem}`);
    log(problems.length === 0 ? 'checked: reports equal the sales tables, stock read models equal the levels and their ledger' : `check failed: ${problems.length} problems`);
    process.exitCode = problems.length === 0 ? 0 : 1;
  }
} finally {
  await disconnectAccountsDb();
  await disconnectReportingDb();
}
