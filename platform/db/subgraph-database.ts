import type { PrismaPg } from '@prisma/adapter-pg';
import { subgraphConnection } from './pg-adapter.js';
import type { SqlClient } from './sql-client.js';

export interface SubgraphDatabase<TPrisma> {
  /** The subgraph's Prisma client, on its own PostgreSQL schema. */
  prisma(): TPrisma;
  /** Plain SQL on the same pool, for hot statements (see sql-client.ts). */
  sql(): SqlClient;
  /** Closes the pool; the next use opens a new one. */
  disconnect(): Promise<void>;
}

/**
 * A subgraph's database, opened on first use: importing a repository
 * connects nothing, and tests may set DATABASE_URL before the first query.
 * Each subgraph passes its own generated PrismaClient.
 */
export function lazySubgraphDatabase<TPrisma extends { $disconnect(): Promise<void> }>(schema: string, createPrisma: (adapter: PrismaPg) => TPrisma): SubgraphDatabase<TPrisma> {
  let db: { prisma: TPrisma; sql: SqlClient } | undefined;
  const open = () => {
    if (!db) {
      const { adapter, sql } = subgraphConnection(schema);
      db = { prisma: createPrisma(adapter), sql };
    }
    return db;
  };
  return {
    prisma: () => open().prisma,
    sql: () => open().sql,
    async disconnect() {
      await db?.prisma.$disconnect();
      db = undefined;
    },
  };
}
