import type { SubgraphName } from '../../platform/config/config.js';
import { startNginx, type RunningNginx } from './nginx-process.js';
import type { ServiceOutput } from './service-process.js';
import { startSystem, type RunningSystem } from './start-system.js';

/**
 * The production topology on one machine: every subgraph, N router replicas
 * and Nginx in front of them, on loopback. PostgreSQL and Redis are given
 * (DATABASE_URL / REDIS_URL in `env`), already migrated.
 */
export interface StackOptions {
  subgraphs: readonly SubgraphName[];
  /** Environment of every Node service: DATABASE_URL, REDIS_URL, subgraph ports … */
  env: NodeJS.ProcessEnv;
  routerPorts: readonly number[];
  nginx: {
    dir: string;
    port: number;
    corsOrigins: readonly string[];
    rateLimit: { perSecond: number; burst: number };
  };
  stdio?: ServiceOutput | ((service: string) => ServiceOutput);
  detached?: boolean;
  readyTimeoutMs?: number;
  /** Processes of each subgraph behind a balancer of its own (start-system.ts); default 1. */
  subgraphReplicas?: number;
}

export interface RunningStack {
  /** The public GraphQL endpoint (through Nginx). */
  url: string;
  system: RunningSystem;
  nginx: RunningNginx;
  stop(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<RunningStack> {
  const system = await startSystem({ subgraphs: options.subgraphs, env: options.env, routerPorts: options.routerPorts, stdio: options.stdio, detached: options.detached, readyTimeoutMs: options.readyTimeoutMs, subgraphReplicas: options.subgraphReplicas });
  let nginx: RunningNginx;
  try {
    const output = typeof options.stdio === 'function' ? options.stdio('nginx') : options.stdio;
    nginx = await startNginx({ ...options.nginx, upstreams: options.routerPorts.map((p) => `127.0.0.1:${p}`), stdio: output, detached: options.detached });
  } catch (error) {
    await system.stop();
    throw error;
  }
  return {
    url: `${nginx.url}/graphql`,
    system,
    nginx,
    async stop() {
      // Front to back: Nginx finishes what it forwards, then routers, then subgraphs.
      await nginx.stop();
      await system.stop();
    },
  };
}
