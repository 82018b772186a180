import { subgraphAdapter } from '../../../platform/db/pg-adapter.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;

/** The inventory's Prisma client, on PostgreSQL schema "inventory". */
export function inventoryDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: subgraphAdapter('inventory') });
  return client;
}

export async function disconnectInventoryDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
