import { lazySubgraphDatabase } from '../../../platform/db/subgraph-database.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

const db = lazySubgraphDatabase('sales', (adapter) => new PrismaClient({ adapter }));

/** The sales subgraph's Prisma client, on PostgreSQL schema "sales". */
export const salesDb = (): PrismaClient => db.prisma();

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export const salesSql = (): SqlClient => db.sql();

export const disconnectSalesDb = (): Promise<void> => db.disconnect();

/** Interactive transactions wait for a pooled connection and may hold row locks a little while under load. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;
