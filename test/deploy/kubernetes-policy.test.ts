import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTING_GROUP, REPORTING_STREAMS } from '../../subgraphs/reporting/domain/consume-events.use-case.js';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS } from '../../platform/server/http-service.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { containers, named, ofKind, overlays, podTemplates, renderOverlay, retailContainers, root, type K8sObject } from './kubernetes-manifests.js';

/** Policies of the issue, over the rendered objects of each overlay. */
const nodeDeployments = ['router', ...composedSubgraphs];
const bench = JSON.parse(readFileSync(path.join(root, 'loadtest/results/bench.json'), 'utf8')) as { memoryMiB: Record<string, { lifetimeMiB: number }> };
const mebibytes = (quantity: string) => {
  const match = /^(\d+)(Mi|Gi)$/.exec(quantity);
  if (!match) throw new Error(`memory quantity ${quantity} is not in Mi or Gi`);
  return Number(match[1]) * (match[2] === 'Gi' ? 1024 : 1);
};
/** Highest resident memory measured for a service (routers: the highest replica). */
const peakMiB = (service: string) => Math.max(...Object.entries(bench.memoryMiB).filter(([name]) => name === service || name.startsWith(`${service}-`) && /-\d+$/.test(name)).map(([, m]) => m.lifetimeMiB));

describe.each(overlays)('overlay %s: pods', (overlay) => {
  const objects = renderOverlay(overlay);

  it('when a pod runs, then it is non-root with a read-only root filesystem, no privilege escalation, every capability dropped, seccomp RuntimeDefault and no API token', () => {
    for (const { owner, pod, container, id } of containers(objects)) {
      const security = { ...pod.securityContext, ...container.securityContext };
      expect({ id, runAsNonRoot: security.runAsNonRoot, seccomp: security.seccompProfile?.type }).toEqual({ id, runAsNonRoot: true, seccomp: 'RuntimeDefault' });
      expect({ id, uid: security.runAsUser > 0 }).toEqual({ id, uid: true });
      expect({ id, ...container.securityContext }).toMatchObject({ id, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
      expect({ id, add: container.securityContext.capabilities.add, privileged: container.securityContext.privileged }).toEqual({ id, add: undefined, privileged: undefined });
      expect({ owner: owner.metadata.name, token: pod.automountServiceAccountToken, hostNetwork: pod.hostNetwork, hostPath: (pod.volumes ?? []).some((v: any) => v.hostPath) }).toEqual({
        owner: owner.metadata.name,
        token: false,
        hostNetwork: undefined,
        hostPath: false,
      });
    }
    expect(named(objects, 'Namespace', 'retail').metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted' });
  });

  it('when Kubernetes would inject service links, then no pod takes them (they are named like the config module’s ports: CATALOG_PORT=tcp://…)', () => {
    for (const { owner, pod } of podTemplates(objects)) expect({ owner: owner.metadata.name, enableServiceLinks: pod.enableServiceLinks }).toEqual({ owner: owner.metadata.name, enableServiceLinks: false });
  });

  it('when a long-running container starts, then readiness, liveness and startup probes watch it; routers and subgraphs: /ready, /health, /health on their port', () => {
    for (const { owner, container, id } of containers(objects).filter(({ owner }) => owner.kind !== 'Job')) {
      expect({ id, readiness: !!container.readinessProbe, liveness: !!container.livenessProbe, startup: !!container.startupProbe }).toEqual({ id, readiness: true, liveness: true, startup: true });
      if (!nodeDeployments.includes(owner.metadata.name)) continue;
      const probe = (p: any) => ({ path: p?.httpGet?.path, port: p?.httpGet?.port });
      expect({ id, readiness: probe(container.readinessProbe), liveness: probe(container.livenessProbe), startup: probe(container.startupProbe) }).toEqual({
        id,
        readiness: { path: '/ready', port: 'http' },
        liveness: { path: '/health', port: 'http' },
        startup: { path: '/health', port: 'http' },
      });
      expect(container.ports.map((p: any) => p.name)).toContain('http');
    }
  });

  it('when memory is requested and limited, then routers and subgraphs get at least 1.2× and 2× their measured peak (bench.json), and every container has both', () => {
    for (const { owner, container, id } of containers(objects)) {
      const { requests = {}, limits = {} } = container.resources ?? {};
      expect({ id, cpu: !!requests.cpu, memory: !!requests.memory, limit: !!limits.memory }).toEqual({ id, cpu: true, memory: true, limit: true });
      expect(mebibytes(limits.memory)).toBeGreaterThanOrEqual(mebibytes(requests.memory));
      if (!nodeDeployments.includes(owner.metadata.name)) continue;
      const peak = peakMiB(owner.metadata.name);
      expect(peak).toBeGreaterThan(50);
      expect({ id, peak, requestAtLeast: mebibytes(requests.memory) >= 1.2 * peak, limitAtLeast: mebibytes(limits.memory) >= 2 * peak, limitAtMost: mebibytes(limits.memory) <= 4 * peak }).toEqual({
        id,
        peak,
        requestAtLeast: true,
        limitAtLeast: true,
        limitAtMost: true,
      });
    }
  });

  it('when an image is used, then its version is pinned (no latest, no bare name); the project image is the package version', () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version;
    // A full release: x.y.z, or x.y for PostgreSQL (its releases have two numbers); a digest is fine too.
    const pinned = /^[a-z0-9./-]+(:\d+\.\d+\.\d+(-[a-z0-9.]+)?|@sha256:[0-9a-f]{64})$|^postgres:\d+\.\d+(-[a-z0-9.]+)?$/;
    for (const { container, id } of containers(objects)) expect({ id, image: container.image }).toEqual({ id, image: expect.stringMatching(pinned) });
    for (const { container } of retailContainers(objects)) expect(container.image).toMatch(new RegExp(`:${version.replaceAll('.', '\\.')}$`));
  });

  it('when a pod is stopped, then preStop lets endpoints drop it first and the grace period covers the drain on SIGTERM; updates never lower the ready pods', () => {
    const drainSeconds = DEFAULT_SHUTDOWN_TIMEOUT_MS / 1000;
    const readTimeout = Number(/proxy_read_timeout (\d+)s;/.exec(readFileSync(path.join(root, 'infra/nginx/nginx.conf'), 'utf8'))![1]);
    for (const name of [...nodeDeployments, 'nginx']) {
      const deployment = named(objects, 'Deployment', name);
      const pod = deployment.spec.template.spec;
      const preStop = pod.containers[0].lifecycle?.preStop?.sleep?.seconds ?? 0;
      const needed = preStop + (name === 'nginx' ? readTimeout : drainSeconds) + 5;
      expect({ name, preStop: preStop >= 3, grace: pod.terminationGracePeriodSeconds >= needed }).toEqual({ name, preStop: true, grace: true });
      expect({ name, maxUnavailable: deployment.spec.strategy.rollingUpdate.maxUnavailable }).toEqual({ name, maxUnavailable: 0 });
    }
  });

  it('when the services start, then the migrate Job applies the migrations once (retried on failure) with the database and secrets it needs', () => {
    const job = named(objects, 'Job', 'migrate');
    expect(job.spec.backoffLimit).toBeGreaterThanOrEqual(1);
    expect(['OnFailure', 'Never']).toContain(job.spec.template.spec.restartPolicy);
    const env = job.spec.template.spec.containers[0].env.map((e: any) => e.name);
    expect(env).toEqual(expect.arrayContaining(['DATABASE_URL', 'JWT_SECRET', 'SUBGRAPH_SIGNING_SECRET']));
  });

  it('when secrets are needed, then they are only referenced by name: no Secret object, no credentials in a ConfigMap', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
    const references = containers(objects).flatMap(({ container }) => (container.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name).filter(Boolean));
    expect(new Set(references)).toEqual(new Set(overlay === 'prod' ? ['retail-secrets', 'retail-database', 'retail-redis'] : ['retail-secrets', 'retail-database']));
    for (const configMap of ofKind(objects, 'ConfigMap')) {
      for (const [key, value] of Object.entries(configMap.data ?? {})) expect({ key, credentials: /[a-z]+:\/\/[^/\s:@]*:[^@\s]+@/.test(value) }).toEqual({ key, credentials: false });
    }
    for (const { container, id } of containers(objects)) {
      for (const e of container.env ?? []) if (/SECRET|PASSWORD|DATABASE_URL/.test(e.name)) expect({ id, name: e.name, literal: e.value }).toEqual({ id, name: e.name, literal: undefined });
    }
  });
});

describe.each(overlays)('overlay %s: monitoring', (overlay) => {
  const objects = renderOverlay(overlay);
  const serviceMonitors = ofKind(objects, 'ServiceMonitor');
  const matches = (selector: Record<string, string>, labels: Record<string, string> = {}) => Object.entries(selector).every(([k, v]) => labels[k] === v);

  it('when the Prometheus Operator scrapes, then every router and subgraph Service and the Nginx exporter are selected on /metrics under the jobs the alerting rules name', () => {
    const jobOf = (service: K8sObject) =>
      serviceMonitors
        .filter((m) => matches(m.spec.selector.matchLabels, service.metadata.labels) && m.spec.endpoints.some((e: any) => service.spec.ports.some((p: any) => p.name === e.port)))
        .map((m) => m.spec.endpoints[0].relabelings.find((r: any) => r.targetLabel === 'job').replacement);
    for (const name of nodeDeployments) expect({ name, jobs: jobOf(named(objects, 'Service', name)) }).toEqual({ name, jobs: [name === 'router' ? 'router' : 'subgraphs'] });
    expect(jobOf(named(objects, 'Service', 'nginx-metrics'))).toEqual(['nginx']);
    for (const monitor of serviceMonitors) for (const endpoint of monitor.spec.endpoints) expect(endpoint.path).toBe('/metrics');
    const rule = named(objects, 'PrometheusRule', 'retail-alerts');
    const jobsInRules = [...JSON.stringify(rule.spec).matchAll(/job=~\\"([^\\]+)\\"/g)].flatMap((m) => m[1]!.split('|'));
    expect(jobsInRules.length).toBeGreaterThan(0);
    for (const job of jobsInRules) expect(serviceMonitors.map((m) => m.spec.endpoints[0].relabelings[0].replacement)).toContain(job);
  });
});

describe('scaling', () => {
  it('when the dev overlay runs, then one pod of everything and no autoscaler', () => {
    const objects = renderOverlay('dev');
    for (const workload of [...ofKind(objects, 'Deployment'), ...ofKind(objects, 'StatefulSet')]) expect({ name: workload.metadata.name, replicas: workload.spec.replicas ?? 1 }).toEqual({ name: workload.metadata.name, replicas: 1 });
    expect([...ofKind(objects, 'HorizontalPodAutoscaler'), ...ofKind(objects, 'ScaledObject'), ...ofKind(objects, 'PodDisruptionBudget')]).toEqual([]);
    expect(ofKind(objects, 'StatefulSet').map((s) => s.metadata.name).sort()).toEqual(['postgres', 'redis']);
    for (const set of ofKind(objects, 'StatefulSet')) expect(set.spec.volumeClaimTemplates.length).toBe(1);
  });

  it('when the prod overlay runs, then routers and subgraphs scale on CPU (reporting also on its consumer lag), never fewer than two pods, each with a disruption budget and spread over nodes and zones', () => {
    const objects = renderOverlay('prod');
    const hpas = ofKind(objects, 'HorizontalPodAutoscaler');
    const scaled = ofKind(objects, 'ScaledObject');
    const minimum = (name: string) => {
      const hpa = hpas.find((h) => h.spec.scaleTargetRef.name === name);
      const keda = scaled.find((s) => s.spec.scaleTargetRef.name === name);
      expect({ name, autoscalers: [hpa, keda].filter(Boolean).length }).toEqual({ name, autoscalers: name === 'nginx' ? 0 : 1 });
      if (hpa) expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: expect.any(Number) } } }]);
      if (keda) expect(keda.spec.triggers.map((t: any) => t.type)).toContain('cpu');
      return hpa?.spec.minReplicas ?? keda?.spec.minReplicaCount;
    };
    for (const deployment of ofKind(objects, 'Deployment')) {
      const name = deployment.metadata.name;
      const autoscaled = minimum(name);
      // An autoscaled Deployment sets no replicas: applying the overlay again would undo the autoscaler's choice.
      expect({ name, replicas: deployment.spec.replicas, atLeastTwo: (autoscaled ?? deployment.spec.replicas) >= 2 }).toEqual({ name, replicas: autoscaled === undefined ? deployment.spec.replicas : undefined, atLeastTwo: true });
      const labels = deployment.spec.template.metadata.labels;
      const budgets = ofKind(objects, 'PodDisruptionBudget').filter((p) => Object.entries(p.spec.selector.matchLabels).every(([k, v]) => labels[k] === v));
      expect({ name, budgets: budgets.map((b) => b.spec.maxUnavailable) }).toEqual({ name, budgets: [1] });
      const spread = deployment.spec.template.spec.topologySpreadConstraints ?? [];
      expect({ name, keys: spread.map((s: any) => s.topologyKey).sort() }).toEqual({ name, keys: ['kubernetes.io/hostname', 'topology.kubernetes.io/zone'] });
    }
    expect(scaled.map((s) => s.spec.scaleTargetRef.name)).toEqual(['reporting']);
  });

  it('when KEDA scales reporting, then it reads the lag of the consumer group the code uses on every stream it consumes, from the Redis Service, with the password from its Secret', () => {
    const objects = renderOverlay('prod');
    const reporting = named(objects, 'ScaledObject', 'reporting');
    const redis = named(objects, 'Service', 'redis');
    const prefix = (named(objects, 'ConfigMap', ofKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('retail-config-'))!.metadata.name).data ?? {}).REDIS_KEY_PREFIX;
    const streams = reporting.spec.triggers.filter((t: any) => t.type === 'redis-streams');
    expect(streams.map((t: any) => t.metadata.stream).sort()).toEqual(REPORTING_STREAMS.map((s) => `${prefix}${s}`).sort());
    for (const trigger of streams) {
      expect(trigger.metadata).toMatchObject({ consumerGroup: REPORTING_GROUP, address: `${redis.metadata.name}.${redis.metadata.namespace}.svc.cluster.local:${redis.spec.ports[0].port}`, lagCount: expect.stringMatching(/^\d+$/) });
      const auth = named(objects, 'TriggerAuthentication', trigger.authenticationRef.name);
      expect(auth.spec.secretTargetRef).toEqual([{ parameter: 'password', name: 'retail-redis', key: 'password' }]);
    }
  });

  it('when prod Redis runs, then it keeps an append-only file on its volume and asks for the password of the Secret', () => {
    const redis = named(renderOverlay('prod'), 'StatefulSet', 'redis');
    const args: string[] = redis.spec.template.spec.containers[0].args;
    const option = (name: string) => args[args.indexOf(`--${name}`) + 1];
    expect({ appendonly: option('appendonly'), dir: option('dir'), policy: option('maxmemory-policy'), password: option('requirepass') }).toEqual({ appendonly: 'yes', dir: '/data', policy: 'volatile-lru', password: '$(REDIS_PASSWORD)' });
    expect(redis.spec.template.spec.containers[0].volumeMounts).toContainEqual({ name: 'data', mountPath: '/data' });
  });
});
