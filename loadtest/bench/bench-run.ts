import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What one bench run owns: a scratch folder, log files and the steps that undo what it started. */
export interface BenchRun {
  workDir: string;
  /** A log file under .data/bench/logs for a process's output (closed at the end). */
  logFile(name: string): number;
  /** Registers an undo step; they run in reverse order at the end. */
  onCleanup(step: () => Promise<unknown>): void;
  /** Runs the undo steps (a failing one is reported, the others still run). */
  cleanup(): Promise<void>;
}

export function createBenchRun(root: string): BenchRun {
  const workDir = mkdtempSync(path.join(os.tmpdir(), 'retail-bench-'));
  const logDir = path.join(root, '.data', 'bench', 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFds: number[] = [];
  const steps: Array<() => Promise<unknown>> = [async () => rmSync(workDir, { recursive: true, force: true }), async () => logFds.forEach((fd) => closeSync(fd))];
  return {
    workDir,
    logFile(name) {
      const fd = openSync(path.join(logDir, `${name}.log`), 'w');
      logFds.push(fd);
      return fd;
    },
    onCleanup: (step) => steps.push(step),
    async cleanup() {
      for (const step of steps.splice(0).reverse()) await step().catch((error) => console.error('bench cleanup:', error));
    },
  };
}
