import { lazySubgraphDatabase } from '../../../platform/db/subgraph-database.js';
import { PrismaClient } from './prisma-client/client.js';

const db = lazySubgraphDatabase('accounts', (adapter) => new PrismaClient({ adapter }));

/** The accounts subgraph's Prisma client, on PostgreSQL schema "accounts". */
export const accountsDb = (): PrismaClient => db.prisma();

export const disconnectAccountsDb = (): Promise<void> => db.disconnect();
