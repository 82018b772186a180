import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../test/support/postgres-server.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

describe('embedded PostgreSQL (the default without DATABASE_URL)', () => {
  it('when it is stopped and started again on the same data directory, then the data survives', async () => {
    const dataDir = path.join(mkdtempSync(path.join(os.tmpdir(), 'embedded-pg-')), 'data');
    const port = await freePort();
    const first = await startEmbeddedPostgres({ dataDir, port });
    try {
      await query(first.url, 'CREATE TABLE survivor (name text); INSERT INTO survivor VALUES ($$still here$$)');
    } finally {
      await first.stop();
    }
    const second = await startEmbeddedPostgres({ dataDir, port });
    try {
      expect(await query(second.url, 'SELECT name FROM survivor')).toEqual([{ name: 'still here' }]);
    } finally {
      await second.stop();
    }
  });
});
