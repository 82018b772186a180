import { subgraphAdapter } from '../../../platform/db/pg-adapter.js';
import { PrismaClient } from './prisma-client/client.js';

let client: PrismaClient | undefined;

/** The catalog's Prisma client, on PostgreSQL schema "catalog". */
export function catalogDb(): PrismaClient {
  client ??= new PrismaClient({ adapter: subgraphAdapter('catalog') });
  return client;
}

export async function disconnectCatalogDb(): Promise<void> {
  await client?.$disconnect();
  client = undefined;
}
