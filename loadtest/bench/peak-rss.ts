import { readFileSync } from 'node:fs';

/** kB value of one field of /proc/<pid>/status (Linux); undefined elsewhere or once the process is gone. */
function statusField(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Peak resident memory of processes, in MiB: the kernel's high-water mark
 * (VmHWM) covers every moment of the process's life, so reading it after
 * the runs misses no spike between samples.
 */
export class PeakRss {
  private readonly peaks = new Map<string, number>();

  /** Records the current high-water mark of each process (call before a process stops). */
  read(processes: ReadonlyArray<{ name: string; pid: number | undefined }>): void {
    for (const { name, pid } of processes) {
      if (pid === undefined) continue;
      const kb = statusField(pid, 'VmHWM');
      if (kb === undefined) continue;
      this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, Math.round(kb / 1024)));
    }
  }

  get(name: string): number | undefined {
    return this.peaks.get(name);
  }

  all(): Record<string, number> {
    return Object.fromEntries(this.peaks);
  }
}
