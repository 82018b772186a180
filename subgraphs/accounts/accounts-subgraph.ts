import type { Config } from '../../platform/config/config.js';
import { prepareDatabase } from '../../platform/db/prepare-database.js';
import type { ComposedSubgraph } from '../../platform/server/subgraph-server.js';
import { createContext, type Context } from './context.js';
import { accountsDb, disconnectAccountsDb } from './data-access/accounts-database.js';
import { createLoginAttempts } from './domain/login-attempts.js';
import { dummyPasswordHash } from './domain/login.use-case.js';
import { seedDemoAccounts } from './domain/seed-demo-accounts.use-case.js';
import { resolvers } from './resolvers.js';

export interface AccountsDeps {
  config: Config;
}

/** The accounts subgraph composed from the configuration. */
export function createAccountsSubgraph({ config }: AccountsDeps): ComposedSubgraph<Context> {
  // Made now, so the failed-login counts' Redis connection is under way before the first login (in process until it is up).
  const loginAttempts = createLoginAttempts(config);
  return {
    async prepare() {
      await prepareDatabase('accounts', seedDemoAccounts);
      // Ready before the first login, so even the first unknown email costs one key derivation.
      await dummyPasswordHash();
    },
    startBackground() {},
    server: {
      name: 'accounts',
      config,
      schemaFile: new URL('./schema.graphql', import.meta.url),
      resolvers,
      createContext: (base) => createContext(base, loginAttempts),
      readiness: async () => (await accountsDb().$queryRaw`SELECT 1`, true),
      onShutdown: disconnectAccountsDb,
    },
  };
}
