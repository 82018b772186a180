import { readFileSync } from 'node:fs';
import type { Watched } from './process-cpu.js';

/** MiB value of one field of /proc/<pid>/status (Linux); undefined elsewhere or once the process is gone. */
function statusMiB(pid: number, field: 'VmHWM' | 'VmRSS'): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}


export interface PeakMemory {
  /** Highest resident memory seen while the load ran (sampled every 200 ms). */
  underLoadMiB: number;
  /** The kernel's high-water mark over the whole life of the process, start-up (seeding) included. */
  lifetimeMiB: number;
}

/** Peak resident memory of processes while the bench loads them, and over their whole life. */
export class PeakRss {
  private readonly peaks = new Map<string, PeakMemory>();
  private timer: NodeJS.Timeout | undefined;

  private record(name: string, field: keyof PeakMemory, mib: number | undefined): void {
    if (mib === undefined) return;
    const peak = this.peaks.get(name) ?? { underLoadMiB: 0, lifetimeMiB: 0 };
    peak[field] = Math.max(peak[field], mib);
    this.peaks.set(name, peak);
  }

  /** Samples the resident memory of `processes()` until stop(). */
  start(processes: () => readonly Watched[]): void {
    const sample = () => {
      for (const { name, pid } of processes()) if (pid !== undefined) this.record(name, 'underLoadMiB', statusMiB(pid, 'VmRSS'));
    };
    sample();
    this.timer = setInterval(sample, 200);
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Reads the lifetime high-water mark of each process (before it stops). */
  readLifetime(processes: readonly Watched[]): void {
    for (const { name, pid } of processes) if (pid !== undefined) this.record(name, 'lifetimeMiB', statusMiB(pid, 'VmHWM'));
  }

  all(): Record<string, PeakMemory> {
    return Object.fromEntries(this.peaks);
  }
}
