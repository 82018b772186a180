import { config } from '../platform/config/config.js';
import { applyAllMigrations } from '../platform/db/migrations.js';

/**
 * `npm run db:migrate` and the image's migrate one-shot: applies pending
 * migrations of every subgraph; idempotent. The embedded PostgreSQL is
 * imported only when no DATABASE_URL is set: the image ships without it.
 */
const c = config();
const embedded = c.DATABASE_URL
  ? undefined
  : await (await import('../tools/db/embedded-postgres.js')).startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT });
try {
  const applied = await applyAllMigrations(c.DATABASE_URL ?? embedded!.url);
  for (const [module, names] of Object.entries(applied)) console.log(`${module}: ${names.length ? names.join(', ') : 'up to date'}`);
} finally {
  await embedded?.stop();
}
