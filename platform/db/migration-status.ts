import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { Logger } from '../logging/logger.js';

/** Root of the Prisma schemas: one folder per subgraph, named after it (also its PostgreSQL schema). */
export const prismaRoot = path.resolve(import.meta.dirname, '../../prisma');

/** The migration folders of a subgraph, in the order they apply (`<14-digit timestamp>_<name>`). */
export async function migrationNames(migrationsDir: string): Promise<string[]> {
  const names = await readdir(migrationsDir).catch(() => [] as string[]);
  return names.filter((n) => /^\d{14}_/.test(n)).sort();
}

/**
 * Migrations this code ships for `schema` that its database has not
 * finished applying (the engine records each in `<schema>._prisma_migrations`).
 */
export async function missingMigrations(url: string, schema: string): Promise<string[]> {
  const shipped = await migrationNames(path.join(prismaRoot, schema, 'migrations'));
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const table = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}"._prisma_migrations`]);
    if (!table.rows[0]?.present) return shipped;
    const applied = await client.query<{ name: string }>(
      `SELECT migration_name AS name FROM "${schema}"._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    );
    const done = new Set(applied.rows.map((r) => r.name));
    return shipped.filter((name) => !done.has(name));
  } finally {
    await client.end();
  }
}

/**
 * Waits until the database has every migration this code ships for
 * `schema`: a service started before the migrations ran (Kubernetes starts
 * the migration Job and the Deployments together; a rolling update brings
 * code with a new migration) neither seeds nor serves until they are in.
 * The database being unreachable is waited out the same way.
 */
export async function waitForMigrations(url: string, schema: string, logger: Logger, intervalMs = 2_000): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const missing = await missingMigrations(url, schema).catch((error: Error) => [`(database unreachable: ${error.message})`]);
    if (missing.length === 0) return;
    if (attempt % 15 === 0) logger.warn({ schema, missing }, 'waiting for the database migrations (npm run db:migrate, the migrate Job)');
    await sleep(intervalMs);
  }
}
