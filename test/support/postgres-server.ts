import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../tools/db/embedded-postgres.js';
import { postgresAnswers } from '../../tools/db/postgres-answers.js';
import { freePort } from '../../tools/launcher/ports.js';

export interface TestPostgres {
  /** URL of a maintenance database on a server where the tests may CREATE DATABASE. */
  adminUrl: string;
  stop(): Promise<void>;
}

export { freePort } from '../../tools/launcher/ports.js';
export { adminQuery, databaseUrl, uniqueName } from '../../tools/db/scratch-database.js';

/**
 * The machine's PostgreSQL (TEST_DATABASE_ADMIN_URL, default the local
 * server) or, when there is none, an embedded one started for this run.
 */
export async function acquireTestPostgres(): Promise<TestPostgres> {
  const configured = process.env.TEST_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresAnswers(configured)) return { adminUrl: configured, stop: async () => undefined };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-test-pg-'));
  const embedded = await startEmbeddedPostgres({ dataDir: path.join(dir, 'data'), port: await freePort() });
  return { adminUrl: embedded.url, stop: embedded.stop };
}



