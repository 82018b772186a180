import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { deleteKeys } from '../../tools/launcher/redis-key-cleanup.js';
import { freePort, uniqueName } from './postgres-server.js';

export { deleteKeys };

/** Whether a Redis server answers PING at this URL within a second. */
export async function redisAnswers(url: string): Promise<boolean> {
  const client = new Redis(url, { lazyConnect: true, connectTimeout: 1000, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
}

export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** A Redis server of our own (never the machine's): stopped and started again by outage tests. */
export interface OwnRedisServer {
  url: string;
  port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Makes every command wait `ms` (DEBUG SLEEP in the background); resolves when it is under way. */
  freeze(ms: number): Promise<void>;
}

/**
 * Starts a redis-server of our own on a free port. `persistent`: every write
 * goes to an append-only file first, so a restart comes back with the data
 * (as a production Redis with persistence would).
 */
export async function startOwnRedisServer(options: { persistent?: boolean } = {}): Promise<OwnRedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-test-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const server: OwnRedisServer = {
    url,
    port,
    async start() {
      if (child && child.exitCode === null && child.signalCode === null) return;
      const persistence = options.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--enable-debug-command', 'local'], {
        stdio: 'ignore',
      });
      const deadline = Date.now() + 10_000;
      while (!(await redisAnswers(url))) {
        if (Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`);
        await sleep(50);
      }
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
    },
    async freeze(ms) {
      const client = new Redis(url, { maxRetriesPerRequest: 0 });
      await client.ping();
      client.call('DEBUG', 'SLEEP', String(ms / 1000)).catch(() => undefined).finally(() => client.disconnect());
      await sleep(50);
    },
  };
  await server.start();
  return server;
}

export interface TestRedis {
  url: string;
  /** Unique to this run: every key a test writes starts with it. */
  keyPrefix: string;
  /** Deletes this run's keys (never anything else) and stops a server started for the run. */
  stop(): Promise<void>;
}

/**
 * Redis for tests: TEST_REDIS_URL (it must answer), else the machine's
 * 127.0.0.1:6379 when it answers, else a redis-server of our own when one is
 * installed; null when there is no Redis at all (Node-only machines).
 */
export async function acquireTestRedis(): Promise<TestRedis | null> {
  const keyPrefix = `${uniqueName('test')}:`;
  const configured = process.env.TEST_REDIS_URL;
  if (configured) {
    if (!(await redisAnswers(configured))) throw new Error(`TEST_REDIS_URL=${configured} does not answer`);
    return { url: configured, keyPrefix, stop: () => deleteKeys(configured, keyPrefix) };
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, keyPrefix, stop: () => deleteKeys(local, keyPrefix) };
  if (!redisServerInstalled()) return null;
  const own = await startOwnRedisServer();
  return { url: own.url, keyPrefix, stop: own.stop };
}

