import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import { ComposeProject } from '../../tools/docker/compose-project.js';
import { mustRun } from '../../tools/docker/run-command.js';

/** The compose project test/setup/compose-global-setup.ts brought up, driven as an operator would. */
export function composeProject(): ComposeProject {
  const stack = inject('composeStack');
  return new ComposeProject({ name: stack.name, overrides: stack.overrides, env: stack.env });
}

/**
 * Rows of a query run by psql inside the postgres container (the database
 * is not published): the query wrapped so psql prints one JSON array.
 */
export async function psql<R = Record<string, unknown>>(project: ComposeProject, query: string): Promise<R[]> {
  const wrapped = `SELECT coalesce(json_agg(row_to_json(q)), '[]'::json) FROM (${query}) q`;
  const result = await project.exec('postgres', ['psql', '-v', 'ON_ERROR_STOP=1', '-U', 'retail', '-d', 'retail', '-At', '-c', wrapped]);
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr.trim()}`);
  return JSON.parse(result.stdout) as R[];
}

/** The host PID of a container's main process (Docker's init) and of the service process under it. */
export async function servicePid(project: ComposeProject, service: string): Promise<number> {
  const id = await project.containerId(service);
  const init = (await mustRun('docker', ['inspect', '--format', '{{.State.Pid}}', id])).trim();
  const child = readFileSync(`/proc/${init}/task/${init}/children`, 'utf8').trim().split(/\s+/)[0];
  if (!child) throw new Error(`${service}: no process under its init (${init})`);
  return Number(child);
}

export interface ContainerFacts {
  service: string;
  user: string;
  readOnlyRoot: boolean;
  restartCount: number;
  /** Published ports: "host address:host port" per container port. */
  published: string[];
  networks: string[];
}

export async function containerFacts(project: ComposeProject): Promise<ContainerFacts[]> {
  const containers = await project.containers();
  const format = '{{json .}}';
  const raw = JSON.parse(`[${(await mustRun('docker', ['inspect', '--format', format, ...containers.map((c) => c.id)])).trim().split('\n').join(',')}]`) as Array<{
    Config: { User: string; Labels: Record<string, string> };
    HostConfig: { ReadonlyRootfs: boolean };
    RestartCount: number;
    NetworkSettings: { Ports: Record<string, Array<{ HostIp: string; HostPort: string }> | null>; Networks: Record<string, unknown> };
  }>;
  return raw.map((c) => ({
    service: c.Config.Labels['com.docker.compose.service']!,
    user: c.Config.User,
    readOnlyRoot: c.HostConfig.ReadonlyRootfs,
    restartCount: c.RestartCount,
    published: Object.values(c.NetworkSettings.Ports ?? {}).flatMap((bindings) => (bindings ?? []).map((b) => `${b.HostIp}:${b.HostPort}`)),
    networks: Object.keys(c.NetworkSettings.Networks).map((n) => n.replace(`${project.name}_`, '')),
  }));
}
