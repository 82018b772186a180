import pg from 'pg';

/**
 * One connection that seeds a chain inside PostgreSQL (generate_series,
 * INSERT … SELECT): rows never travel through Node. Tables are named with
 * their schema (catalog."Product" …); the seed reads across schemas because
 * it stands in for the history every subgraph would have written.
 */
export interface ChainSession {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, values?: unknown[]): Promise<R[]>;
  /**
   * Runs `load` in one transaction with the table's indexes and foreign keys
   * dropped (its primary key too, unless another table refers to it), then
   * builds them again: one sort per index and one join per foreign key
   * instead of keeping them current row by row. A failure restores them.
   */
  bulkLoad(table: { schema: string; name: string }, load: () => Promise<void>): Promise<void>;
  /** Runs and times one named step. */
  step<T>(name: string, run: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type Progress = (message: string) => void;

/** Deterministic pseudo-random numbers and ids, as SQL functions of this session (inlined by the planner). */
const HELPERS = [
  // A number in [0, 1) from an integer and a stream number: the same on every run.
  `CREATE FUNCTION pg_temp.rnd(x bigint, stream int) RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE
   AS $$ SELECT (hashint8extended(x, stream) & 2147483647)::float8 / 2147483648 $$`,
  // Ids like the demo's: <prefix>-0000-4000-8000-<n on 12 digits>.
  `CREATE FUNCTION pg_temp.chain_uuid(prefix text, n bigint) RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE
   AS $$ SELECT (prefix || '-0000-4000-8000-' || lpad(n::text, 12, '0'))::uuid $$`,
];

export async function openChainSession(databaseUrl: string, progress: Progress): Promise<ChainSession> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  await client.query(`SET synchronous_commit = off; SET work_mem = '256MB'; SET maintenance_work_mem = '512MB'; SET temp_buffers = '256MB'; SET statement_timeout = 0`);
  for (const helper of HELPERS) await client.query(helper);

  const query = async <R extends pg.QueryResultRow>(sql: string, values?: unknown[]) => (await client.query<R>(sql, values)).rows;
  return {
    query,
    async bulkLoad(table, load) {
      const indexes = await query<{ name: string; definition: string }>(
        `SELECT i.relname AS name, pg_get_indexdef(i.oid) AS definition
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = $1 AND t.relname = $2 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)`,
        [table.schema, table.name],
      );
      // Its foreign keys (checked row by row otherwise), and its primary key unless another table's foreign key needs it.
      const constraints = await query<{ name: string; definition: string }>(
        `SELECT c.conname AS name, pg_get_constraintdef(c.oid) AS definition
         FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
         WHERE n.nspname = $1 AND t.relname = $2
           AND (c.contype = 'f' OR (c.contype = 'p' AND NOT EXISTS (SELECT 1 FROM pg_constraint r WHERE r.contype = 'f' AND r.confrelid = t.oid)))
         ORDER BY c.contype DESC`,
        [table.schema, table.name],
      );
      const qualified = `"${table.schema}"."${table.name}"`;
      await client.query('BEGIN');
      try {
        for (const c of constraints) await client.query(`ALTER TABLE ${qualified} DROP CONSTRAINT "${c.name}"`);
        for (const index of indexes) await client.query(`DROP INDEX "${table.schema}"."${index.name}"`);
        await load();
        for (const index of indexes) await client.query(index.definition);
        for (const c of [...constraints].reverse()) await client.query(`ALTER TABLE ${qualified} ADD CONSTRAINT "${c.name}" ${c.definition}`);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    },
    async step(name, run) {
      const started = performance.now();
      const result = await run();
      progress(`${name} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
      return result;
    },
    close: () => client.end(),
  };
}
