import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { FILE_SECRETS, configSchema, loadConfig } from '../../platform/config/config.js';
import { nginxBlock, nginxTemplateFile, nginxUpstreams, readNginxTemplate, renderNginxConfig } from '../../tools/launcher/nginx-config.js';
import { bundlePath, serviceEntries } from '../../tools/launcher/service-build.js';
import { SERVICE_NODE_ARGS } from '../../tools/launcher/service-process.js';
import { composedSubgraphs, subgraphDefinition } from '../../contracts/subgraphs.js';

/**
 * compose.yaml, the Dockerfile and the Nginx configuration checked for
 * consistency with the code, file against file. Whether the stack comes up
 * and behaves is test/compose's (it runs this file in Docker); these checks
 * also cover what it cannot run here (the observability profile's images).
 */
const root = path.resolve(import.meta.dirname, '../..');

interface ComposeService {
  build?: string;
  restart?: string;
  read_only?: boolean;
  user?: string;
  image?: string;
  command?: string[];
  hostname?: string;
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  networks?: string[] | Record<string, { ipv4_address?: string } | null>;
}
/** A service's networks, whichever form compose.yaml uses. */
const networksOf = (service: ComposeService): string[] => (Array.isArray(service.networks) ? service.networks : Object.keys(service.networks ?? {}));
const compose = parse(readFileSync(path.join(root, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, ComposeService>;
  networks: Record<string, { internal?: boolean; ipam?: { config: Array<{ subnet: string }> } } | null>;
  volumes: Record<string, unknown>;
};
const services = compose.services;
const nodeServices = Object.entries(services).filter(([, s]) => s.build);
/** The one-shots of the image: they run once and exit (restart "no"). */
const oneShots = ['secrets-init', 'migrate'];
const longRunning = nodeServices.filter(([name]) => !oneShots.includes(name));
/**
 * The TypeScript entry a command runs: the image runs bundles built from it
 * (`node .build/supergraph/router.js` runs supergraph/router.ts).
 */
function entryOf(command: string[] | undefined): string | undefined {
  const bundle = command?.find((arg) => arg.startsWith('.build/') && arg.endsWith('.js'));
  return serviceEntries.find((entry) => bundle !== undefined && bundlePath(entry) === path.join(root, bundle));
}
const routers = Object.entries(services).filter(([, s]) => entryOf(s.command) === 'supergraph/router.ts');
/** SERVICE_PORT is read by the healthcheck command only (the container's port). */
const configKeys = new Set([...Object.keys(configSchema.shape), 'SERVICE_PORT']);

/** A value for a variable compose requires (`${X:?message}`): what an operator would set. */
const operatorValue = (name: string) => `${name.toLowerCase()}-`.padEnd(48, 'x');

/** What compose makes of a value when no variable is set: `${X:-default}` → default, `$$` → `$`; required ones as an operator sets them. */
function withDefaults(value: string | number): string {
  return String(value)
    .replace(/\$\{([A-Z0-9_]+):\?[^}]*\}/g, (_, name: string) => operatorValue(name))
    .replace(/\$\{[A-Z0-9_]+:-([^}]*)\}/g, '$1')
    .replace(/\$\{[A-Z0-9_]+\}/g, '')
    .replace(/\$\$/g, '$');
}
const hostPath = (volume: string) => volume.split(':')[0]!;

describe('compose.yaml', () => {
  it('when a Node service is built, then it uses the one Dockerfile and image, and runs the bundle of an entry file that exists and the image builds', () => {
    expect(nodeServices.length).toBeGreaterThanOrEqual(composedSubgraphs.length + 3);
    expect(new Set(nodeServices.map(([, s]) => `${s.build}|${s.image}`)).size).toBe(1);
    for (const [name, service] of nodeServices) {
      const entry = entryOf(service.command);
      expect({ name, exists: entry ? existsSync(path.join(root, entry)) : false }).toEqual({ name, exists: true });
      if (name === 'secrets-init') continue;
      // The launcher's V8 flags, which NODE_OPTIONS cannot carry.
      expect({ name, command: service.command }).toEqual({ name, command: ['node', ...SERVICE_NODE_ARGS, path.relative(root, bundlePath(entry!))] });
    }
    for (const name of oneShots) expect({ name, restart: services[name]!.restart }).toEqual({ name, restart: 'no' });
    for (const [name, service] of nodeServices) expect({ name, readOnly: service.read_only }).toEqual({ name, readOnly: true });
  });

  it('when a Node service is configured, then every variable is one the config module knows and the defaults pass its validation', () => {
    for (const [name, service] of nodeServices.filter(([n]) => n !== 'secrets-init')) {
      const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, withDefaults(v)]));
      const unknown = Object.keys(env).filter((key) => !configKeys.has(key));
      expect({ name, unknown }).toEqual({ name, unknown: [] });
      // The image sets NODE_ENV=production (Dockerfile): the defaults, with secrets as an operator sets them, must pass production's checks too.
      const secrets = Object.fromEntries(FILE_SECRETS.map((secret) => [secret, operatorValue(secret)]));
      expect(() => loadConfig({ NODE_ENV: 'production', ...env, ...secrets }), name).not.toThrow();
    }
  });

  it('when the stack runs in production mode, then each secret comes from the environment or from the file secrets-init generates, never from a default', () => {
    const mount = (service: ComposeService, writable: boolean) => (service.volumes ?? []).find((v) => v.startsWith('secrets:') && v.endsWith(':ro') !== writable);
    const folder = mount(services['secrets-init']!, true)!.split(':')[1]!;
    expect(services['secrets-init']!.command!.at(-1)).toBe(folder);
    for (const [name, service] of nodeServices.filter(([n]) => n !== 'secrets-init')) {
      const env = service.environment ?? {};
      expect({ name, NODE_ENV: withDefaults(env.NODE_ENV ?? 'production') }).toEqual({ name, NODE_ENV: 'production' });
      expect({ name, mounted: mount(service, false)?.split(':')[1] }).toEqual({ name, mounted: folder });
      for (const secret of FILE_SECRETS) {
        expect({ name, secret, value: String(env[secret]), file: path.dirname(String(env[`${secret}_FILE`])) }).toEqual({ name, secret, value: `\${${secret}:-}`, file: folder });
      }
      expect(service.depends_on?.['secrets-init'] ?? services.migrate!.depends_on?.['secrets-init']).toEqual({ condition: 'service_completed_successfully' });
    }
  });

  it('when a Node service is long-running, then its healthcheck asks /ready on the port it listens on', () => {
    for (const [name, service] of longRunning) {
      const env = service.environment!;
      const ownPort = Object.entries(env).find(([k]) => k.endsWith('_PORT') && k !== 'SERVICE_PORT' && !k.startsWith('EMBEDDED'));
      expect(ownPort, name).toBeDefined();
      expect({ name, port: String(env.SERVICE_PORT) }).toEqual({ name, port: String(ownPort![1]) });
      expect(service.healthcheck?.test.join(' ')).toContain('/ready');
    }
  });

  it('when services depend on each other, then the dependency exists and long-running ones are healthy first', () => {
    for (const [name, service] of Object.entries(services)) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect(services[dependency], `${name} → ${dependency}`).toBeDefined();
        expect(['service_healthy', 'service_completed_successfully']).toContain(condition);
        if (condition === 'service_healthy') expect(services[dependency]!.healthcheck, dependency).toBeDefined();
      }
    }
    expect(services.migrate!.depends_on).toEqual({ 'secrets-init': { condition: 'service_completed_successfully' }, postgres: { condition: 'service_healthy' } });
    for (const [name, service] of longRunning.filter(([n]) => !routers.some(([r]) => r === n))) {
      expect(service.depends_on, name).toMatchObject({ migrate: { condition: 'service_completed_successfully' }, redis: { condition: 'service_healthy' } });
    }
  });

  it('when PostgreSQL and Redis run, then they have healthchecks and keep their data in volumes', () => {
    for (const name of ['postgres', 'redis']) {
      expect(services[name]!.healthcheck, name).toBeDefined();
      expect(services[name]!.volumes?.some((v) => compose.volumes[hostPath(v)] !== undefined), name).toBe(true);
    }
  });

  it('when every composed subgraph runs, then it has a service and every router reaches it on the port it listens on', () => {
    for (const subgraph of composedSubgraphs) {
      const service = services[subgraph];
      expect(entryOf(service?.command), subgraph).toBe(subgraphDefinition(subgraph).entry);
      for (const [router, { environment }] of routers) {
        const url = new URL(String(environment![subgraphDefinition(subgraph).urlKey]));
        expect({ router, host: url.hostname, port: url.port }).toEqual({ router, host: subgraph, port: String(service!.environment![subgraphDefinition(subgraph).portKey]) });
      }
    }
  });

  it('when a file is referenced, then it exists in the repository (mounted files, the Nginx hook executable)', () => {
    const mounted = Object.values(services).flatMap((s) => (s.volumes ?? []).filter((v) => v.startsWith('./')).map(hostPath));
    expect(mounted.length).toBeGreaterThanOrEqual(6);
    for (const file of mounted) expect({ file, exists: existsSync(path.join(root, file)) }).toEqual({ file, exists: true });
    expect(() => accessSync(path.join(root, 'infra/nginx/render-config.sh'), constants.X_OK)).not.toThrow();
    for (const [name, service] of Object.entries(services)) {
      for (const volume of (service.volumes ?? []).filter((v) => !v.startsWith('./') && !v.startsWith('/'))) {
        expect({ name, volume: hostPath(volume), declared: hostPath(volume) in compose.volumes }).toEqual({ name, volume: hostPath(volume), declared: true });
      }
      for (const network of networksOf(service)) expect({ name, network, declared: network in compose.networks }).toEqual({ name, network, declared: true });
    }
  });

  it('when Prometheus scrapes the stack, then every long-running Node service is a target on the port it listens on', () => {
    const prometheus = parse(readFileSync(path.join(root, 'infra/prometheus/prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ static_configs?: Array<{ targets: string[] }> }>;
    };
    const targets = new Set(prometheus.scrape_configs.flatMap((job) => (job.static_configs ?? []).flatMap((c) => c.targets)));
    for (const [name, service] of longRunning) {
      const target = `${service.hostname ?? name}:${service.environment!.SERVICE_PORT}`;
      expect({ name, scraped: targets.has(target) }).toEqual({ name, scraped: true });
    }
    expect(services.prometheus!.volumes).toContain('./infra/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });

  it('when the stack runs, then Nginx is the only public entry to the API: routers and subgraphs publish no port, the backend network is internal', () => {
    for (const [name, service] of nodeServices) expect({ name, ports: service.ports ?? [] }).toEqual({ name, ports: [] });
    expect(['postgres', 'redis'].map((n) => services[n]!.ports ?? [])).toEqual([[], []]);
    expect(compose.networks.backend?.internal).toBe(true);
    const listen = nginxBlock(readNginxTemplate(), 'public-listen')[0]!.match(/^listen (\d+);$/)![1];
    expect(services.nginx!.ports!.map((p) => withDefaults(p).split(':').at(-1))).toEqual([listen]);
    expect(services.nginx!.volumes).toContain('./infra/nginx/nginx.conf:/etc/nginx/retail/nginx.conf:ro');
  });
});

describe('the observability profile (its images cannot be pulled or built here: checked file against file)', () => {
  const observability = ['grafana', 'otel-collector', 'jaeger'];
  const collector = parse(readFileSync(path.join(root, 'infra/otel-collector/config.yaml'), 'utf8')) as {
    receivers: Record<string, { protocols: Record<string, { endpoint: string }> }>;
    processors: Record<string, unknown>;
    exporters: Record<string, { endpoint: string }>;
    service: { pipelines: Record<string, { receivers: string[]; processors: string[]; exporters: string[] }> };
  };
  const datasources = (parse(readFileSync(path.join(root, 'infra/grafana/provisioning/datasources/datasources.yml'), 'utf8')) as { datasources: Array<{ uid: string; type: string; url: string }> }).datasources;
  /** Whether two services share a network, so one can reach the other by name. */
  const share = (a: string, b: string) => networksOf(services[a]!).some((n) => networksOf(services[b]!).includes(n));

  it('when the stack starts without a profile, then Grafana, the collector and Jaeger stay out; with `observability` they come, on pinned images', () => {
    const profiled = Object.entries(services).filter(([, s]) => (s as { profiles?: string[] }).profiles);
    expect(Object.fromEntries(profiled.map(([name, s]) => [name, (s as { profiles?: string[] }).profiles]))).toEqual(Object.fromEntries(observability.map((name) => [name, ['observability']])));
    for (const name of observability) expect(services[name]!.image).toMatch(/^[a-z/-]+:\d+\.\d+\.\d+$/);
  });

  it('when the services export traces, then they reach the collector on a port it receives OTLP on, and every pipeline names what the collector defines', () => {
    const endpoints = new Set(longRunning.map(([, service]) => withDefaults(service.environment?.OTEL_EXPORTER_OTLP_ENDPOINT ?? '')));
    expect(endpoints.size).toBe(1);
    const endpoint = new URL([...endpoints][0]!);
    expect(endpoint.hostname).toBe('otel-collector');
    const ports = Object.values(collector.receivers.otlp!.protocols).map((p) => p.endpoint.split(':').at(-1));
    expect(ports).toContain(endpoint.port);
    for (const [name] of longRunning) expect({ name, shares: share(name, 'otel-collector') }).toEqual({ name, shares: true });
    for (const [name, pipeline] of Object.entries(collector.service.pipelines)) {
      for (const receiver of pipeline.receivers) expect({ name, receiver, defined: receiver in collector.receivers }).toEqual({ name, receiver, defined: true });
      for (const processor of pipeline.processors) expect({ name, processor, defined: processor in collector.processors }).toEqual({ name, processor, defined: true });
      for (const exporter of pipeline.exporters) expect({ name, exporter, defined: exporter in collector.exporters }).toEqual({ name, exporter, defined: true });
    }
    const jaeger = collector.exporters['otlp/jaeger']!.endpoint.split(':')[0]!;
    expect(jaeger).toBe('jaeger');
    expect(share('otel-collector', 'jaeger')).toBe(true);
    expect(services.jaeger!.environment).toMatchObject({ COLLECTOR_OTLP_ENABLED: 'true' });
  });

  it('when Grafana starts, then its data sources have fixed uids on services it can reach, and every dashboard panel uses one of them', () => {
    for (const source of datasources) {
      const host = new URL(source.url).hostname;
      expect({ uid: source.uid, host, reachable: host in services && share('grafana', host) }).toEqual({ uid: source.uid, host, reachable: true });
    }
    const uids = new Set(datasources.map((d) => d.uid));
    const dashboards = readdirSync(path.join(root, 'infra/grafana/dashboards')).filter((f) => f.endsWith('.json'));
    expect(dashboards.length).toBeGreaterThan(0);
    for (const file of dashboards) {
      const used = new Set<string>();
      JSON.parse(readFileSync(path.join(root, 'infra/grafana/dashboards', file), 'utf8'), (key, value) => {
        if (key === 'datasource' && value && typeof value === 'object' && 'uid' in value) used.add(String(value.uid));
        return value;
      });
      expect({ file, unknown: [...used].filter((uid) => !uids.has(uid)) }).toEqual({ file, unknown: [] });
    }
  });
});

describe('infra/nginx/nginx.conf', () => {
  const template = readNginxTemplate();

  it('when compose starts the routers, then the upstream lists exactly those replicas by host name and port', () => {
    const expected = routers.map(([name, s]) => `${s.hostname ?? name}:${s.environment!.ROUTER_PORT}`);
    expect(routers.length).toBeGreaterThanOrEqual(2);
    expect(nginxUpstreams(template).sort()).toEqual(expected.sort());
    for (const [name, s] of routers) expect(s.hostname ?? name).toBe(name);
    for (const line of nginxBlock(template, 'upstream-servers')) expect(line).toMatch(/ max_fails=\d+ fail_timeout=\d+s;$/);
    // Nginx resolves those names once: each replica keeps one address of the edge subnet across restarts, none shared.
    const subnet = withDefaults(compose.networks.edge?.ipam?.config[0]?.subnet ?? '');
    const addresses = routers.map(([, s]) => withDefaults((s.networks as Record<string, { ipv4_address?: string }>).edge?.ipv4_address ?? ''));
    for (const address of addresses) expect(address.split('.').slice(0, 3).join('.')).toBe(subnet.split('.').slice(0, 3).join('.'));
    expect(new Set(addresses).size).toBe(routers.length);
  });

  it('when Prometheus scrapes Nginx, then the exporter sits on the edge network /nginx_status allows, and Nginx shares no network with the subgraphs', () => {
    const subnet = withDefaults(compose.networks.edge?.ipam?.config[0]?.subnet ?? '');
    expect(nginxBlock(template, 'status-allow')).toEqual(['allow 127.0.0.1;', 'allow ::1;', `allow ${subnet};`]);
    expect(withDefaults(services.nginx!.environment!.NGINX_STATUS_ALLOW!).split(',')).toEqual(['127.0.0.1', '::1', subnet]);
    expect(networksOf(services['nginx-exporter']!)).toEqual(['edge', 'metrics']);
    expect(networksOf(services.nginx!)).not.toContain('metrics');
    expect(networksOf(services.nginx!)).not.toContain('backend');
    expect(services['nginx-exporter']!.command!.join(' ')).toContain('http://nginx:8080/nginx_status');
  });

  it('when compose and `npm run stack` use their defaults, then CORS origins and rate limits agree with the config module', () => {
    const defaults = loadConfig({});
    const env = services.nginx!.environment!;
    expect(withDefaults(env.CORS_ALLOWED_ORIGINS!).split(',')).toEqual(defaults.CORS_ALLOWED_ORIGINS);
    expect(Number(withDefaults(env.RATE_LIMIT_RPS!))).toBe(defaults.RATE_LIMIT_RPS);
    expect(Number(withDefaults(env.RATE_LIMIT_BURST!))).toBe(defaults.RATE_LIMIT_BURST);
    // The committed file carries the same defaults: rendering them changes nothing.
    expect(renderNginxConfig(template, { corsOrigins: defaults.CORS_ALLOWED_ORIGINS, rateLimit: { perSecond: defaults.RATE_LIMIT_RPS, burst: defaults.RATE_LIMIT_BURST } })).toBe(template);
  });

  /** Runs the compose entrypoint hook on the committed file; returns what it wrote. */
  const runHook = (env: Record<string, string>) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nginx-hook-'));
    try {
      const target = path.join(dir, 'nginx.conf');
      const run = spawnSync('sh', [path.join(root, 'infra/nginx/render-config.sh')], {
        env: { PATH: '/usr/bin:/bin', NGINX_TEMPLATE: nginxTemplateFile, NGINX_CONF: target, ...env },
        encoding: 'utf8',
      });
      return { status: run.status, stderr: run.stderr, written: existsSync(target) ? readFileSync(target, 'utf8') : undefined };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  it('when the compose hook renders from the environment, then it writes what the stack renderer writes', () => {
    expect(runHook({})).toMatchObject({ status: 0, written: template });
    expect(
      runHook({ CORS_ALLOWED_ORIGINS: 'https://shop.example.com, http://localhost:3000', RATE_LIMIT_RPS: '7', RATE_LIMIT_BURST: '3', NGINX_STATUS_ALLOW: '127.0.0.1,::1,10.77.0.0/24' }),
    ).toMatchObject({
      status: 0,
      written: renderNginxConfig(template, { corsOrigins: ['https://shop.example.com', 'http://localhost:3000'], rateLimit: { perSecond: 7, burst: 3 }, statusAllow: ['127.0.0.1', '::1', '10.77.0.0/24'] }),
    });
  });

  it('when the environment holds something that is not an origin or a number, then the hook refuses to start Nginx', () => {
    expect(runHook({ CORS_ALLOWED_ORIGINS: 'https://ok.example,"; evil' })).toMatchObject({ status: 1, written: undefined });
    expect(runHook({ RATE_LIMIT_RPS: '10r' })).toMatchObject({ status: 1, written: undefined });
    expect(runHook({ NGINX_STATUS_ALLOW: '10.0.0.0/8; allow all' })).toMatchObject({ status: 1, written: undefined });
    expect(() => renderNginxConfig(template, { corsOrigins: ['https://x.example/path'] })).toThrow(/scheme:\/\/host/);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(path.join(root, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  it('when the image is built, then it is multi-stage from a small base and runs as a non-root user', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:\d+-(bookworm-slim|alpine)$/m);
    for (const stage of stages) expect(stage.split('\n')[0]).toMatch(/^\$\{NODE_IMAGE\} AS /);
    const runtime = stages.at(-1)!;
    const user = runtime.match(/^USER (\S+)/m)?.[1];
    expect(user).toBeDefined();
    expect(['root', '0']).not.toContain(user);
    expect(runtime).not.toMatch(/^RUN npm (ci|install)/m);
  });

  it('when it copies sources, then they exist, and its default command runs the bundle of one that does', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    for (const source of sources) expect({ source, exists: existsSync(path.join(root, source)) }).toEqual({ source, exists: true });
    const cmd = JSON.parse(dockerfile.match(/^CMD (.+)$/m)![1]!) as string[];
    const entry = entryOf(cmd);
    expect(entry).toBeDefined();
    expect(existsSync(path.join(root, entry!))).toBe(true);
    expect(cmd.slice(0, -1)).toEqual(['node', ...SERVICE_NODE_ARGS]);
  });

  it('when the image is built, then the service bundles are made after npm ci, which generates the Prisma clients they include', () => {
    const build = stages[0]!;
    expect(build.indexOf('npm ci')).toBeGreaterThan(-1);
    expect(build.indexOf('npm run build:services')).toBeGreaterThan(build.indexOf('npm ci'));
  });
});
