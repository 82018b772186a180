import { config } from '../../platform/config/config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded-postgres.js';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { startSystem } from './start-system.js';
import { createLogger } from '../../platform/logging/logger.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { buildWebIfStale } from '../web/build-web.js';

/**
 * `npm start`: the whole system on one machine. Without DATABASE_URL an
 * embedded PostgreSQL keeps its data under .data/ (survives restarts).
 */
const c = config();
const logger = createLogger('launcher');

// The web app the router serves at `/`: built when web/dist is missing or older than its sources.
if (buildWebIfStale()) logger.info('web app built (web/dist)');

let embedded: EmbeddedDatabase | undefined;
let databaseUrl = c.DATABASE_URL;
if (!databaseUrl) {
  logger.info({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT }, 'starting embedded PostgreSQL');
  embedded = await startEmbeddedPostgres({ dataDir: c.EMBEDDED_PG_DATA_DIR, port: c.EMBEDDED_PG_PORT });
  databaseUrl = embedded.url;
}

const applied = await applyAllMigrations(databaseUrl);
logger.info({ applied }, 'migrations applied');

const system = await startSystem({ subgraphs: composedSubgraphs, env: { DATABASE_URL: databaseUrl } }).catch(async (error) => {
  await embedded?.stop();
  throw error;
});

const host = c.HOST === '0.0.0.0' ? 'localhost' : c.HOST;
console.log(`
  Retail federation is up.
    Web app          : http://${host}:${c.ROUTER_PORT}/
    GraphQL endpoint : http://${host}:${c.ROUTER_PORT}/graphql
    Playground       : open http://${host}:${c.ROUTER_PORT}/graphql in a browser
    Database         : ${embedded ? `embedded PostgreSQL on port ${c.EMBEDDED_PG_PORT} (data in ${c.EMBEDDED_PG_DATA_DIR})` : 'DATABASE_URL'}
    Demo sign-in     : admin@retail.test / admin (see README for all accounts)
  Ctrl-C stops everything.
`);

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping');
  await system.stop();
  await embedded?.stop();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
