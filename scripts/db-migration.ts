import { config } from '../platform/config/config.js';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.js';
import { createMigrations } from '../platform/db/migrations.js';

/** `npm run db:migration -- <name>`: writes a migration for every Prisma schema that changed. */
const name = process.argv[2];
if (!name) {
  console.error('usage: npm run db:migration -- <name>');
  process.exit(2);
}
const c = config();
const embedded = c.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT });
try {
  const written = await createMigrations(c.DATABASE_URL ?? embedded!.url, name);
  console.log(written.length ? written.map((w) => `wrote prisma/${w}/migration.sql`).join('\n') : 'No schema changes: nothing written');
} finally {
  await embedded?.stop();
}
