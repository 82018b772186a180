import { config } from '../../platform/config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { createMigrations } from '../../platform/db/migrations.js';

/**
 * `npm run db:migration -- <name> [--only <subgraph>]`: writes a migration for
 * every Prisma schema (or only the named one) that differs from its migrations.
 */
const args = process.argv.slice(2);
const onlyAt = args.indexOf('--only');
const only = onlyAt >= 0 ? args.splice(onlyAt, 2)[1] : undefined;
const name = args[0];
if (!name) {
  console.error('usage: npm run db:migration -- <name> [--only <subgraph>]');
  process.exit(2);
}
const c = config();
const embedded = c.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT });
try {
  const written = await createMigrations(c.DATABASE_URL ?? embedded!.url, name, only);
  console.log(written.length ? written.map((w) => `wrote prisma/${w}/migration.sql`).join('\n') : 'No schema changes: nothing written');
} finally {
  await embedded?.stop();
}
