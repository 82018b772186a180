import { subgraphAdapter } from '../../../platform/db/pg-adapter.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;

/** Reporting's Prisma client, on PostgreSQL schema "reporting". */
export function reportingDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: subgraphAdapter('reporting') });
  return client;
}

export async function disconnectReportingDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
