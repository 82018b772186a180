import { closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { mustRun, runCommand, succeeds } from './run-command.js';

/** Debian packages the Docker tests need: the engine, Compose 1.29 and debootstrap (the stand-in base image). */
const PACKAGES = [
  { pkg: 'docker.io', present: () => existsSync('/usr/sbin/dockerd') || succeeds('which', ['dockerd']) },
  { pkg: 'docker-compose', present: () => succeeds('docker', ['compose', 'version']) || succeeds('which', ['docker-compose']) },
  { pkg: 'debootstrap', present: () => existsSync('/usr/sbin/debootstrap') || succeeds('which', ['debootstrap']) },
];

const isRoot = () => process.getuid?.() === 0;

/**
 * Makes sure a Docker engine answers: installs what is missing with apt-get
 * when running as root on Debian (as CI does), and starts dockerd in the
 * background when none runs. Elsewhere it says what to install and stops.
 */
export async function ensureDockerEngine(log: (line: string) => void = () => undefined): Promise<void> {
  const missing = PACKAGES.filter((p) => !p.present()).map((p) => p.pkg);
  if (missing.length) {
    if (!isRoot() || !succeeds('which', ['apt-get'])) throw new Error(`the Docker tests need the Debian packages ${missing.join(' ')} (apt-get install -y ${missing.join(' ')})`);
    log(`installing ${missing.join(' ')}`);
    await mustRun('apt-get', ['update'], { timeoutMs: 600_000 });
    await mustRun('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeoutMs: 900_000 });
  }
  if (await engineAnswers()) return;
  if (!isRoot()) throw new Error('no Docker engine answers (docker info) and only root can start dockerd here');
  log('starting dockerd');
  mkdirSync('/var/log', { recursive: true });
  const logFd = openSync('/var/log/dockerd.log', 'a');
  // Its own session: it outlives this process, as a system service would.
  spawn('dockerd', [], { detached: true, stdio: ['ignore', logFd, logFd] }).unref();
  closeSync(logFd);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (await engineAnswers()) return;
    await sleep(500);
  }
  throw new Error('dockerd did not answer within 60 s (see /var/log/dockerd.log)');
}

async function engineAnswers(): Promise<boolean> {
  return (await runCommand('docker', ['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 }).catch(() => ({ status: 1 }))).status === 0;
}

/**
 * How to run a BuildKit build (the Dockerfile mounts a build secret): the
 * buildx plugin where the client has it, else a client that still carries
 * BuildKit inside (Docker before 23, such as Debian's docker.io, with
 * DOCKER_BUILDKIT=1). Debian's engine with a newer client lacking buildx
 * (as on our machines) gets the older client.
 */
export async function buildkitBuild(): Promise<{ command: string; args: string[]; env: NodeJS.ProcessEnv }> {
  if (succeeds('docker', ['buildx', 'version'])) return { command: 'docker', args: ['buildx', 'build', '--load'], env: process.env };
  for (const client of ['docker', '/usr/bin/docker']) {
    const version = (await runCommand(client, ['version', '--format', '{{.Client.Version}}']).catch(() => ({ stdout: '' }))).stdout.trim();
    const major = Number(version.split('.')[0]);
    if (major > 0 && major < 23) return { command: client, args: ['build'], env: { ...process.env, DOCKER_BUILDKIT: '1' } };
  }
  throw new Error('no Docker client here can build with BuildKit: install the buildx plugin');
}

/** `docker compose` (v2) where the plugin exists, else docker-compose 1.29. */
export function composeCommand(): { command: string; args: string[] } {
  return succeeds('docker', ['compose', 'version']) ? { command: 'docker', args: ['compose'] } : { command: 'docker-compose', args: [] };
}
