import { readFileSync, writeFileSync } from 'node:fs';
import { prometheusRuleManifest, prometheusRuleFile, rulesFile } from './prometheus-rule-manifest.js';

/**
 * `npm run k8s:rules`: writes the PrometheusRule of infra/k8s from the
 * alerting rules Prometheus and promtool read (infra/prometheus/rules). The
 * Operator takes rules only inside a PrometheusRule, which kustomize cannot
 * build from a plain rule file; a unit test fails while this one is stale.
 */
writeFileSync(prometheusRuleFile, prometheusRuleManifest(readFileSync(rulesFile, 'utf8')));
console.log(`wrote ${prometheusRuleFile}`);
