import type { TestProject } from 'vitest/node';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { acquireTestPostgres, adminQuery, databaseUrl, uniqueName } from '../support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminDatabaseUrl: string;
    templateDatabase: string;
  }
}

/**
 * Migrates one template database per run; every integration test file gets
 * its own copy (test/setup/int-database.ts), so files never see each other's
 * rows and runs never collide.
 */
export default async function setup(project: TestProject) {
  const server = await acquireTestPostgres();
  const template = uniqueName('retail_tmpl');
  await adminQuery(server.adminUrl, `CREATE DATABASE "${template}"`);
  await applyAllMigrations(databaseUrl(server.adminUrl, template));
  project.provide('adminDatabaseUrl', server.adminUrl);
  project.provide('templateDatabase', template);
  return async () => {
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await server.stop();
  };
}
