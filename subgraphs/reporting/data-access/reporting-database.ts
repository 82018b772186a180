import { subgraphConnection } from '../../../platform/db/pg-adapter.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

let db: { prisma: PrismaClient; sql: SqlClient } | undefined;

function open() {
  if (!db) {
    const { adapter, sql } = subgraphConnection('reporting');
    db = { prisma: new PrismaClient({ adapter }), sql };
  }
  return db;
}

/** Reporting's Prisma client, on PostgreSQL schema "reporting". */
export function reportingDb(): PrismaClient {
  return open().prisma;
}

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export function reportingSql(): SqlClient {
  return open().sql;
}

export async function disconnectReportingDb(): Promise<void> {
  await db?.prisma.$disconnect();
  db = undefined;
}
