import pg from 'pg';

/**
 * Throwaway databases on a server where we may CREATE DATABASE: the tests,
 * `npm run load` without --base-url and `npm run bench` each work in one of
 * their own and drop it afterwards.
 */

/** The URL of `database` on the server of `adminUrl` (same credentials). */
export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs one statement (CREATE/DROP DATABASE …) on its own connection. */
export async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A database or key-prefix name no other run uses. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
}
