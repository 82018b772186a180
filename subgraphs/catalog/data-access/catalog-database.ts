import { lazySubgraphDatabase } from '../../../platform/db/subgraph-database.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

const db = lazySubgraphDatabase('catalog', (adapter) => new PrismaClient({ adapter }));

/** The catalog subgraph's Prisma client, on PostgreSQL schema "catalog". */
export const catalogDb = (): PrismaClient => db.prisma();

/** Plain SQL on the same pool, for the lookups the router sends by the hundred (see sql-client.ts). */
export const catalogSql = (): SqlClient => db.sql();

export const disconnectCatalogDb = (): Promise<void> => db.disconnect();
