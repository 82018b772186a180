import { describe, expect, it } from 'vitest';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { ofKind, overlays, podTemplates, renderOverlay, type K8sObject } from './kubernetes-manifests.js';

/**
 * NetworkPolicies evaluated as a cluster would: traffic flows only when the
 * source's egress and the destination's ingress both allow it (every pod is
 * under the default deny). The allowed edges must be exactly the issue's.
 */
interface Actor {
  name: string;
  namespace?: Record<string, string>;
  labels?: Record<string, string>;
  ports: number[];
}

type Selector = { matchLabels?: Record<string, string>; matchExpressions?: Array<{ key: string; operator: string; values?: string[] }> };

function selects(selector: Selector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || !labels) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) =>
    operator === 'In' ? values.includes(labels[key]!) : operator === 'NotIn' ? !values.includes(labels[key]!) : operator === 'Exists' ? key in labels : !(key in labels),
  );
  return byLabels && byExpressions;
}

/** Whether a peer of a rule (from / to) matches an actor, the policy living in `namespace`. */
function peerMatches(peer: any, actor: Actor, namespace: Record<string, string>): boolean {
  if (peer.ipBlock) return !actor.labels;
  if (!actor.labels || !actor.namespace) return false;
  const inNamespace = peer.namespaceSelector ? selects(peer.namespaceSelector, actor.namespace) : actor.namespace['kubernetes.io/metadata.name'] === namespace['kubernetes.io/metadata.name'];
  return inNamespace && (peer.podSelector ? selects(peer.podSelector, actor.labels) : true);
}

const portAllowed = (rule: any, port: number) => !rule.ports || rule.ports.some((p: any) => p.port === port);

function allows(policies: K8sObject[], direction: 'ingress' | 'egress', subject: Actor, other: Actor, port: number, namespace: Record<string, string>): boolean {
  const applying = policies.filter((p) => selects(p.spec.podSelector, subject.labels) || Object.keys(p.spec.podSelector).length === 0);
  const governed = applying.filter((p) => p.spec.policyTypes.includes(direction === 'ingress' ? 'Ingress' : 'Egress'));
  if (governed.length === 0) return true;
  return governed.some((p) =>
    (p.spec[direction] ?? []).some((rule: any) => {
      const peers = rule[direction === 'ingress' ? 'from' : 'to'];
      return portAllowed(rule, port) && (!peers || peers.some((peer: any) => peerMatches(peer, other, namespace)));
    }),
  );
}

describe.each(overlays)('overlay %s: NetworkPolicies', (overlay) => {
  const objects = renderOverlay(overlay);
  const namespace = { 'kubernetes.io/metadata.name': 'retail' };
  const pods: Actor[] = podTemplates(objects).map(({ owner, pod }) => ({
    name: owner.metadata.name,
    namespace,
    labels: owner.spec.template.metadata.labels,
    ports: pod.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => p.containerPort)),
  }));
  const outside: Actor[] = [
    { name: 'client', ports: [] },
    { name: 'external-postgres', ports: [5432] },
    { name: 'prometheus', namespace: { 'kubernetes.io/metadata.name': 'monitoring' }, labels: { 'app.kubernetes.io/name': 'prometheus' }, ports: [] },
    { name: 'keda', namespace: { 'kubernetes.io/metadata.name': 'keda' }, labels: { app: 'keda-operator' }, ports: [] },
    { name: 'other-namespace', namespace: { 'kubernetes.io/metadata.name': 'shop' }, labels: { 'app.kubernetes.io/name': 'router' }, ports: [] },
  ];
  const policies = ofKind(objects, 'NetworkPolicy');
  const actors = [...pods, ...outside];

  it('when traffic is evaluated against every policy, then exactly the allowed edges flow', () => {
    const edges: string[] = [];
    for (const source of actors) {
      for (const target of actors.filter((t) => pods.includes(t) || pods.includes(source))) {
        for (const port of target.ports) {
          const out = source.labels?.['app.kubernetes.io/name'] && source.namespace === namespace ? allows(policies, 'egress', source, target, port, namespace) : true;
          const into = target.namespace === namespace ? allows(policies, 'ingress', target, source, port, namespace) : true;
          if (out && into) edges.push(`${source.name} -> ${target.name}:${port}`);
        }
      }
    }
    const subgraphPort = Object.fromEntries(composedSubgraphs.map((name) => [name, pods.find((p) => p.name === name)!.ports[0]!]));
    const expected = [
      // Anything outside the namespace reaches Nginx, and only Nginx (the pods here have no reason to).
      ...outside.map((a) => `${a.name} -> nginx:8080`),
      'prometheus -> nginx:9113',
      'nginx -> router:4000',
      'prometheus -> router:4000',
      ...composedSubgraphs.flatMap((name) => [`router -> ${name}:${subgraphPort[name]}`, `prometheus -> ${name}:${subgraphPort[name]}`]),
      'sales -> catalog:4101',
      'sales -> inventory:4102',
      // Redis: routers (persisted queries) and subgraphs; KEDA reads the consumer lag in prod.
      ...['router', ...composedSubgraphs].map((name) => `${name} -> redis:6379`),
      ...(overlay === 'prod' ? ['keda -> redis:6379'] : []),
      // PostgreSQL: the subgraphs and the migrate Job only.
      ...[...composedSubgraphs, 'migrate'].map((name) => (overlay === 'prod' ? `${name} -> external-postgres:5432` : `${name} -> postgres:5432`)),
    ];
    expect(edges.sort()).toEqual([...new Set(expected)].sort());
  });

  it('when a pod is not named by any policy, then it is still denied both ways (default deny for the whole namespace)', () => {
    const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0 && !p.spec.ingress && !p.spec.egress);
    expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
  });
});
