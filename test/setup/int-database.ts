import { afterAll, inject } from 'vitest';
import { adminQuery, databaseUrl, uniqueName } from '../support/postgres-server.js';

/**
 * Runs before each integration test file: a fresh database cloned from the
 * migrated template becomes DATABASE_URL for everything the file imports.
 */
const adminUrl = inject('adminDatabaseUrl');
const database = uniqueName('retail_it');
await adminQuery(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${inject('templateDatabase')}"`);
process.env.DATABASE_URL = databaseUrl(adminUrl, database);
// The code under test uses its embedded defaults (in-process cache and event bus); files that test
// Redis connect to it themselves (TEST_REDIS_URL). A REDIS_URL in the developer's shell must not
// change what these tests exercise, nor leave their keys in that Redis.
delete process.env.REDIS_URL;
delete process.env.REDIS_KEY_PREFIX;
process.env.PASSWORD_HASH_COST ??= '1024';
process.env.LOG_LEVEL ??= 'warn';

afterAll(async () => {
  await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
});
