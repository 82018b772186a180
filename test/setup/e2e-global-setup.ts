import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { startSystem } from '../../tools/launcher/start-system.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { freeServicePorts } from '../../tools/launcher/ports.js';
import { acquireTestPostgres, adminQuery, databaseUrl, uniqueName } from '../support/postgres-server.js';
import { acquireTestRedis } from '../support/redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    routerUrl: string;
    e2eDatabaseUrl: string;
    /** Base URL (no path) of every running service by name: router, catalog … */
    serviceUrls: Record<string, string>;
    /** The system's SUBGRAPH_SIGNING_SECRET (random per run, not the development default). */
    subgraphSigningSecret: string;
  }
}

/**
 * The whole system for end-to-end tests: a fresh migrated database, every
 * subgraph and the router as real processes on free ports, demo data seeded
 * exactly as `npm start` does, and Redis when the machine has one.
 */
export default async function setup(project: TestProject) {
  const server = await acquireTestPostgres();
  const database = uniqueName('retail_e2e');
  await adminQuery(server.adminUrl, `CREATE DATABASE "${database}"`);
  const url = databaseUrl(server.adminUrl, database);
  await applyAllMigrations(url);
  const env: NodeJS.ProcessEnv = {
    DATABASE_URL: url,
    LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? 'warn',
    PASSWORD_HASH_COST: '1024',
    SEED_DEMO_DATA: 'true',
    // Above SUBGRAPH_TIMEOUT_MS on a loaded machine, so recovery never races a live saga.
    SAGA_STALE_AFTER_MS: '12000',
    SUBGRAPH_TIMEOUT_MS: '10000',
    SAGA_RECOVERY_INTERVAL_MS: '500',
    // Not the default the test processes would sign with: only what is handed to a test signs for this system.
    SUBGRAPH_SIGNING_SECRET: randomBytes(32).toString('hex'),
    ...(await freeServicePorts()),
  };
  // Redis (event streams, cache) when there is one, under a prefix of this run's own; otherwise
  // (or with E2E_REDIS=off) the embedded default: the launcher's in-process bus, in-process caches.
  const redis = process.env.E2E_REDIS === 'off' ? null : await acquireTestRedis();
  // With Redis, the router's response cache is on: every end-to-end test also checks that it never changes an answer.
  if (redis) Object.assign(env, { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix, RESPONSE_CACHE_ENABLED: 'true' });
  const system = await startSystem({ subgraphs: composedSubgraphs, env }).catch(async (error) => {
    await redis?.stop();
    throw error;
  });
  project.provide('routerUrl', system.routerUrl);
  project.provide('e2eDatabaseUrl', url);
  project.provide('serviceUrls', Object.fromEntries(system.services.map((s) => [s.name, s.baseUrl])));
  project.provide('subgraphSigningSecret', env.SUBGRAPH_SIGNING_SECRET!);
  return async () => {
    await system.stop();
    await redis?.stop();
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await server.stop();
  };
}
