import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inject } from 'vitest';
import { startLocalRedis, type LocalServer } from '../../tools/launcher/local-servers.js';
import { freePort } from '../../tools/launcher/ports.js';
import { startStack, type RunningStack } from '../../tools/launcher/stack.js';
import { composedSubgraphs, subgraphs } from '../../contracts/subgraphs.js';
import { adminQuery, databaseUrl, uniqueName } from './postgres-server.js';

export interface TestStack extends RunningStack {
  /** Environment the Node services run with (ports, DATABASE_URL …). */
  env: NodeJS.ProcessEnv;
  workDir: string;
  redis: LocalServer;
}

export interface TestStackOptions {
  replicas?: number;
  corsOrigins?: string[];
  rateLimit?: { perSecond: number; burst: number };
  /** Extra environment of the Node services (SUBGRAPH_TIMEOUT_MS …). */
  env?: NodeJS.ProcessEnv;
  /** Processes of each subgraph, behind a balancer each (default 1). */
  subgraphReplicas?: number;
}

/**
 * What `npm run stack` starts, for one test file: a database cloned from the
 * migrated template, its own redis-server, every subgraph, N router replicas
 * and Nginx, all on free loopback ports. stop() removes everything.
 */
export async function startTestStack(options: TestStackOptions = {}): Promise<TestStack> {
  const adminUrl = inject('stackAdminDatabaseUrl');
  const database = uniqueName('retail_stack');
  await adminQuery(adminUrl, `CREATE DATABASE "${database}" TEMPLATE "${inject('stackTemplateDatabase')}"`);
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'retail-stack-'));
  // Nginx's workers (an unprivileged user when the tests run as root) reach their temp files below.
  chmodSync(workDir, 0o755);
  const cleanup: Array<() => Promise<void>> = [
    async () => rmSync(workDir, { recursive: true, force: true }),
    () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined),
  ];
  const runCleanup = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const redis = await startLocalRedis({ dataDir: path.join(workDir, 'redis'), port: await freePort() });
    cleanup.push(() => redis.stop());
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: databaseUrl(adminUrl, database),
      REDIS_URL: redis.url,
      REDIS_KEY_PREFIX: `${uniqueName('stack')}:`,
      LOG_LEVEL: process.env.STACK_TEST_LOG_LEVEL ?? 'warn',
      PASSWORD_HASH_COST: '1024',
      SEED_DEMO_DATA: 'true',
      ROUTER_PORT: '0',
      ...Object.fromEntries(await Promise.all(subgraphs.map(async ({ portKey }) => [portKey, String(await freePort())]))),
      ...options.env,
    };
    const routerPorts = await Promise.all(Array.from({ length: options.replicas ?? 2 }, () => freePort()));
    const stack = await startStack({
      subgraphs: composedSubgraphs,
      env,
      routerPorts,
      nginx: {
        dir: path.join(workDir, 'nginx'),
        port: await freePort(),
        corsOrigins: options.corsOrigins ?? ['http://localhost:5173'],
        rateLimit: options.rateLimit ?? { perSecond: 10_000, burst: 10_000 },
      },
      stdio: process.env.STACK_TEST_LOG_LEVEL ? 'inherit' : 'ignore',
      // Seven (or, with replicas, twelve) Node processes booting at once on a busy 2-core machine.
      readyTimeoutMs: 240_000,
      subgraphReplicas: options.subgraphReplicas,
    });
    cleanup.push(() => stack.stop());
    return { ...stack, env, workDir, redis, stop: runCleanup };
  } catch (error) {
    await runCleanup();
    throw error;
  }
}
