import pg from 'pg';

/**
 * Runs a demo seed with every other process seeding the same schema kept
 * out (a PostgreSQL advisory lock on one connection of its own), so that of
 * several replicas started at once on an empty database one seeds and the
 * others find the data: each seed checks for emptiness first, but two
 * replicas both found the tables empty and both wrote the history's ledger
 * movements and outbox events (stock twice its ledger, sales reported twice).
 */
export async function seedOnce(url: string, schema: string, seed: () => Promise<boolean>): Promise<boolean> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`SELECT pg_advisory_lock(hashtext($1))`, [`retail-seed:${schema}`]);
    return await seed();
  } finally {
    // Ending the session releases the lock, also when the seed failed.
    await lock.end();
  }
}
