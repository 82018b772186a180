import { spawn, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The peer's own package (own lock file and overrides): never part of the product's dependency tree. */
export const peerDir = path.resolve(import.meta.dirname, '..', 'peer');
const bin = path.join(peerDir, 'node_modules', '@graphql-hive', 'gateway', 'dist', 'bin.js');

export type PeerInstall = { installed: true } | { installed: false; reason: string };

/** Installs the peer on first use (`npm ci --prefix loadtest/peer`); a failure is a reason to skip it, not to stop the bench. */
export function ensurePeerInstalled(): PeerInstall {
  if (existsSync(bin)) return { installed: true };
  console.log('bench: installing the peer gateway (npm ci --prefix loadtest/peer) …');
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, ['ci', '--prefix', peerDir, '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], { stdio: 'inherit', timeout: 600_000 });
  if (result.error) return { installed: false, reason: `npm ci failed: ${result.error.message}` };
  if (result.status !== 0 || !existsSync(bin)) return { installed: false, reason: `npm ci --prefix loadtest/peer exited with ${result.status ?? result.signal}` };
  return { installed: true };
}

/** The supergraph with each subgraph's URL replaced by where this run serves it. */
export function supergraphWithUrls(sdl: string, urls: Record<string, string>): string {
  return sdl.replace(/@join__graph\(name: "([^"]+)", url: "[^"]*"\)/g, (whole, name: string) => (urls[name] ? `@join__graph(name: "${name}", url: "${urls[name]}")` : whole));
}

export interface RunningPeer {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** `hive-gateway supergraph <file>` with `workers` worker processes (1: the gateway runs in this one process). */
export async function startPeerGateway(options: {
  supergraphFile: string;
  sdl: string;
  port: number;
  workers: number;
  output: number | 'inherit' | 'ignore';
  /** Settings gateway.config.mjs reads (PEER_RESPONSE_CACHE_…: its response cache). */
  env?: Record<string, string>;
}): Promise<RunningPeer> {
  writeFileSync(options.supergraphFile, options.sdl);
  // tsx lets gateway.config.mjs use the product's TypeScript signing code.
  const child = spawn(process.execPath, ['--import', import.meta.resolve('tsx'), bin, 'supergraph', options.supergraphFile, '--host', '127.0.0.1', '--port', String(options.port), '--fork', String(options.workers)], {
    cwd: peerDir, // gateway.config.mjs
    env: { ...process.env, ...options.env }, // out of the box: our services' memory settings would cap its heap
    stdio: ['ignore', options.output, options.output],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
  };
  const base = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`hive-gateway exited with code ${child.exitCode}`);
    const ready = await fetch(`${base}/readiness`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
    if (ready) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error('hive-gateway was not ready within 60 s');
    }
    await sleep(200);
  }
  return { url: `${base}/graphql`, pid: child.pid, stop };
}
