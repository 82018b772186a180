import { execFileSync } from 'node:child_process';
import os from 'node:os';

export interface MachineDescription {
  cpu: string;
  cores: number;
  ramGiB: number;
  os: string;
  node: string;
  /** Other processes' share of the CPU when the run started (1-minute load average per core). */
  loadPerCoreAtStart: number;
}

function osName(): string {
  try {
    const release = execFileSync('sh', ['-c', '. /etc/os-release && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).trim();
    if (release) return `${release}, ${os.type()} ${os.release()}`;
  } catch {
    // not a Linux with os-release
  }
  return `${os.type()} ${os.release()}`;
}

/** What the figures depend on: they only compare within one run on one machine. */
export function describeMachine(): MachineDescription {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: osName(),
    node: process.version,
    loadPerCoreAtStart: Math.round((os.loadavg()[0]! / os.availableParallelism()) * 100) / 100,
  };
}
