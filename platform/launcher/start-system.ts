import path from 'node:path';
import { loadConfig, subgraphPort, type SubgraphName } from '../config/config.js';
import { startEventBusHost } from './event-bus-host.js';
import { spawnService, waitUntilReady, type ServiceProcess } from './service-process.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningSystem {
  routerUrl: string;
  services: ServiceProcess[];
  stop(): Promise<void>;
}

export interface SystemOptions {
  subgraphs: readonly SubgraphName[];
  /** Environment of every process (DATABASE_URL, ports …); the rest comes from process.env. */
  env: NodeJS.ProcessEnv;
  stdio?: 'inherit' | 'ignore';
}

/**
 * Starts every subgraph (one process each) and, once they are ready, the
 * router. URLs between processes follow the ports of the given environment.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  // Without Redis the services share one in-process event bus, hosted here (event-bus-host.ts).
  const busHost = await startEventBusHost({ ...process.env, ...options.env });
  const env = { ...process.env, ...options.env, ...busHost.env };
  const c = loadConfig(env);
  const services: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all([...services].reverse().map((s) => s.stop()));
    await busHost.stop();
  };
  try {
    for (const name of options.subgraphs) {
      const port = subgraphPort(name, c);
      services.push(spawnService(name, path.join(root, 'subgraphs', name, 'server.ts'), env, `http://127.0.0.1:${port}`, options.stdio));
    }
    await Promise.all(services.map((s) => waitUntilReady(s)));
    const router = spawnService('router', path.join(root, 'supergraph', 'router.ts'), env, `http://127.0.0.1:${c.ROUTER_PORT}`, options.stdio);
    services.push(router);
    await waitUntilReady(router);
    return { routerUrl: `${router.baseUrl}/graphql`, services, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
