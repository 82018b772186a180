import { lazySubgraphDatabase } from '../../../platform/db/subgraph-database.js';
import type { SqlClient } from '../../../platform/db/sql-client.js';
import { PrismaClient } from './prisma-client/client.js';

const db = lazySubgraphDatabase('reporting', (adapter) => new PrismaClient({ adapter }));

/** The reporting subgraph's Prisma client, on PostgreSQL schema "reporting". */
export const reportingDb = (): PrismaClient => db.prisma();

/** Plain SQL on the same pool, for the write path's hot statements (see sql-client.ts). */
export const reportingSql = (): SqlClient => db.sql();

export const disconnectReportingDb = (): Promise<void> => db.disconnect();
