import path from 'node:path';
import { root } from '../launcher/service-build.js';
import { composeCommand } from './docker-engine.js';
import { mustRun, runCommand, type CommandResult } from './run-command.js';

export interface ComposeProjectOptions {
  /** The project name (docker-compose -p): its containers, networks and volumes are prefixed with it. */
  name: string;
  /** Compose files after compose.yaml (the local-images override). */
  overrides?: string[];
  /** Variables compose interpolates (ports, tags, secrets …). */
  env?: Record<string, string>;
}

export interface ContainerState {
  service: string;
  id: string;
  status: string;
  health?: string;
  exitCode: number;
}

/**
 * compose.yaml as one project, driven through `docker compose` or
 * docker-compose 1.29 (whichever this machine has): the commands an
 * operator types, with the project name and files fixed.
 */
export class ComposeProject {
  readonly name: string;
  private readonly files: string[];
  private readonly env: NodeJS.ProcessEnv;

  constructor(options: ComposeProjectOptions) {
    this.name = options.name;
    this.files = [path.join(root, 'compose.yaml'), ...(options.overrides ?? [])];
    this.env = { ...process.env, ...options.env };
  }

  private args(args: readonly string[]): [string, string[]] {
    const { command, args: prefix } = composeCommand();
    return [command, [...prefix, '-p', this.name, ...this.files.flatMap((file) => ['-f', file]), ...args]];
  }

  run(args: readonly string[], timeoutMs = 600_000): Promise<CommandResult> {
    const [command, all] = this.args(args);
    return runCommand(command, all, { env: this.env, cwd: root, timeoutMs });
  }

  mustRun(args: readonly string[], timeoutMs = 600_000): Promise<string> {
    const [command, all] = this.args(args);
    return mustRun(command, all, { env: this.env, cwd: root, timeoutMs });
  }

  /** Starts (or updates) the services in the background with the images already built. */
  up(services: readonly string[] = []): Promise<string> {
    return this.mustRun(['up', '-d', '--no-build', ...services]);
  }

  /** Removes the containers and networks; the volumes too when asked. */
  down(options: { volumes: boolean }): Promise<CommandResult> {
    return this.run(['down', '--remove-orphans', '--timeout', '30', ...(options.volumes ? ['--volumes'] : [])]);
  }

  stop(service: string): Promise<string> {
    return this.mustRun(['stop', service]);
  }

  start(service: string): Promise<string> {
    return this.mustRun(['start', service]);
  }

  logs(service: string): Promise<string> {
    return this.mustRun(['logs', '--no-color', service]);
  }

  /** The container id of a service (its only replica). */
  async containerId(service: string): Promise<string> {
    const id = (await this.mustRun(['ps', '-a', '-q', service])).trim().split('\n')[0];
    if (!id) throw new Error(`${service} has no container in project ${this.name}`);
    return id;
  }

  /** Every container of the project with its state, from `docker inspect`. */
  async containers(): Promise<ContainerState[]> {
    const ids = (await mustRun('docker', ['ps', '-a', '-q', '--filter', `label=com.docker.compose.project=${this.name}`])).trim().split('\n').filter(Boolean);
    if (!ids.length) return [];
    const inspected = JSON.parse(await mustRun('docker', ['inspect', ...ids])) as Array<{
      Id: string;
      Config: { Labels: Record<string, string> };
      State: { Status: string; ExitCode: number; Health?: { Status: string } };
    }>;
    return inspected.map((c) => ({
      service: c.Config.Labels['com.docker.compose.service']!,
      id: c.Id,
      status: c.State.Status,
      health: c.State.Health?.Status,
      exitCode: c.State.ExitCode,
    }));
  }

  /** Runs a command inside a service's container. */
  exec(service: string, command: readonly string[], options: { user?: string } = {}): Promise<CommandResult> {
    return this.containerId(service).then((id) => runCommand('docker', ['exec', ...(options.user ? ['-u', options.user] : []), id, ...command]));
  }
}
