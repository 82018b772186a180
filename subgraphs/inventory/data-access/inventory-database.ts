import { lazySubgraphDatabase } from '../../../platform/db/subgraph-database.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

const db = lazySubgraphDatabase('inventory', (adapter) => new PrismaClient({ adapter }));

/** The inventory subgraph's Prisma client, on PostgreSQL schema "inventory". */
export const inventoryDb = (): PrismaClient => db.prisma();

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export const inventorySql = (): SqlClient => db.sql();

export const disconnectInventoryDb = (): Promise<void> => db.disconnect();
