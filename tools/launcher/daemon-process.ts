import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** A server binary the stack runs (PostgreSQL, Redis, Nginx), as a child process. */
export interface DaemonProcess {
  name: string;
  child: ChildProcess;
  pid: number;
  /** The signal that asks it to stop cleanly (PostgreSQL: SIGINT, Nginx: SIGQUIT …). */
  stopSignal: NodeJS.Signals;
  command: string;
  exited: Promise<void>;
  stop(): Promise<void>;
}

export interface DaemonOptions {
  name: string;
  command: string;
  args: readonly string[];
  stopSignal: NodeJS.Signals;
  /** Output file descriptor (a log file) or 'ignore'. */
  stdio?: number | 'ignore' | 'inherit';
  detached?: boolean;
  uid?: number;
  gid?: number;
  cwd?: string;
  /** After this the process gets SIGKILL. */
  stopTimeoutMs?: number;
}

export function spawnDaemon(options: DaemonOptions): DaemonProcess {
  const stdio = options.stdio ?? 'ignore';
  const child = spawn(options.command, [...options.args], {
    stdio: ['ignore', stdio, stdio],
    detached: options.detached ?? false,
    cwd: options.cwd,
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  if (child.pid === undefined) throw new Error(`${options.name}: could not start ${options.command}`);
  return {
    name: options.name,
    child,
    pid: child.pid,
    stopSignal: options.stopSignal,
    command: options.command,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(options.stopSignal);
      const killer = setTimeout(() => child.kill('SIGKILL'), options.stopTimeoutMs ?? 20_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

export function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

/** Path of an executable: on PATH (as the shell finds it) or in one of `extraDirs`. */
export function findExecutable(name: string, extraDirs: readonly string[] = []): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  const onPath = found.status === 0 ? found.stdout.trim() : '';
  if (onPath && path.isAbsolute(onPath)) return onPath;
  for (const dir of extraDirs) {
    const candidate = path.join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** /usr/lib/postgresql/<version>/bin, newest first (Debian's layout). */
export function postgresBinDirs(): string[] {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => path.join(base, v, 'bin'));
}
