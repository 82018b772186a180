import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { adminQuery, databaseUrl, uniqueName } from '../../test/support/postgres-server.js';
import { createLogger } from '../logging/logger.js';
import { missingMigrations, migrationNames, prismaRoot, waitForMigrations } from './migration-status.js';
import { listDatabaseModules } from './migrations.js';

/**
 * Kubernetes runs migrations as a Job the Deployments start beside: the Job
 * may run twice at once (retried, applied again, a developer's db:migrate),
 * and services must not serve before it is done. Real processes, since
 * engines of one process take turns anyway.
 */
const root = path.resolve(import.meta.dirname, '../..');
const adminUrl = inject('adminDatabaseUrl');
const database = uniqueName('retail_migrate_twice');
const url = databaseUrl(adminUrl, database);

beforeAll(() => adminQuery(adminUrl, `CREATE DATABASE "${database}"`));
afterAll(() => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`));

function migrateProcess(): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/db-migrate.ts'], { cwd: root, env: { ...process.env, DATABASE_URL: url } });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

describe('migrations run twice at once', () => {
  it('when two migration processes start together on an empty database, then both succeed, each migration is applied once, and a waiting service goes on only then', async () => {
    const modules = await listDatabaseModules();
    for (const module of modules) expect(await missingMigrations(url, module.name)).toEqual(await migrationNames(path.join(prismaRoot, module.name, 'migrations')));
    const logger = createLogger('sales');
    logger.level = 'silent';
    let served = false;
    const service = waitForMigrations(url, 'sales', logger, 50).then(() => (served = true));
    await sleep(500);
    expect(served).toBe(false);

    const runs = await Promise.all([migrateProcess(), migrateProcess()]);
    expect(runs.map((r) => ({ code: r.code, output: r.code === 0 ? '' : r.output }))).toEqual([{ code: 0, output: '' }, { code: 0, output: '' }]);
    await service;
    for (const module of modules) {
      expect(await missingMigrations(url, module.name)).toEqual([]);
      const names = await migrationNames(module.migrationsDir);
      // Each migration's name is printed by the one run that applied it; the other found it done.
      expect({ module: module.name, appliedBy: names.map((n) => runs.filter((r) => r.output.includes(n)).length) }).toEqual({ module: module.name, appliedBy: names.map(() => 1) });
    }
  }, 180_000);
});
