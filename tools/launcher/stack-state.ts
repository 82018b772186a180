import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What `npm run stack` started, written under STACK_DATA_DIR so that
 * `npm run stack:down` (another process) can stop it, also after the
 * launcher itself died.
 */
export interface StackState {
  launcher: { pid: number; match: string };
  url?: string;
  /** In start order; stopped in reverse. `match` is a piece of /proc/<pid>/cmdline, against reused pids. */
  processes: Array<{ name: string; pid: number; signal: NodeJS.Signals; match: string }>;
}

export const stateFile = (dir: string) => path.join(dir, 'stack.json');

export function readState(dir: string): StackState | undefined {
  const file = stateFile(dir);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as StackState;
  } catch {
    return undefined;
  }
}

export function writeState(dir: string, state: StackState): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(stateFile(dir), `${JSON.stringify(state, null, 2)}\n`);
}

export function removeState(dir: string): void {
  rmSync(stateFile(dir), { force: true });
}

/** The process with this pid is alive and is the one recorded (its command line contains `match`). */
export function isAlive(pid: number, match: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: alive but someone else's, so not ours.
    return false;
  }
  const cmdline = `/proc/${pid}/cmdline`;
  if (!existsSync(cmdline)) return true;
  try {
    return readFileSync(cmdline, 'utf8').replace(/\0/g, ' ').includes(match);
  } catch {
    return false;
  }
}

export async function waitForExit(pid: number, match: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid, match)) return true;
    await sleep(100);
  }
  return !isAlive(pid, match);
}

/**
 * Stops a stack from its state file: asks the launcher (SIGTERM), which
 * stops everything in order; whatever is left (the launcher was killed)
 * gets its own stop signal, then SIGKILL.
 */
export async function stopStackFromState(dir: string, log: (line: string) => void = () => undefined): Promise<boolean> {
  const state = readState(dir);
  if (!state) return false;
  if (isAlive(state.launcher.pid, state.launcher.match)) {
    log(`stopping the stack launcher (pid ${state.launcher.pid})`);
    process.kill(state.launcher.pid, 'SIGTERM');
    if (!(await waitForExit(state.launcher.pid, state.launcher.match, 90_000))) log('the launcher did not stop in time; stopping its processes directly');
  }
  for (const entry of [...state.processes].reverse()) {
    if (!isAlive(entry.pid, entry.match)) continue;
    log(`stopping ${entry.name} (pid ${entry.pid}, ${entry.signal})`);
    try {
      process.kill(entry.pid, entry.signal);
    } catch {
      continue;
    }
    if (!(await waitForExit(entry.pid, entry.match, 20_000))) {
      log(`${entry.name} did not stop: SIGKILL`);
      try {
        process.kill(entry.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await waitForExit(entry.pid, entry.match, 5_000);
    }
  }
  removeState(dir);
  return true;
}
