import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildServiceBundleSync } from './service-build.js';

export interface ServiceProcess {
  name: string;
  child: ChildProcess;
  /** The file the process runs (the entry's bundle): a piece of its command line. */
  script: string;
  baseUrl: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Where a service's output goes: the launcher's terminal, nowhere, or an open file descriptor (a log file). */
export type ServiceOutput = 'inherit' | 'ignore' | number;

export interface SpawnOptions {
  /** Own process group: a Ctrl-C in the terminal reaches the launcher only, which stops services in order. */
  detached?: boolean;
  /**
   * The entry's bundle, when the caller has just built it
   * (buildServiceBundles, one esbuild run for several services): the
   * entry is not built again.
   */
  bundle?: string;
}

/**
 * Memory settings of every service (the Dockerfile sets the same; see also
 * SERVICE_NODE_ARGS below):
 * - glibc gives each thread that allocates (libuv's pool, V8's GC helpers)
 *   its own malloc arenas, which fragment under load: two arenas kept a
 *   subgraph about 140 MB smaller at the same throughput;
 * - glibc raises its mmap threshold after a large block is freed, so later
 *   large blocks (scrypt's 16 MB per login, big bodies) came from the heap
 *   and stayed resident: eight logins left accounts 140 MB larger; a fixed
 *   128 KB threshold gives them back;
 * - V8 sizes its heap growth by the old-space limit (some GB by default on
 *   a large machine), so a busy process let garbage pile up to 150 MB before
 *   collecting it; with a 192 MB limit (three times the largest live heap
 *   measured, a router's) peaks fell by 60–140 MB at no measurable CPU cost.
 * Options in the caller's NODE_OPTIONS come after ours and win.
 */
export const SERVICE_MALLOC_ENV = { MALLOC_ARENA_MAX: '2', MALLOC_MMAP_THRESHOLD_: '131072' };
export const SERVICE_NODE_OPTIONS = '--max-old-space-size=192';

/**
 * V8 flags of every service, on its command line since Node refuses them in
 * NODE_OPTIONS (compose.yaml and the Dockerfile give the same): WebAssembly
 * stays on V8's baseline compiler, Liftoff. Its one user is Prisma's query
 * compiler, called once per new query shape (plans are cached: five calls
 * in a whole load run of a subgraph), yet dynamic tiering recompiled its
 * functions with TurboFan, whose compile memory stayed resident: about
 * 35 MB more per subgraph under load (uncached inventory 183–186 → 144–149
 * MB), with no difference in CPU per request. Both flags are needed
 * (dynamic tiering ignores --no-wasm-tier-up); unlike --liftoff-only, a
 * function Liftoff cannot compile still gets TurboFan.
 */
export const SERVICE_NODE_ARGS: readonly string[] = ['--no-wasm-dynamic-tiering', '--no-wasm-tier-up'];

export function serviceMemoryEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...SERVICE_MALLOC_ENV, ...env, NODE_OPTIONS: [SERVICE_NODE_OPTIONS, env.NODE_OPTIONS].filter(Boolean).join(' ') };
}

/**
 * Runs one service (a TypeScript entry file) as its own Node process: the
 * entry is bundled into `.build/` right before (service-build.ts), so the
 * process runs the current sources without tsx's loader thread.
 */
export function spawnService(name: string, entry: string, env: NodeJS.ProcessEnv, baseUrl: string, stdio: ServiceOutput = 'inherit', options: SpawnOptions = {}): ServiceProcess {
  const bundle = options.bundle ?? buildServiceBundleSync(entry);
  const child = spawn(process.execPath, [...SERVICE_NODE_ARGS, bundle], { env: serviceMemoryEnv(env), stdio: ['ignore', stdio, stdio], detached: options.detached ?? false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    name,
    child,
    script: bundle,
    baseUrl,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      // A service that does not finish its graceful shutdown in time is killed.
      const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/**
 * Polls `/ready` until the service answers 200, or fails when it exits or
 * times out. A ready answer must come from a service of the kind started
 * (`sales-2`, `sales-uncached` → `sales`): when another process holds the
 * port, the one started cannot listen and exits, and until it has exited
 * the other's answer would pass for its own.
 */
export async function waitUntilReady(service: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const kind = serviceKind(service.name);
  while (Date.now() < deadline) {
    if (service.child.exitCode !== null) throw new Error(`${service.name} exited with code ${service.child.exitCode} before it was ready`);
    let answeredBy: unknown;
    try {
      const res = await fetch(`${service.baseUrl}/ready`, { signal: AbortSignal.timeout(2000) });
      answeredBy = ((await res.json().catch(() => ({}))) as { service?: unknown }).service;
      if (res.ok && (answeredBy === undefined || answeredBy === kind)) return;
    } catch {
      // not listening yet
    }
    if (answeredBy !== undefined && answeredBy !== kind) throw new Error(`${service.name}: ${service.baseUrl} is answered by a ${String(answeredBy)} service, not by the ${kind} just started (port taken)`);
    await sleep(150);
  }
  throw new Error(`${service.name} was not ready within ${timeoutMs} ms`);
}

/** The kind of service a launcher name stands for: its first word (`router-2` → `router`). */
export function serviceKind(name: string): string {
  return name.split('-')[0]!;
}
