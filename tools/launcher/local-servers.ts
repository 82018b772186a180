import { execFileSync, spawnSync } from 'node:child_process';
import { postgresAnswers } from '../db/postgres-answers.js';
import { chownSync, existsSync, mkdirSync, realpathSync } from 'node:fs';
import { connect } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { findExecutable, isRunning, postgresBinDirs, spawnDaemon, type DaemonProcess } from './daemon-process.js';

/**
 * Real PostgreSQL and Redis servers for `npm run stack` when no
 * DATABASE_URL / REDIS_URL is given: the binaries installed on the machine,
 * data kept in a directory of the stack (survives restarts).
 */

export interface LocalServer {
  url: string;
  process: DaemonProcess;
  stop(): Promise<void>;
}

type Output = number | 'ignore' | 'inherit';

/** The directory holding both `postgres` and `initdb`: next to `postgres` on PATH, else Debian's /usr/lib/postgresql/<v>/bin. */
export function findPostgresBinDir(): string | undefined {
  const onPath = findExecutable('postgres');
  const dirs = [...(onPath ? [path.dirname(realpathSync(onPath))] : []), ...postgresBinDirs()];
  return dirs.find((dir) => existsSync(path.join(dir, 'postgres')) && existsSync(path.join(dir, 'initdb')));
}

function postgresAccount(): { uid: number; gid: number } | undefined {
  // PostgreSQL refuses to run as root: as root, run it as the system user `postgres`.
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

export async function startLocalPostgres(options: { dataDir: string; port: number; database: string; stdio?: Output; detached?: boolean }): Promise<LocalServer> {
  const binDir = findPostgresBinDir();
  if (!binDir) throw new Error('PostgreSQL not found (no postgres/initdb on PATH nor in /usr/lib/postgresql/*/bin): install it or set DATABASE_URL');
  const dataDir = path.resolve(options.dataDir);
  const account = postgresAccount();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account) {
    chownSync(dataDir, account.uid, account.gid);
    if (spawnSync('test', ['-w', dataDir], { uid: account.uid, gid: account.gid }).status !== 0) {
      throw new Error(`PostgreSQL runs as the user postgres here (we are root) and cannot reach ${dataDir}: choose a STACK_DATA_DIR it can reach (e.g. under /tmp) or set DATABASE_URL`);
    }
  }
  const stdio = options.stdio ?? 'ignore';
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    const init = spawnSync(path.join(binDir, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8'], {
      stdio: ['ignore', stdio, stdio],
      cwd: dataDir,
      ...(account ?? {}),
    });
    if (init.status !== 0) throw new Error(`initdb failed in ${dataDir} (exit ${init.status})`);
  }
  const process_ = spawnDaemon({
    name: 'postgres',
    command: path.join(binDir, 'postgres'),
    // TCP on loopback only, no Unix socket (its default directory may not be writable).
    args: ['-D', dataDir, '-p', String(options.port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    stopSignal: 'SIGINT', // fast shutdown: rolls back open transactions, checkpoints, exits
    stdio,
    cwd: dataDir,
    detached: options.detached,
    ...(account ?? {}),
  });
  const adminUrl = `postgres://postgres@127.0.0.1:${options.port}/postgres`;
  for (let attempt = 0; !(await postgresAnswers(adminUrl, 1000)); attempt++) {
    if (!isRunning(process_.child)) throw new Error(`PostgreSQL exited (code ${process_.child.exitCode}) before accepting connections`);
    if (attempt > 300) {
      await process_.stop();
      throw new Error('PostgreSQL did not accept connections within a minute');
    }
    await sleep(200);
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return { url: `postgres://postgres@127.0.0.1:${options.port}/${options.database}`, process: process_, stop: () => process_.stop() };
}

/** Sends PING, resolves true on +PONG. */
export function redisPing(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => done(data.toString().startsWith('+PONG')));
  });
}

export async function startLocalRedis(options: { dataDir: string; port: number; stdio?: Output; detached?: boolean }): Promise<LocalServer> {
  const binary = findExecutable('redis-server', ['/usr/sbin', '/usr/local/sbin']);
  if (!binary) throw new Error('redis-server not found on PATH: install it or set REDIS_URL');
  const dataDir = path.resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const process_ = spawnDaemon({
    name: 'redis',
    command: binary,
    args: ['--port', String(options.port), '--bind', '127.0.0.1', '--dir', dataDir, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--logfile', ''],
    stopSignal: 'SIGTERM', // Redis persists and exits
    stdio: options.stdio ?? 'ignore',
    detached: options.detached,
  });
  for (let attempt = 0; !(await redisPing(options.port)); attempt++) {
    if (!isRunning(process_.child)) throw new Error(`redis-server exited (code ${process_.child.exitCode}) before answering`);
    if (attempt > 150) {
      await process_.stop();
      throw new Error('redis-server did not answer within 30 s');
    }
    await sleep(200);
  }
  return { url: `redis://127.0.0.1:${options.port}`, process: process_, stop: () => process_.stop() };
}
