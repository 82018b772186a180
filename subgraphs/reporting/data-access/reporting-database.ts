import { subgraphAdapter, subgraphPool } from '../../../platform/db/pg-adapter.js';
import { sqlClient, type SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;
let sql: SqlClient | undefined;

/** Reporting's Prisma client, on PostgreSQL schema "reporting". */
export function reportingDb(): PrismaClient {
  if (!client) {
    client = new PrismaClient({ adapter: subgraphAdapter('reporting') });
    sql = sqlClient(subgraphPool('reporting')!);
  }
  return client;
}

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export function reportingSql(): SqlClient {
  reportingDb();
  return sql!;
}

export async function disconnectReportingDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
  sql = undefined;
}
