import { subgraphAdapter } from '../../../platform/db/pg-adapter.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;

/** The sales subgraph's Prisma client, on PostgreSQL schema "sales". */
export function salesDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: subgraphAdapter('sales') });
  return client;
}

export async function disconnectSalesDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}

/** Interactive transactions wait for a pooled connection and may hold row locks a little while under load. */
export const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 20_000 } as const;
