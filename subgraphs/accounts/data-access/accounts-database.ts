import { subgraphAdapter } from '../../../platform/db/pg-adapter.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;

/** The accounts' Prisma client, on PostgreSQL schema "accounts". */
export function accountsDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: subgraphAdapter('accounts') });
  return client;
}

export async function disconnectAccountsDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
