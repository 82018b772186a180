import type pg from 'pg';

/**
 * SQL straight on a subgraph's pool, for the hot paths of the write path
 * (a sale's saga steps, stock reservations, outbox relays, the read-model
 * consumer). Same pool, connections, metrics and spans as the subgraph's
 * Prisma client, without Prisma's per-call work: a raw statement through
 * Prisma cost about four times the CPU of the same statement here, and an
 * interactive transaction several hundred microseconds more.
 *
 * Values come back as pg parses them: numeric and bigint as strings, json
 * parsed, timestamps as Dates, uuids and enums as strings.
 */
export interface Sql {
  /** The rows of one statement ($1, $2 … parameters). */
  query<R = Record<string, unknown>>(text: string, values?: readonly unknown[]): Promise<R[]>;
  /** How many rows one statement changed. */
  execute(text: string, values?: readonly unknown[]): Promise<number>;
}

export interface SqlClient extends Sql {
  /** Runs `work` in one transaction (READ COMMITTED) on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
}

/**
 * A socket error on the way to PostgreSQL (ECONNREFUSED, ECONNRESET …) as
 * SQLSTATE 08006, connection failure: these connections lead nowhere else, so
 * the request failed because the database is away (see database-unavailable.ts)
 * and clients get SERVICE_UNAVAILABLE, not an internal error.
 */
function asDatabaseError(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return Object.assign(new Error(`PostgreSQL connection failed (${code})`, { cause: error }), { code: '08006' });
  return error;
}

function on(runner: pg.Pool | pg.PoolClient): Sql {
  const run = async (text: string, values: readonly unknown[]) => {
    try {
      return await runner.query(text, values as unknown[]);
    } catch (error) {
      throw asDatabaseError(error);
    }
  };
  return {
    query: async <R>(text: string, values: readonly unknown[] = []) => (await run(text, values)).rows as R[],
    execute: async (text: string, values: readonly unknown[] = []) => (await run(text, values)).rowCount ?? 0,
  };
}

export function sqlClient(pool: pg.Pool): SqlClient {
  return {
    ...on(pool),
    async transaction(work) {
      const connection = await pool.connect().catch((error: unknown) => {
        throw asDatabaseError(error);
      });
      let broken: Error | undefined;
      // A connection the server cuts while we hold it (a restart) emits 'error' between queries: unheard, that event would end the process.
      const onError = (error: Error) => (broken = error);
      connection.on('error', onError);
      try {
        await connection.query('BEGIN');
        const result = await work(on(connection));
        await connection.query('COMMIT');
        return result;
      } catch (error) {
        // A connection that cannot even roll back is dropped rather than handed to the next caller.
        await connection.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
        throw error;
      } finally {
        connection.off('error', onError);
        connection.release(broken);
      }
    },
  };
}
