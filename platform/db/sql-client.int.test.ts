import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/launcher/ports.js';
import { isDatabaseUnavailable } from './database-unavailable.js';
import { sqlClient } from './sql-client.js';

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
const sql = sqlClient(pool);
await sql.execute('CREATE TABLE IF NOT EXISTS public.sql_client_test (id int PRIMARY KEY, note text NOT NULL)');

afterAll(async () => {
  await pool.end();
});

describe('plain SQL on a pool', () => {
  it('when the work of a transaction resolves, then everything it wrote is committed; when it throws, then nothing it wrote stays and the connection is usable again', async () => {
    expect(await sql.transaction(async (tx) => tx.execute(`INSERT INTO public.sql_client_test VALUES (1, 'kept'), (2, 'kept')`))).toBe(2);
    await expect(
      sql.transaction(async (tx) => {
        await tx.execute(`INSERT INTO public.sql_client_test VALUES (3, 'rolled back')`);
        await tx.execute(`UPDATE public.sql_client_test SET note = 'changed' WHERE id = 1`);
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    // Both connections of the pool get used again: none was left inside the failed transaction.
    await Promise.all([sql.query('SELECT 1'), sql.query('SELECT 1')]);
    expect(await sql.query<{ id: number; note: string }>('SELECT id, note FROM public.sql_client_test ORDER BY id')).toEqual([
      { id: 1, note: 'kept' },
      { id: 2, note: 'kept' },
    ]);
  });

  it('when a statement of the transaction fails, then the error comes back and the earlier statements are rolled back', async () => {
    await expect(
      sql.transaction(async (tx) => {
        await tx.execute(`INSERT INTO public.sql_client_test VALUES (10, 'first')`);
        await tx.execute(`INSERT INTO public.sql_client_test VALUES (10, 'duplicate')`);
      }),
    ).rejects.toMatchObject({ code: '23505' });
    expect(await sql.query('SELECT id FROM public.sql_client_test WHERE id = 10')).toEqual([]);
  });

  it('when the server cuts the connection a transaction holds between two statements, then that transaction fails, the process carries on, and the pool serves again', async () => {
    const outcome = sql.transaction(async (tx) => {
      const [backend] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await sql.query('SELECT pg_terminate_backend($1)', [backend!.pid]);
      // The server's goodbye arrives while nothing is being asked on this connection.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await tx.query('SELECT 1');
    });
    await expect(outcome).rejects.toThrow();
    expect(await sql.query<{ one: number }>('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });

  it('when PostgreSQL cannot be reached, then statements and transactions fail as a connection failure that reads as the database being unavailable', async () => {
    const nowhere = new pg.Pool({ host: '127.0.0.1', port: await freePort(), user: 'postgres', max: 1 });
    const away = sqlClient(nowhere);
    try {
      for (const attempt of [away.query('SELECT 1'), away.transaction((tx) => tx.query('SELECT 1'))]) {
        const error = await attempt.then(() => null, (e: unknown) => e);
        expect(error).toMatchObject({ code: '08006' });
        expect(isDatabaseUnavailable(error)).toBe(true);
      }
    } finally {
      await nowhere.end();
    }
  });
});
