import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import type { MigrationList } from '@prisma/schema-engine-wasm';
import { migrationNames, prismaRoot } from './migration-status.js';
import { openSchemaEngine, type EngineHandle } from './schema-engine.js';
import { subgraphs } from '../../contracts/subgraphs.js';

export { prismaRoot };

const noFilter = { externalTables: [], externalEnums: [] };
const lockfileContent = '# Written by npm run db:migration; keep it in version control.\nprovider = "postgresql"\n';

export interface DatabaseModule {
  /** Subgraph that owns the schema; also the PostgreSQL schema name. */
  name: string;
  schemaFile: string;
  migrationsDir: string;
}

/** The subgraphs that own a Prisma schema (every one but a subgraph without a database). */
export async function listDatabaseModules(): Promise<DatabaseModule[]> {
  const modules: DatabaseModule[] = [];
  for (const { name, prismaDir } of [...subgraphs].sort((a, b) => a.name.localeCompare(b.name))) {
    const files = await readdir(prismaDir).catch(() => [] as string[]);
    if (files.includes('schema.prisma')) modules.push({ name, schemaFile: path.join(prismaDir, 'schema.prisma'), migrationsDir: path.join(prismaDir, 'migrations') });
  }
  return modules;
}

async function readMigrationList(module: DatabaseModule): Promise<MigrationList> {
  const directories = await migrationNames(module.migrationsDir);
  const lockPath = path.join(module.migrationsDir, 'migration_lock.toml');
  return {
    baseDir: module.migrationsDir,
    lockfile: { path: 'migration_lock.toml', content: await readFile(lockPath, 'utf8').catch(() => lockfileContent) },
    shadowDbInitScript: '',
    migrationDirectories: await Promise.all(
      directories.map(async (dir) => ({
        path: dir,
        migrationFile: {
          path: 'migration.sql',
          content: { tag: 'ok' as const, value: await readFile(path.join(module.migrationsDir, dir, 'migration.sql'), 'utf8') },
        },
      })),
    ),
  };
}

/**
 * Schema engines of one process take turns (kept on globalThis, since test
 * runners may load this file more than once).
 */
const turns = globalThis as { __schemaEngineTurn?: Promise<unknown> };

function withEngine<T>(url: string, module: DatabaseModule, run: (h: EngineHandle, datamodel: string) => Promise<T>): Promise<T> {
  const turn = (turns.__schemaEngineTurn ?? Promise.resolve()).then(() => runEngine(url, module, run));
  turns.__schemaEngineTurn = turn.catch(() => undefined);
  return turn;
}

async function runEngine<T>(url: string, module: DatabaseModule, run: (h: EngineHandle, datamodel: string) => Promise<T>): Promise<T> {
  const content = await readFile(module.schemaFile, 'utf8');
  const handle = await openSchemaEngine(url, module.name, { path: module.schemaFile, content });
  try {
    return await run(handle, content);
  } finally {
    await handle.close();
  }
}

/** What `prisma migrate deploy` does: applies pending migrations, idempotent. */
export async function applyMigrations(url: string, module: DatabaseModule): Promise<string[]> {
  const migrationsList = await readMigrationList(module);
  return withEngine(url, module, async ({ engine }) => {
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  });
}

/** Key of the PostgreSQL advisory lock that one migration run holds (any number, the same everywhere). */
const MIGRATION_LOCK_KEY = 7_262_011_101;

/**
 * Applies pending migrations of every subgraph, one run per database at a
 * time: a second run (the migrate Job retried or started twice, a developer's
 * `npm run db:migrate`, another process) waits on a PostgreSQL advisory lock
 * and then finds nothing left to do. Without it, two engines creating the
 * same schema at once failed with "schema already exists".
 */
export async function applyAllMigrations(url: string): Promise<Record<string, string[]>> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied: Record<string, string[]> = {};
    for (const module of await listDatabaseModules()) applied[module.name] = await applyMigrations(url, module);
    return applied;
  } finally {
    // Ending the session releases the lock, also when a migration failed.
    await lock.end();
  }
}

/**
 * SQL that takes a database built by the committed migrations to the current
 * Prisma schema; empty when they agree. The migrations are replayed into a
 * scratch database (so the role behind `url` needs CREATEDB), which is then
 * compared with the schema (the engine's own shadow database path is not
 * used: PrismaPg's shadow connection ignores the database name).
 */
export async function pendingSchemaChange(url: string, module: DatabaseModule): Promise<string> {
  return withScratchDatabase(url, async (scratchUrl) => {
    await applyMigrations(scratchUrl, module);
    return withEngine(scratchUrl, module, async ({ engine }, content) => {
      const result = await engine.diff({
        from: { tag: 'schemaDatasource', files: [{ path: module.schemaFile, content }], configDir: path.dirname(module.schemaFile) },
        to: { tag: 'schemaDatamodel', files: [{ path: module.schemaFile, content }] },
        script: true,
        exitCode: null,
        filters: noFilter,
      });
      const sql = result.stdout ?? '';
      return sql.includes('This is an empty migration.') || /^\s*(--[^\n]*\n?\s*)*$/.test(sql) ? '' : sql;
    });
  });
}

async function withScratchDatabase<T>(url: string, run: (scratchUrl: string) => Promise<T>): Promise<T> {
  const name = `migration_check_${randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
    const scratch = new URL(url);
    scratch.pathname = `/${name}`;
    return await run(scratch.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

function timestamp(now = new Date()): string {
  return now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/** Writes `<timestamp>_<name>/migration.sql` for every module whose schema changed. */
export async function createMigrations(url: string, name: string, only?: string): Promise<string[]> {
  const written: string[] = [];
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_|_$/g, '') || 'migration';
  for (const module of await listDatabaseModules()) {
    if (only && module.name !== only) continue;
    const sql = await pendingSchemaChange(url, module);
    if (!sql) continue;
    const dir = path.join(module.migrationsDir, `${timestamp()}_${slug}`);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'migration.sql'), sql);
    await writeFile(path.join(module.migrationsDir, 'migration_lock.toml'), lockfileContent);
    written.push(path.relative(prismaRoot, dir));
  }
  return written;
}
