import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findExecutable, isRunning, spawnDaemon, type DaemonProcess } from './daemon-process.js';
import { nginxTempPaths, readNginxTemplate, renderNginxConfig, type NginxConfigOptions } from './nginx-config.js';

export interface NginxOptions {
  /** Working directory: nginx.conf, pid, logs/, tmp/. */
  dir: string;
  host?: string;
  port: number;
  upstreams: readonly string[];
  corsOrigins: readonly string[];
  rateLimit: { perSecond: number; burst: number };
  stdio?: number | 'ignore' | 'inherit';
  detached?: boolean;
}

export interface RunningNginx {
  url: string;
  configFile: string;
  accessLog: string;
  errorLog: string;
  process: DaemonProcess;
  stop(): Promise<void>;
}

export function findNginx(): string | undefined {
  return findExecutable('nginx', ['/usr/sbin', '/usr/local/sbin', '/usr/local/nginx/sbin']);
}

/** Temporary-file directives this build knows (a build may lack fastcgi, uwsgi or scgi). */
function supportedTempPaths(binary: string): string[] {
  const built = spawnSync(binary, ['-V'], { encoding: 'utf8' });
  const flags = `${built.stdout ?? ''}${built.stderr ?? ''}`;
  return nginxTempPaths.filter((name) => name === 'client_body' || name === 'proxy' || !flags.includes(`--without-http_${name}_module`));
}

/** Started as root, Nginx's workers drop to `nobody` (its group is `nogroup` on Debian, `nobody` elsewhere). */
function workerUser(): string | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return spawnSync('getent', ['group', 'nogroup']).status === 0 ? 'nobody nogroup' : 'nobody nobody';
}

/** The loopback variant of infra/nginx/nginx.conf for this machine. */
export function loopbackNginxConfig(options: Omit<NginxOptions, 'stdio' | 'detached'>, binary = findNginx()): string {
  const dir = path.resolve(options.dir);
  const rendered: NginxConfigOptions = {
    listen: `${options.host ?? '127.0.0.1'}:${options.port}`,
    upstreams: options.upstreams,
    corsOrigins: options.corsOrigins,
    rateLimit: options.rateLimit,
    statusAllow: ['127.0.0.1', '::1'],
    runtime: { dir, user: workerUser(), tempPaths: binary ? supportedTempPaths(binary) : nginxTempPaths },
  };
  return renderNginxConfig(readNginxTemplate(), rendered);
}

/** Checks the configuration (`nginx -t`), then runs Nginx in the foreground until stop(). */
export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const binary = findNginx();
  if (!binary) throw new Error('nginx not found on PATH (Debian: apt-get install nginx-light)');
  const dir = path.resolve(options.dir);
  for (const sub of ['logs', 'tmp']) mkdirSync(path.join(dir, sub), { recursive: true });
  // The workers (an unprivileged user when started as root) write temporary files here.
  for (const d of [dir, path.join(dir, 'tmp')]) chmodSync(d, 0o755);
  const configFile = path.join(dir, 'nginx.conf');
  const errorLog = path.join(dir, 'logs', 'error.log');
  writeFileSync(configFile, loopbackNginxConfig(options, binary));
  const args = ['-p', dir, '-c', configFile, '-e', errorLog];
  const test = spawnSync(binary, [...args, '-t', '-q'], { encoding: 'utf8' });
  if (test.status !== 0) throw new Error(`nginx -t failed for ${configFile}:\n${test.stderr}`);

  const process_ = spawnDaemon({
    name: 'nginx',
    command: binary,
    args: [...args, '-g', 'daemon off;'],
    stopSignal: 'SIGQUIT', // graceful: finishes the requests in progress, then exits
    stdio: options.stdio ?? 'ignore',
    detached: options.detached,
  });
  const url = `http://${options.host ?? '127.0.0.1'}:${options.port}`;
  for (let attempt = 0; ; attempt++) {
    if (!isRunning(process_.child)) throw new Error(`nginx exited (code ${process_.child.exitCode}); see ${errorLog}`);
    const ok = await fetch(`${url}/health`, { signal: AbortSignal.timeout(1000) }).then((r) => r.ok, () => false);
    if (ok) break;
    if (attempt > 100) {
      await process_.stop();
      throw new Error(`nginx did not answer on ${url} within 20 s; see ${errorLog}`);
    }
    await sleep(200);
  }
  return { url, configFile, accessLog: path.join(dir, 'logs', 'access.log'), errorLog, process: process_, stop: () => process_.stop() };
}
