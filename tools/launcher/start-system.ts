import path from 'node:path';
import { subgraphDefinition, type SubgraphName } from '../../contracts/subgraphs.js';
import { loadConfig, subgraphPort } from '../../platform/config/config.js';
import { startEventBusHost } from './event-bus-host.js';
import { freePort } from './ports.js';
import { startServiceBalancer, type ServiceBalancer } from './service-balancer.js';
import { buildServiceBundles } from './service-build.js';
import { spawnService, waitUntilReady, type ServiceOutput, type ServiceProcess } from './service-process.js';

const root = path.resolve(import.meta.dirname, '../..');

export interface RunningSystem {
  /** GraphQL endpoint of the (first) router. */
  routerUrl: string;
  /** GraphQL endpoint of every router replica, in the order of `routerPorts`. */
  routerUrls: string[];
  services: ServiceProcess[];
  /**
   * Stops one service by name (`catalog`, `router`, `router-2`, `catalog-1` …):
   * SIGTERM is graceful (a replica behind a balancer is first taken out of
   * it, as Kubernetes removes a terminating pod from its Service), SIGKILL a crash.
   */
  stopService(name: string, signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts a stopped service again, same environment and port, plus `env`
   * for this start only (fault injection: SAGA_CRASH_AFTER …); resolves once it is ready.
   */
  startService(name: string, env?: NodeJS.ProcessEnv): Promise<ServiceProcess>;
  stop(): Promise<void>;
}

export interface SystemOptions {
  subgraphs: readonly SubgraphName[];
  /** Environment of every process (DATABASE_URL, ports …); the rest comes from process.env. */
  env: NodeJS.ProcessEnv;
  /**
   * One router replica per port (named router-1, router-2 …); default one
   * router named `router` on ROUTER_PORT.
   */
  routerPorts?: readonly number[];
  /** Output of the services; a function gives each its own (a log file per service). */
  stdio?: ServiceOutput | ((service: string) => ServiceOutput);
  /** Services in their own process groups (the stack launcher stops them in order on Ctrl-C). */
  detached?: boolean;
  /** How long each service may take to answer /ready (default 90 s). */
  readyTimeoutMs?: number;
  /**
   * Processes of each subgraph (default 1). With more, each runs on a port
   * of its own (named catalog-1, catalog-2 …) behind a balancer on the
   * subgraph's port (service-balancer.ts, a Kubernetes Service's part), and
   * every process reaches the subgraphs through the balancers.
   */
  subgraphReplicas?: number;
}

interface ServiceRecipe {
  entry: string;
  env: NodeJS.ProcessEnv;
  baseUrl: string;
  /** The balancer this replica serves behind, and its own port. */
  balanced?: { balancer: ServiceBalancer; port: number };
}

/** How long a replica stays up after leaving its balancer before SIGTERM (Kubernetes: preStop while endpoints update). */
const ENDPOINT_REMOVAL_MS = 500;

/**
 * Starts every subgraph (one process each) and, once they are ready, the
 * router replicas. URLs between processes follow the ports of the given
 * environment.
 */
export async function startSystem(options: SystemOptions): Promise<RunningSystem> {
  const subgraphEntry = (name: SubgraphName) => path.join(root, subgraphDefinition(name).entry);
  const routerEntry = path.join(root, 'supergraph', 'router.ts');
  // Every entry bundled in one esbuild run before the first starts (spawnService alone builds each in a
  // child process, about 0.5 s apiece); a service started again is built again from the current sources.
  const entries = [...options.subgraphs.map(subgraphEntry), routerEntry];
  const firstBundles = new Map((await buildServiceBundles(entries)).map((bundle, i) => [entries[i]!, bundle]));
  // Without Redis the services share one in-process event bus, hosted here (event-bus-host.ts).
  const busHost = await startEventBusHost({ ...process.env, ...options.env });
  const replicas = options.subgraphReplicas ?? 1;
  const baseEnv = { ...process.env, ...options.env, ...busHost.env };
  const c = loadConfig(baseEnv);
  // Replicas: every process reaches each subgraph at its balancer, on the subgraph's port.
  const env: NodeJS.ProcessEnv =
    replicas > 1 ? { ...baseEnv, ...Object.fromEntries(options.subgraphs.map((name) => [subgraphDefinition(name).urlKey, `http://127.0.0.1:${subgraphPort(name, c)}/graphql`])) } : baseEnv;
  const recipes = new Map<string, ServiceRecipe>();
  const balancers: ServiceBalancer[] = [];
  try {
    for (const name of options.subgraphs) {
      if (replicas === 1) {
        recipes.set(name, { entry: subgraphEntry(name), env, baseUrl: `http://127.0.0.1:${subgraphPort(name, c)}` });
        continue;
      }
      const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
      const balancer = await startServiceBalancer(name, subgraphPort(name, c), ports);
      balancers.push(balancer);
      ports.forEach((port, i) => {
        recipes.set(`${name}-${i + 1}`, { entry: subgraphEntry(name), env: { ...env, [subgraphDefinition(name).portKey]: String(port) }, baseUrl: `http://127.0.0.1:${port}`, balanced: { balancer, port } });
      });
    }
  } catch (error) {
    await Promise.all(balancers.map((b) => b.close()));
    await busHost.stop();
    throw error;
  }
  const routerPorts = options.routerPorts ?? [c.ROUTER_PORT];
  const routerNames = options.routerPorts ? routerPorts.map((_, i) => `router-${i + 1}`) : ['router'];
  routerPorts.forEach((port, i) => {
    recipes.set(routerNames[i]!, { entry: routerEntry, env: { ...env, ROUTER_PORT: String(port) }, baseUrl: `http://127.0.0.1:${port}` });
  });

  const services: ServiceProcess[] = [];
  const spawnByName = (name: string, extraEnv: NodeJS.ProcessEnv = {}, rebuilt?: string): ServiceProcess => {
    const recipe = recipes.get(name);
    if (!recipe) throw new Error(`unknown service ${name}`);
    const stdio = typeof options.stdio === 'function' ? options.stdio(name) : options.stdio;
    const bundle = rebuilt ?? firstBundles.get(recipe.entry);
    const service = spawnService(name, recipe.entry, { ...recipe.env, ...extraEnv }, recipe.baseUrl, stdio, { detached: options.detached, bundle });
    const index = services.findIndex((s) => s.name === name);
    if (index >= 0) services[index] = service;
    else services.push(service);
    return service;
  };
  const find = (name: string) => {
    const service = services.find((s) => s.name === name);
    if (!service) throw new Error(`unknown service ${name}`);
    return service;
  };
  const stop = async () => {
    // Routers first (they stop sending to subgraphs), then the subgraphs.
    const routers = services.filter((s) => routerNames.includes(s.name));
    await Promise.all(routers.map((s) => s.stop()));
    await Promise.all(services.filter((s) => !routers.includes(s)).map((s) => s.stop()));
    await Promise.all(balancers.map((b) => b.close()));
    await busHost.stop();
  };
  const stopService = async (name: string, signal: NodeJS.Signals = 'SIGTERM') => {
    const balanced = recipes.get(name)?.balanced;
    if (balanced && signal === 'SIGTERM') {
      balanced.balancer.remove(balanced.port);
      await new Promise((resolve) => setTimeout(resolve, ENDPOINT_REMOVAL_MS));
    }
    await find(name).stop(signal);
  };
  try {
    for (const name of recipes.keys()) if (!routerNames.includes(name)) spawnByName(name);
    await Promise.all(services.map((s) => waitUntilReady(s, options.readyTimeoutMs)));
    const routers = routerNames.map((name) => spawnByName(name));
    await Promise.all(routers.map((r) => waitUntilReady(r, options.readyTimeoutMs)));
    return {
      routerUrl: `${routers[0]!.baseUrl}/graphql`,
      routerUrls: routers.map((r) => `${r.baseUrl}/graphql`),
      services,
      stopService,
      async startService(name, env) {
        const current = find(name);
        if (current.child.exitCode === null && current.child.signalCode === null) throw new Error(`${name} is still running`);
        // Built from the current sources without blocking this process: it also runs the balancers
        // (a synchronous build froze every connection through them for about a second).
        const [bundle] = await buildServiceBundles([recipes.get(name)!.entry]);
        const service = spawnByName(name, env, bundle);
        await waitUntilReady(service, options.readyTimeoutMs);
        const balanced = recipes.get(name)?.balanced;
        balanced?.balancer.add(balanced.port);
        return service;
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
