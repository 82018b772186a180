import { subgraphConnection } from '../../../platform/db/pg-adapter.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

let db: { prisma: PrismaClient; sql: SqlClient } | undefined;

function open() {
  if (!db) {
    const { adapter, sql } = subgraphConnection('sales');
    db = { prisma: new PrismaClient({ adapter }), sql };
  }
  return db;
}

/** The sales subgraph's Prisma client, on PostgreSQL schema "sales". */
export function salesDb(): PrismaClient {
  return open().prisma;
}

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export function salesSql(): SqlClient {
  return open().sql;
}

export async function disconnectSalesDb(): Promise<void> {
  await db?.prisma.$disconnect();
  db = undefined;
}

/** Interactive transactions wait for a pooled connection and may hold row locks a little while under load. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;
