import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, loadConfig, subgraphPort, subgraphUrl, type Config, type SubgraphName } from '../../platform/config/config.js';
import { readNginxTemplate, renderNginxConfig } from '../../tools/launcher/nginx-config.js';
import { bundlePath, serviceEntries } from '../../tools/launcher/service-build.js';
import { SERVICE_NODE_ARGS } from '../../tools/launcher/service-process.js';
import { createLogger } from '../../platform/logging/logger.js';
import { startHttpService, type HttpService } from '../../platform/server/http-service.js';
import { supergraphFile } from '../../supergraph/composition.js';
import { composedSubgraphs, subgraphDefinition } from '../../contracts/subgraphs.js';
import { named, ofKind, overlays, renderOverlay, retailContainers, root, type K8sObject } from './kubernetes-manifests.js';

/**
 * What the containers get must be what the code reads: variables the config
 * module knows (and every one it needs set), ports, paths and entry files
 * the code uses.
 */
const configKeys = new Set(Object.keys(configSchema.shape));
/** What an operator puts in a Secret (random, long enough for the config's checks). */
const secretValue = (secret: string, key: string) =>
  key === 'DATABASE_URL' ? 'postgres://retail:password@db.example:5432/retail' : key === 'REDIS_URL' ? 'redis://:password@redis:6379' : `${secret}-${key}-`.padEnd(48, 'x');

/** The environment a container sees: ConfigMaps it takes whole, then its own variables (which win). */
function environmentOf(objects: K8sObject[], container: any): Record<string, string> {
  const env: Record<string, string> = {};
  for (const source of container.envFrom ?? []) Object.assign(env, named(objects, 'ConfigMap', source.configMapRef.name).data);
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    env[variable.name] = secret ? secretValue(secret.name, secret.key) : variable.value;
  }
  return env;
}

/** What the image itself sets (ENV of the Dockerfile's last stage): a container starts from it. */
function imageEnvironment(): Record<string, string> {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8').replace(/\\\n/g, ' ');
  const lastStage = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  const pairs = [...lastStage.matchAll(/^ENV (.+)$/gm)].flatMap((m) => m[1]!.trim().split(/\s+/));
  return Object.fromEntries(pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]));
}

/** The TypeScript entry a container runs (its command names the bundle the image builds from it). */
function entryOf(command: string[]): string | undefined {
  const bundle = command.at(-1)!;
  return serviceEntries.find((entry) => path.relative(root, bundlePath(entry)) === bundle);
}

describe.each(overlays)('overlay %s: what the code reads', (overlay) => {
  const objects = renderOverlay(overlay);
  const nodeContainers = retailContainers(objects);

  it('when a container of the project image starts, then every variable it gets is one the config module knows, and its configuration loads in production mode', () => {
    expect(nodeContainers.length).toBe(composedSubgraphs.length + 2);
    for (const { container, id } of nodeContainers) {
      const env = environmentOf(objects, container);
      expect({ id, unknown: Object.keys(env).filter((key) => !configKeys.has(key)) }).toEqual({ id, unknown: [] });
      const seen = { ...imageEnvironment(), ...env };
      expect(() => loadConfig(seen), id).not.toThrow();
      expect({ id, NODE_ENV: seen.NODE_ENV }).toEqual({ id, NODE_ENV: 'production' });
    }
  });

  it('when a container runs, then it runs the bundle of the right entry file with the launcher’s V8 flags', () => {
    const expected = (owner: string) => (owner === 'router' ? 'supergraph/router.ts' : owner === 'migrate' ? 'scripts/db-migrate.ts' : subgraphDefinition(owner as SubgraphName).entry);
    for (const { owner, container, id } of nodeContainers) {
      expect({ id, entry: entryOf(container.command) }).toEqual({ id, entry: expected(owner.metadata.name) });
      expect({ id, command: container.command.slice(0, -1) }).toEqual({ id, command: ['node', ...SERVICE_NODE_ARGS] });
    }
  });

  it('when a service listens, then on all interfaces on the port its container, Service and probes name; other services reach it at its Service', () => {
    const services = (name: string) => named(objects, 'Service', name);
    for (const { owner, container, id } of nodeContainers.filter(({ owner }) => owner.kind === 'Deployment')) {
      const name = owner.metadata.name;
      const c: Config = loadConfig(environmentOf(objects, container));
      expect({ id, host: c.HOST }).toEqual({ id, host: '0.0.0.0' });
      const port = name === 'router' ? c.ROUTER_PORT : subgraphPort(name as SubgraphName, c);
      expect({ id, containerPort: container.ports.find((p: any) => p.name === 'http').containerPort }).toEqual({ id, containerPort: port });
      expect({ id, service: services(name).spec.ports.map((p: any) => [p.port, p.targetPort]) }).toEqual({ id, service: [[port, 'http']] });
      // Every subgraph at its Service (the router plans over all of them; sales calls catalog and inventory).
      for (const subgraph of composedSubgraphs) {
        const url = new URL(subgraphUrl(subgraph, c));
        const target = services(subgraph);
        expect({ id, subgraph, url: `${url.hostname}:${url.port}${url.pathname}` }).toEqual({ id, subgraph, url: `${target.metadata.name}:${target.spec.ports[0].port}/graphql` });
      }
      // Caches, streams, persisted queries and login counts shared by every replica.
      expect({ id, redis: !!c.REDIS_URL }).toEqual({ id, redis: true });
      if (overlay === 'dev') expect(new URL(c.REDIS_URL!).host).toBe(`${services('redis').metadata.name}:${services('redis').spec.ports[0].port}`);
    }
  });

  it('when the router reads the supergraph, then the ConfigMap is mounted at the file the code reads in the image', () => {
    const workdir = [...readFileSync(path.join(root, 'Dockerfile'), 'utf8').matchAll(/^WORKDIR (\S+)$/gm)].at(-1)![1]!;
    const router = named(objects, 'Deployment', 'router').spec.template.spec;
    const mount = router.containers[0].volumeMounts.find((m: any) => m.name === 'supergraph');
    expect(mount).toEqual({ name: 'supergraph', mountPath: path.posix.join(workdir, path.relative(root, supergraphFile)), subPath: 'supergraph.graphql', readOnly: true });
    expect(router.volumes.find((v: any) => v.name === 'supergraph').configMap.name).toMatch(/^supergraph-/);
  });

  it('when Nginx starts, then the hook renders the committed configuration with the router Service as its upstream, and the exporter scrapes the port Nginx listens on', () => {
    const pod = named(objects, 'Deployment', 'nginx').spec.template.spec;
    const nginx = pod.containers.find((c: any) => c.name === 'nginx');
    const env = Object.fromEntries(nginx.env.map((e: any) => [e.name, e.value]));
    const router = named(objects, 'Service', 'router');
    expect(env.NGINX_UPSTREAMS).toBe(`${router.metadata.name}:${router.spec.ports[0].port}`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nginx-k8s-'));
    try {
      const output = path.join(dir, 'nginx.conf');
      const run = spawnSync('sh', [path.join(root, 'infra/nginx/render-config.sh')], { env: { PATH: process.env.PATH, ...env, NGINX_TEMPLATE: path.join(root, 'infra/nginx/nginx.conf'), NGINX_CONF: output }, encoding: 'utf8' });
      expect({ status: run.status, stderr: run.stderr }).toEqual({ status: 0, stderr: '' });
      const rendered = readFileSync(output, 'utf8');
      expect(rendered).toBe(
        renderNginxConfig(readNginxTemplate(), {
          upstreams: [env.NGINX_UPSTREAMS],
          corsOrigins: env.CORS_ALLOWED_ORIGINS.split(','),
          rateLimit: { perSecond: Number(env.RATE_LIMIT_RPS), burst: Number(env.RATE_LIMIT_BURST) },
        }),
      );
      const listen = Number(/^\s*listen (\d+);/m.exec(rendered)![1]);
      expect(nginx.ports[0].containerPort).toBe(listen);
      const exporter = pod.containers.find((c: any) => c.name === 'exporter');
      expect(exporter.args).toEqual([`--nginx.scrape-uri=http://127.0.0.1:${listen}/nginx_status`]);
      expect(nginx.args).toEqual(['nginx', '-c', env.NGINX_CONF, '-g', 'daemon off;']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when the subgraphs and the migrate Job run, then they have the database; the routers do not', () => {
    for (const { owner, container, id } of nodeContainers) {
      const env = environmentOf(objects, container);
      expect({ id, database: 'DATABASE_URL' in env }).toEqual({ id, database: owner.metadata.name !== 'router' });
    }
    expect(ofKind(objects, 'Deployment').map((d) => d.metadata.name).sort()).toEqual(['nginx', 'router', ...composedSubgraphs].sort());
  });
});

describe('probes and service links against the code', () => {
  let service: HttpService;
  beforeAll(async () => {
    const logger = createLogger('k8s-probe-test');
    logger.level = 'silent';
    service = await startHttpService({ name: 'k8s-probe-test', host: '127.0.0.1', port: 0, logger, routes: {} });
  });
  afterAll(() => service?.shutdown());

  it('when the kubelet probes a service and Prometheus scrapes it on the paths of the manifests, then the code answers them', async () => {
    const objects = renderOverlay('prod');
    const container = named(objects, 'Deployment', 'catalog').spec.template.spec.containers[0];
    const scraped = ofKind(objects, 'ServiceMonitor').filter((m) => m.metadata.name !== 'nginx').flatMap((m) => m.spec.endpoints.map((e: any) => e.path as string));
    const paths = [...[container.readinessProbe, container.livenessProbe, container.startupProbe].map((probe) => probe.httpGet.path as string), ...scraped];
    expect(new Set(paths)).toEqual(new Set(['/ready', '/health', '/metrics']));
    for (const route of paths) {
      const res = await fetch(`${service.url}${route}`);
      expect({ route, status: res.status }).toEqual({ route, status: 200 });
    }
  });

  it('when Kubernetes injects its service links (CATALOG_PORT=tcp://…), then the configuration is refused: the manifests turn them off', () => {
    expect(() => loadConfig({ CATALOG_PORT: 'tcp://10.96.0.12:4101' })).toThrow(/CATALOG_PORT/);
  });
});
