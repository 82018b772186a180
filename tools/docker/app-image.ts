import { existsSync } from 'node:fs';
import { root } from '../launcher/service-build.js';
import { buildkitBuild } from './docker-engine.js';
import { mustRun } from './run-command.js';

export interface AppImageOptions {
  tag: string;
  /** The base (NODE_IMAGE build argument): node:20-bookworm-slim or its local stand-in. */
  nodeImage: string;
  /** A CA bundle npm must trust (a TLS-inspecting proxy), passed as the build secret `npm_ca`. */
  caFile?: string;
  log?: (line: string) => void;
}

/** The CA bundle of this machine, which trusts its proxy, when there is one. */
export function hostCaBundle(): string | undefined {
  return [process.env.NODE_EXTRA_CA_CERTS, '/etc/ssl/certs/ca-certificates.crt'].find((file): file is string => !!file && existsSync(file));
}

/** Builds the image of every Node service with the project's Dockerfile (BuildKit; cached layers reused). */
export async function buildAppImage(options: AppImageOptions): Promise<void> {
  const build = await buildkitBuild();
  const secret = options.caFile ? ['--secret', `id=npm_ca,src=${options.caFile}`] : [];
  options.log?.(`building ${options.tag} on ${options.nodeImage}`);
  await mustRun(build.command, [...build.args, '--build-arg', `NODE_IMAGE=${options.nodeImage}`, ...secret, '-t', options.tag, root], { env: build.env, timeoutMs: 1_200_000 });
}

/** Bytes the image adds to its base: its own layers (`docker history`). */
export async function appLayersBytes(image: string, baseImage: string): Promise<number> {
  const size = async (name: string) => Number((await mustRun('docker', ['image', 'inspect', '--format', '{{.Size}}', name])).trim());
  return (await size(image)) - (await size(baseImage));
}
