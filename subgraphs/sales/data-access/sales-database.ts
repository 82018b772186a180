import { subgraphAdapter, subgraphPool } from '../../../platform/db/pg-adapter.js';
import { sqlClient, type SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;
let sql: SqlClient | undefined;

/** The sales subgraph's Prisma client, on PostgreSQL schema "sales". */
export function salesDb(): PrismaClient {
  if (!client) {
    client = new PrismaClient({ adapter: subgraphAdapter('sales') });
    sql = sqlClient(subgraphPool('sales')!);
  }
  return client;
}

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export function salesSql(): SqlClient {
  salesDb();
  return sql!;
}

export async function disconnectSalesDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  sql = undefined;
}

/** Interactive transactions wait for a pooled connection and may hold row locks a little while under load. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;
