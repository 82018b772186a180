import { readFileSync } from 'node:fs';

/** CPU time (user + system, ms) a process has used so far, from /proc (Linux); undefined elsewhere. */
export function cpuMsOf(pid: number): number | undefined {
  try {
    // Fields after the command name: state is field 3; utime and stime are fields 14 and 15, in clock ticks (100 per second).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface Watched {
  name: string;
  pid: number | undefined;
}

/**
 * CPU milliseconds each process spends per request during a measurement:
 * unlike requests per second, it hardly moves when other work shares the
 * machine, so it tells what an optimization saved. The load generator (this
 * process) is counted as `load generator`.
 */
export async function cpuPerRequest<T>(processes: readonly Watched[], measure: () => Promise<T & { requests: number }>): Promise<T & { cpuMsPerRequest: Record<string, number> }> {
  const before = processes.map((p) => (p.pid === undefined ? undefined : cpuMsOf(p.pid)));
  const self = process.cpuUsage();
  const result = await measure();
  const selfMs = ((u) => (u.user + u.system) / 1000)(process.cpuUsage(self));
  const per = (ms: number) => Math.round((ms / Math.max(1, result.requests)) * 100) / 100;
  const cpuMsPerRequest: Record<string, number> = {};
  processes.forEach((p, i) => {
    const after = p.pid === undefined ? undefined : cpuMsOf(p.pid);
    if (after !== undefined && before[i] !== undefined) cpuMsPerRequest[p.name] = per(after - before[i]!);
  });
  cpuMsPerRequest['load generator'] = per(selfMs);
  return { ...result, cpuMsPerRequest };
}
