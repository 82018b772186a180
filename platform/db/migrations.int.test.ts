import { cp, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { adminQuery, databaseUrl, uniqueName } from '../../test/support/postgres-server.js';
import { applyAllMigrations, applyMigrations, listDatabaseModules, pendingSchemaChange, type DatabaseModule } from './migrations.js';

const adminUrl = inject('adminDatabaseUrl');

describe('Prisma schemas and their migrations', () => {
  it('when every subgraph schema is compared with its replayed migrations, then they agree (else run npm run db:migration)', async () => {
    const modules = await listDatabaseModules();
    expect(modules.map((m) => m.name)).toEqual(expect.arrayContaining(['accounts', 'catalog', 'inventory', 'sales']));
    for (const module of modules) {
      expect({ module: module.name, sql: await pendingSchemaChange(adminUrl, module) }).toEqual({ module: module.name, sql: '' });
    }
  });

  it('when a schema gains a field its migrations lack, then the check reports the SQL to add it', async () => {
    const original = (await listDatabaseModules()).find((m) => m.name === 'catalog')!;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'schema-drift-'));
    await cp(path.dirname(original.schemaFile), dir, { recursive: true });
    const drifted: DatabaseModule = { name: 'catalog', schemaFile: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
    const schema = await readFile(drifted.schemaFile, 'utf8');
    await writeFile(drifted.schemaFile, schema.replace('model Product {', 'model Product {\n  barcode String?'));
    expect(await pendingSchemaChange(adminUrl, drifted)).toMatch(/ALTER TABLE "Product" ADD COLUMN\s+"barcode" TEXT/);
  });

  it('when migrations are applied twice to a new database, then the second run applies nothing', async () => {
    const name = uniqueName('retail_migrate');
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    try {
      const first = await applyAllMigrations(databaseUrl(adminUrl, name));
      expect(Object.values(first).every((names) => names.length > 0)).toBe(true);
      const second = await applyAllMigrations(databaseUrl(adminUrl, name));
      expect(Object.values(second).flat()).toEqual([]);
    } finally {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });

  it('when a migration holds a function whose body has semicolons and a comment with one, then it applies as written', async () => {
    const original = (await listDatabaseModules()).find((m) => m.name === 'catalog')!;
    const dir = await mkdtemp(path.join(os.tmpdir(), 'migration-script-'));
    await cp(path.dirname(original.schemaFile), dir, { recursive: true });
    const module: DatabaseModule = { name: 'catalog', schemaFile: path.join(dir, 'schema.prisma'), migrationsDir: path.join(dir, 'migrations') };
    await mkdir(path.join(module.migrationsDir, '99991231000000_function'), { recursive: true });
    await writeFile(
      path.join(module.migrationsDir, '99991231000000_function', 'migration.sql'),
      `-- a comment; with a semicolon
CREATE FUNCTION "twice"(n int) RETURNS int LANGUAGE plpgsql AS $$
DECLARE result int;
BEGIN
  result := n * 2;
  RETURN result;
END $$;
`,
    );
    const name = uniqueName('retail_migrate');
    await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
    try {
      await applyMigrations(databaseUrl(adminUrl, name), module);
      const client = new pg.Client({ connectionString: databaseUrl(adminUrl, name) });
      await client.connect();
      try {
        expect((await client.query('SELECT catalog.twice(21) AS n')).rows).toEqual([{ n: 42 }]);
      } finally {
        await client.end();
      }
    } finally {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    }
  });
});
