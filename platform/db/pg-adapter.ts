import { PrismaPg } from '@prisma/adapter-pg';
import { config, databaseUrl } from '../config/config.js';

/**
 * Driver adapter for one subgraph's Prisma client: queries are qualified with
 * the subgraph's own PostgreSQL schema, and the search_path is pinned to it so
 * raw SQL (conditional stock updates, row locks) lands there too.
 */
export function subgraphAdapter(schema: string, url = databaseUrl(), poolSize = config().DB_POOL_SIZE): PrismaPg {
  return new PrismaPg(
    { connectionString: url, max: poolSize, options: `-c search_path=${schema}`, idleTimeoutMillis: 30_000 },
    { schema },
  );
}
