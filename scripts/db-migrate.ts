import { config } from '../platform/config/config.js';
import { startEmbeddedPostgres } from '../platform/db/embedded-postgres.js';
import { applyAllMigrations } from '../platform/db/migrations.js';

/** `npm run db:migrate`: applies pending migrations of every subgraph; idempotent. */
const c = config();
const embedded = c.DATABASE_URL ? undefined : await startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT });
try {
  const applied = await applyAllMigrations(c.DATABASE_URL ?? embedded!.url);
  for (const [module, names] of Object.entries(applied)) console.log(`${module}: ${names.length ? names.join(', ') : 'up to date'}`);
} finally {
  await embedded?.stop();
}
