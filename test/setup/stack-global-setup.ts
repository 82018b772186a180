import type { TestProject } from 'vitest/node';
import { applyAllMigrations } from '../../platform/db/migrations.js';
import { findExecutable } from '../../tools/launcher/daemon-process.js';
import { findNginx } from '../../tools/launcher/nginx-process.js';
import { acquireTestPostgres, adminQuery, databaseUrl, uniqueName } from '../support/postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    stackAdminDatabaseUrl: string;
    stackTemplateDatabase: string;
  }
}

/**
 * The production topology tests (test/stack): real Nginx and redis-server
 * from the machine (CI installs Debian's nginx-light), PostgreSQL as for the
 * other suites. One migrated template database per run; each stack clones it.
 */
export default async function setup(project: TestProject) {
  const missing = [findNginx() ? '' : 'nginx (apt-get install nginx-light)', findExecutable('redis-server', ['/usr/sbin']) ? '' : 'redis-server'].filter(Boolean);
  if (missing.length) throw new Error(`the stack tests need ${missing.join(' and ')} on this machine`);
  const server = await acquireTestPostgres();
  const template = uniqueName('retail_stack_tmpl');
  await adminQuery(server.adminUrl, `CREATE DATABASE "${template}"`);
  await applyAllMigrations(databaseUrl(server.adminUrl, template));
  project.provide('stackAdminDatabaseUrl', server.adminUrl);
  project.provide('stackTemplateDatabase', template);
  return async () => {
    await adminQuery(server.adminUrl, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`).catch(() => undefined);
    await server.stop();
  };
}
