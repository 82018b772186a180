import { subgraphAdapter, subgraphPool } from '../../../platform/db/pg-adapter.js';
import { sqlClient, type SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;
let sql: SqlClient | undefined;

/** The inventory's Prisma client, on PostgreSQL schema "inventory". */
export function inventoryDb(): PrismaClient {
  if (!client) {
    client = new PrismaClient({ adapter: subgraphAdapter('inventory') });
    sql = sqlClient(subgraphPool('inventory')!);
  }
  return client;
}

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export function inventorySql(): SqlClient {
  inventoryDb();
  return sql!;
}

export async function disconnectInventoryDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  sql = undefined;
}
