import { spawn, spawnSync } from 'node:child_process';

export interface CommandResult {
  status: number;
  stdout: string;
  stderr: string;
}

export interface CommandOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  /** Lines of output go to this function as they come (long builds), besides being collected. */
  onOutput?: (line: string) => void;
  timeoutMs?: number;
}

/** Runs a command to its end; never throws for a non-zero status (see `mustRun`). */
export function runCommand(command: string, args: readonly string[], options: CommandOptions = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], { env: options.env ?? process.env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const lines = (chunk: Buffer) => {
      if (options.onOutput) for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) options.onOutput(line);
    };
    child.stdout.on('data', (chunk: Buffer) => (out.push(chunk), lines(chunk)));
    child.stderr.on('data', (chunk: Buffer) => (err.push(chunk), lines(chunk)));
    const timer = options.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), options.timeoutMs) : undefined;
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ status: code ?? (signal ? 128 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a command and returns its standard output; a non-zero status throws with what it printed. */
export async function mustRun(command: string, args: readonly string[], options: CommandOptions = {}): Promise<string> {
  const result = await runCommand(command, args, options);
  if (result.status !== 0) {
    const output = `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-40).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}:\n${output}`);
  }
  return result.stdout;
}

/** True when the command runs and exits 0 (quick checks: `docker info`, `which`). */
export function succeeds(command: string, args: readonly string[]): boolean {
  try {
    return spawnSync(command, [...args], { stdio: 'ignore', timeout: 30_000 }).status === 0;
  } catch {
    return false;
  }
}
