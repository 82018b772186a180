import { config } from '../../platform/config/config.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startSubgraphServer } from '../../platform/server/subgraph-server.js';
import { createContext } from './context.js';
import { accountsDb, disconnectAccountsDb } from './data-access/accounts-database.js';
import { loginAttempts } from './domain/login-attempts.js';
import { dummyPasswordHash } from './domain/login.use-case.js';
import { seedDemoAccounts } from './domain/seed-demo-accounts.use-case.js';
import { resolvers } from './resolvers.js';

if (config().SEED_DEMO_DATA && (await seedDemoAccounts())) createLogger('accounts').info('seeded demo accounts');
// Ready before the first login, so even the first unknown email costs one key derivation,
// and the failed-login counts' Redis connection is under way (they are in process until it is up).
await dummyPasswordHash();
loginAttempts();

await startSubgraphServer({
  name: 'accounts',
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  createContext,
  readiness: async () => (await accountsDb().$queryRaw`SELECT 1`, true),
  onShutdown: disconnectAccountsDb,
});
