import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { prometheusRuleFile, prometheusRuleManifest, rulesFile } from '../../tools/k8s/prometheus-rule-manifest.js';
import { supergraphFile } from '../../supergraph/composition.js';
import { named, ofKind, overlays, render, renderOverlay, root, validateObject } from './kubernetes-manifests.js';

/**
 * No cluster runs on our machines: every overlay is rendered offline and each
 * object checked against the Kubernetes, Prometheus Operator and KEDA API
 * schemas (kubernetes-models); the ConfigMaps must hold the repository's own
 * files, byte for byte.
 */
describe.each(overlays)('infra/k8s overlay %s', (overlay) => {
  it('when kustomize renders it, then it succeeds without a warning and every object validates against its API schema', () => {
    const { objects, warnings } = render(`overlays/${overlay}`);
    expect(warnings).toBe('');
    expect(objects.length).toBeGreaterThan(30);
    for (const object of objects) expect(() => validateObject(object), `${object.kind} ${object.metadata.name}`).not.toThrow();
    const names = objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(names).size).toBe(names.length);
    for (const object of objects.filter((o) => o.kind !== 'Namespace')) expect({ object: `${object.kind}/${object.metadata.name}`, namespace: object.metadata.namespace }).toEqual({ object: `${object.kind}/${object.metadata.name}`, namespace: 'retail' });
  });

  it('when ConfigMaps are generated, then they hold the repository files themselves: supergraph, Nginx configuration and hook, alerting rules, every dashboard', () => {
    const objects = renderOverlay(overlay);
    const configMap = (prefix: string) => {
      const found = ofKind(objects, 'ConfigMap').filter((c) => c.metadata.name === prefix || c.metadata.name.startsWith(`${prefix}-`));
      expect({ prefix, count: found.length }).toEqual({ prefix, count: 1 });
      return found[0]!.data!;
    };
    const file = (relative: string) => readFileSync(path.join(root, relative), 'utf8');
    expect(configMap('supergraph')).toEqual({ 'supergraph.graphql': readFileSync(supergraphFile, 'utf8') });
    expect(configMap('nginx')).toEqual({ 'nginx.conf': file('infra/nginx/nginx.conf'), 'render-config.sh': file('infra/nginx/render-config.sh') });
    expect(configMap('prometheus-rules')).toEqual({ 'retail-alerts.yml': readFileSync(rulesFile, 'utf8') });
    const dashboards = readdirSync(path.join(root, 'infra/grafana/dashboards')).filter((f) => f.endsWith('.json'));
    expect(configMap('grafana-dashboards')).toEqual(Object.fromEntries(dashboards.map((f) => [f, file(`infra/grafana/dashboards/${f}`)])));
  });

  it('when Grafana runs with its dashboard sidecar, then the dashboards ConfigMap carries its label under a name that never changes', () => {
    const dashboards = named(renderOverlay(overlay), 'ConfigMap', 'grafana-dashboards');
    expect(dashboards.metadata.labels).toMatchObject({ grafana_dashboard: '1' });
  });
});

describe('PrometheusRule', () => {
  it('when the alerting rules change, then the committed PrometheusRule holds them unchanged (npm run k8s:rules rewrites it)', () => {
    expect(readFileSync(prometheusRuleFile, 'utf8')).toBe(prometheusRuleManifest(readFileSync(rulesFile, 'utf8')));
    const rule = named(renderOverlay('prod'), 'PrometheusRule', 'retail-alerts');
    expect(rule.spec.groups.flatMap((g: any) => g.rules.map((r: any) => r.alert))).toEqual(
      expect.arrayContaining(['ServiceDown', 'RouterHighErrorRate', 'HighP95Latency', 'SubgraphCircuitOpen', 'DatabasePoolSaturated', 'SagaCompensations', 'EventConsumerLagging']),
    );
  });
});
