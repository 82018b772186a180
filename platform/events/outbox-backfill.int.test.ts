import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { adminQuery, databaseUrl, uniqueName } from '../../test/support/postgres-server.js';
import { applyMigrations, listDatabaseModules, type DatabaseModule } from '../db/migrations.js';

const adminUrl = inject('adminDatabaseUrl');

/** A copy of the module with only the migrations that came before its outbox migration. */
async function beforeOutbox(module: DatabaseModule): Promise<DatabaseModule> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `before-outbox-${module.name}-`));
  await cp(path.dirname(module.schemaFile), dir, { recursive: true });
  const migrationsDir = path.join(dir, 'migrations');
  const names = (await readdir(migrationsDir)).filter((n) => /^\d{14}_/.test(n)).sort();
  const outbox = names.find((n) => n.endsWith('_outbox'))!;
  for (const name of names.filter((n) => n >= outbox)) await rm(path.join(migrationsDir, name), { recursive: true });
  return { name: module.name, schemaFile: path.join(dir, 'schema.prisma'), migrationsDir };
}

async function withDatabase(run: (url: string) => Promise<void>) {
  const name = uniqueName('retail_backfill');
  await adminQuery(adminUrl, `CREATE DATABASE "${name}"`);
  try {
    await run(databaseUrl(adminUrl, name));
  } finally {
    await adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  }
}

describe('outbox migrations on databases that already hold data', () => {
  it('when sales and returns exist before the outbox migration, then it turns each into its SaleRecorded / SaleReturned event', async () => {
    const sales = (await listDatabaseModules()).find((m) => m.name === 'sales')!;
    await withDatabase(async (url) => {
      await applyMigrations(url, await beforeOutbox(sales));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`SET search_path = sales`);
        await client.query(`INSERT INTO "Sale" (id, "storeId", total, "createdAt") VALUES
          ('00000000-0000-4000-8000-000000000001', '51000000-0000-4000-8000-000000000001', 7.50, '2026-11-01T10:00:00.123Z')`);
        await client.query(`INSERT INTO "SaleLine" ("saleId", "productId", quantity, "unitPrice", "lineTotal") VALUES
          ('00000000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', 3, 2.50, 7.50)`);
        await client.query(`INSERT INTO "Return" (id, "saleId", refund, "createdAt") VALUES
          ('00000000-0000-4000-8000-000000000011', '00000000-0000-4000-8000-000000000001', 2.50, '2026-11-02T09:00:00Z')`);
        await client.query(`INSERT INTO "ReturnLine" ("returnId", "productId", quantity, "unitPrice", "lineTotal") VALUES
          ('00000000-0000-4000-8000-000000000011', '9a000000-0000-4000-8000-000000000001', 1, 2.50, 2.50)`);
        expect(await applyMigrations(url, sales)).toEqual(expect.arrayContaining([expect.stringMatching(/_outbox$/)]));
        const { rows } = await client.query(`SELECT type, payload, "occurredAt", "publishedAt" FROM "OutboxEvent" ORDER BY sequence`);
        expect(rows.map((r) => r.type)).toEqual(['SaleRecorded', 'SaleReturned']);
        expect(rows[0].payload).toEqual({
          saleId: '00000000-0000-4000-8000-000000000001',
          storeId: '51000000-0000-4000-8000-000000000001',
          customerId: null,
          total: '7.50',
          lines: [{ productId: '9a000000-0000-4000-8000-000000000001', quantity: 3, unitPrice: '2.50', lineTotal: '7.50' }],
          occurredAt: '2026-11-01T10:00:00.123Z',
        });
        expect(rows[1].payload).toEqual({
          returnId: '00000000-0000-4000-8000-000000000011',
          saleId: '00000000-0000-4000-8000-000000000001',
          storeId: '51000000-0000-4000-8000-000000000001',
          refund: '2.50',
          lines: [{ productId: '9a000000-0000-4000-8000-000000000001', quantity: 1, unitPrice: '2.50', lineTotal: '2.50' }],
          occurredAt: '2026-11-02T09:00:00.000Z',
        });
        expect(rows.every((r) => r.publishedAt === null)).toBe(true);
      } finally {
        await client.end();
      }
    });
  });

  it('when stock levels exist before the outbox migration, then each becomes one StockChanged with its quantity', async () => {
    const inventory = (await listDatabaseModules()).find((m) => m.name === 'inventory')!;
    await withDatabase(async (url) => {
      await applyMigrations(url, await beforeOutbox(inventory));
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`SET search_path = inventory`);
        await client.query(`INSERT INTO "Location" (id, code, name, kind) VALUES ('51000000-0000-4000-8000-000000000001', 'STORE-1', 'S', 'STORE')`);
        await client.query(`INSERT INTO "StockLevel" ("locationId", "productId", "productName", quantity, "updatedAt") VALUES
          ('51000000-0000-4000-8000-000000000001', '9a000000-0000-4000-8000-000000000001', 'P', 4, '2026-11-01T00:00:00Z')`);
        await applyMigrations(url, inventory);
        const { rows } = await client.query(`SELECT type, payload FROM "OutboxEvent"`);
        expect(rows).toEqual([
          {
            type: 'StockChanged',
            payload: {
              storeId: '51000000-0000-4000-8000-000000000001',
              locationKind: 'STORE',
              productId: '9a000000-0000-4000-8000-000000000001',
              quantity: 4,
              delta: 4,
              kind: 'INITIAL',
              reference: null,
              occurredAt: '2026-11-01T00:00:00.000Z',
            },
          },
        ]);
      } finally {
        await client.end();
      }
    });
  });
});
