import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parse } from 'yaml';
import { readFileSync } from 'node:fs';
import { freePort } from '../launcher/ports.js';
import { root } from '../launcher/service-build.js';
import { appLayersBytes, buildAppImage, hostCaBundle } from './app-image.js';
import { ComposeProject, type ContainerState } from './compose-project.js';
import { ensureDockerEngine } from './docker-engine.js';
import { ensureLocalImages, imageExists, NODE_STAND_IN } from './local-images.js';
import { mustRun } from './run-command.js';

export const localImagesOverride = path.join(root, 'infra', 'docker', 'compose.local-images.yaml');
const OFFICIAL_NODE_IMAGE = 'node:20-bookworm-slim';

export interface ComposeStackOptions {
  /** Project name; a fresh one by default (lower-case letters and digits, as Compose 1.29 wants). */
  name?: string;
  /** Variables for compose.yaml on top of the ones chosen here (free ports, a free edge subnet). */
  env?: Record<string, string>;
  log?: (line: string) => void;
}

export interface ComposeStack {
  project: ComposeProject;
  /** Everything compose interpolates for this project, to drive it again (another process). */
  env: Record<string, string>;
  overrides: string[];
  publicUrl: string;
  prometheusUrl: string;
  image: string;
  baseImage: string;
  /** The image's own layers, in bytes, over its base. */
  appLayersBytes: number;
}

/** The images compose.yaml names (besides the app's and the observability profile's). */
function officialServiceImages(): string[] {
  const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { image?: string; build?: unknown; profiles?: string[] }> };
  return Object.values(compose.services)
    .filter((s) => s.image && !s.build && !s.profiles?.length)
    .map((s) => s.image!);
}

/** An edge subnet prefix (a.b.c) no Docker network of this machine uses. */
async function freeEdgeSubnetPrefix(): Promise<string> {
  const ids = (await mustRun('docker', ['network', 'ls', '-q'])).trim().split('\n').filter(Boolean);
  const taken = (await mustRun('docker', ['network', 'inspect', '--format', '{{range .IPAM.Config}}{{.Subnet}} {{end}}', ...ids])).split(/\s+/).filter(Boolean);
  for (let attempt = 0; attempt < 100; attempt++) {
    const prefix = `10.${200 + (randomBytes(1)[0]! % 50)}.${randomBytes(1)[0]!}`;
    if (!taken.some((subnet) => subnet.startsWith(`${prefix}.`))) return prefix;
  }
  throw new Error('no free /24 for the edge network');
}

/**
 * compose.yaml brought up as its users do, on this machine: the engine
 * (installed and started when missing), the official images where present,
 * else the local stand-ins, the app image built with the real Dockerfile,
 * then `up` with fresh ports on 127.0.0.1, until every long-running
 * service is healthy and the one-shots have exited 0.
 */
export async function startComposeStack(options: ComposeStackOptions = {}): Promise<ComposeStack> {
  const log = options.log ?? (() => undefined);
  await ensureDockerEngine(log);
  const official = (await Promise.all([OFFICIAL_NODE_IMAGE, ...officialServiceImages()].map(imageExists))).every(Boolean);
  if (!official) await ensureLocalImages(log);
  const baseImage = official ? OFFICIAL_NODE_IMAGE : NODE_STAND_IN;
  const tag = `compose-${randomBytes(4).toString('hex')}`;
  const image = `retail-federation:${tag}`;
  await buildAppImage({ tag: image, nodeImage: baseImage, caFile: hostCaBundle(), log });
  const env: Record<string, string> = {
    IMAGE_TAG: tag,
    PUBLIC_PORT: String(await freePort()),
    PROMETHEUS_PORT: String(await freePort()),
    EDGE_SUBNET_PREFIX: await freeEdgeSubnetPrefix(),
    ...options.env,
  };
  const overrides = official ? [] : [localImagesOverride];
  const project = new ComposeProject({ name: options.name ?? `retail${randomBytes(4).toString('hex')}`, overrides, env });
  log(`compose up (project ${project.name})`);
  try {
    await project.up();
    await waitUntilHealthy(project);
  } catch (error) {
    await project.down({ volumes: true });
    await mustRun('docker', ['image', 'rm', image]).catch(() => undefined);
    throw error;
  }
  return {
    project,
    env,
    overrides,
    publicUrl: `http://127.0.0.1:${env.PUBLIC_PORT}`,
    prometheusUrl: `http://127.0.0.1:${env.PROMETHEUS_PORT}`,
    image,
    baseImage,
    appLayersBytes: await appLayersBytes(image, baseImage),
  };
}

/** Removes the project's containers, networks and volumes, and its app image. */
export async function removeComposeStack(stack: Pick<ComposeStack, 'project' | 'image'>): Promise<void> {
  await stack.project.down({ volumes: true });
  await mustRun('docker', ['image', 'rm', stack.image]).catch(() => undefined);
}

const ONE_SHOTS = new Set(['secrets-init', 'migrate']);
const settled = (c: ContainerState) => (ONE_SHOTS.has(c.service) ? c.status === 'exited' && c.exitCode === 0 : c.status === 'running' && (c.health === undefined || c.health === 'healthy'));

/** Waits until every service is settled; fails naming those that are not, with their last log lines. */
export async function waitUntilHealthy(project: ComposeProject, timeoutMs = 180_000): Promise<ContainerState[]> {
  const deadline = Date.now() + timeoutMs;
  let containers: ContainerState[] = [];
  while (Date.now() < deadline) {
    containers = await project.containers();
    const failedOneShot = containers.find((c) => ONE_SHOTS.has(c.service) && c.status === 'exited' && c.exitCode !== 0);
    if (failedOneShot) break;
    if (containers.length && containers.every(settled)) return containers;
    await sleep(1000);
  }
  const unsettled = containers.filter((c) => !settled(c));
  const details = await Promise.all(unsettled.map(async (c) => `${c.service} (${c.status}${c.health ? `, ${c.health}` : ''}, exit ${c.exitCode}):\n${(await project.logs(c.service).catch(() => '')).trim().split('\n').slice(-15).join('\n')}`));
  throw new Error(`compose services not healthy:\n${details.join('\n')}`);
}
