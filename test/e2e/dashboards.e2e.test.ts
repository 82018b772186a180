import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { product, storeId } from '../support/demo.js';
import { gql, gqlOk, login } from '../support/graphql-client.js';
import { freePort } from '../support/postgres-server.js';
import { waitFor } from '../support/wait-for.js';

/**
 * A real Prometheus (Debian package) scrapes the running system; every
 * PromQL expression of the Grafana dashboards and alert rules is then
 * evaluated through its HTTP API.
 */
const root = path.resolve(import.meta.dirname, '../..');
const dashboardsDir = path.join(root, 'infra/grafana/dashboards');
const rulesFile = path.join(root, 'infra/prometheus/rules/retail-alerts.yml');

interface Panel {
  title: string;
  fieldConfig?: { defaults?: { unit?: string } };
  targets: Array<{ expr: string }>;
}

const dashboards = readdirSync(dashboardsDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...(JSON.parse(readFileSync(path.join(dashboardsDir, f), 'utf8')) as { uid: string; panels: Panel[] }) }));
const panels = dashboards.flatMap((d) => d.panels.map((p) => ({ dashboard: d.file, ...p })));
const ruleExprs = (parse(readFileSync(rulesFile, 'utf8')) as { groups: Array<{ rules: Array<{ alert: string; expr: string }> }> }).groups.flatMap((g) => g.rules);

let prometheus: ChildProcess;
let api: string;

async function query(expr: string): Promise<{ status: string; data?: { result: unknown[] }; error?: string }> {
  const res = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`);
  return (await res.json()) as { status: string; data?: { result: unknown[] }; error?: string };
}

beforeAll(async () => {
  const services = inject('serviceUrls');
  const target = (url: string) => new URL(url).host;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retail-prometheus-'));
  const config = {
    global: { scrape_interval: '1s', evaluation_interval: '1s' },
    rule_files: [rulesFile],
    scrape_configs: [
      { job_name: 'router', static_configs: [{ targets: [target(services.router!)] }] },
      { job_name: 'subgraphs', static_configs: [{ targets: Object.entries(services).filter(([n]) => n !== 'router').map(([, u]) => target(u)) }] },
    ],
  };
  writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config));
  const port = await freePort();
  api = `http://127.0.0.1:${port}`;
  prometheus = spawn('prometheus', [`--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  prometheus.once('error', (error) => {
    throw new Error(`prometheus could not start (apt-get install prometheus): ${error.message}`);
  });
  await waitFor(async () => (await fetch(`${api}/-/ready`)).status, (status) => status === 200, 'Prometheus to be ready');

  // Traffic of every kind the panels show: reads, a sale, a refused sale, bad input.
  const clerk = await login('clerk4@retail.test');
  for (let i = 0; i < 5; i++) await gqlOk(`query DashboardProbe($s: ID!) { store(id: $s) { stock(first: 3) { edges { node { quantity product { name } } } } } }`, { s: storeId(4) });
  await gqlOk(`mutation DashboardSale($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: storeId(4), lines: [{ productId: product(57).id, quantity: 1 }] } }, clerk);
  await gql(`mutation DashboardRefused($i: RecordSaleInput!) { recordSale(input: $i) { id } }`, { i: { storeId: storeId(4), lines: [{ productId: product(57).id, quantity: 100000 }] } }, clerk);
  await gql(`query DashboardBad { products(first: 0) { totalCount } }`);
  // Enough scrapes after the traffic for rate() over it.
  await waitFor(
    async () => Number(((await query('min(count_over_time(sales_revenue_total[1m]))')).data?.result[0] as { value?: [number, string] } | undefined)?.value?.[1] ?? 0),
    (samples) => samples >= 4,
    'four scrapes after the traffic',
  );
}, 120_000);

afterAll(() => {
  prometheus?.kill('SIGTERM');
});

describe('Grafana dashboards against a real Prometheus', () => {
  it('when the dashboards are read, then every panel has a title, a unit and at least one query', () => {
    expect(panels.length).toBeGreaterThan(10);
    for (const panel of panels) {
      expect({ panel: panel.title, unit: Boolean(panel.fieldConfig?.defaults?.unit), queries: panel.targets.length > 0 }).toEqual({ panel: panel.title, unit: true, queries: true });
    }
  });

  it('when every panel query is evaluated after traffic, then each parses and returns data', async () => {
    for (const panel of panels) {
      for (const { expr } of panel.targets) {
        const result = await query(expr);
        expect({ panel: `${panel.dashboard}: ${panel.title}`, status: result.status, error: result.error }).toEqual({ panel: `${panel.dashboard}: ${panel.title}`, status: 'success', error: undefined });
        expect({ panel: `${panel.dashboard}: ${panel.title}`, series: (result.data?.result.length ?? 0) > 0 }).toEqual({ panel: `${panel.dashboard}: ${panel.title}`, series: true });
      }
    }
  });

  it('when every alert rule expression is evaluated, then it parses, and Prometheus loaded the rules healthy', async () => {
    for (const rule of ruleExprs) {
      const result = await query(rule.expr);
      expect({ alert: rule.alert, status: result.status, error: result.error }).toEqual({ alert: rule.alert, status: 'success', error: undefined });
    }
    const loaded = (await (await fetch(`${api}/api/v1/rules`)).json()) as { data: { groups: Array<{ rules: Array<{ name: string; health: string }> }> } };
    const health = Object.fromEntries(loaded.data.groups.flatMap((g) => g.rules.map((r) => [r.name, r.health])));
    expect(health).toEqual(Object.fromEntries(ruleExprs.map((r) => [r.alert, 'ok'])));
  });
});
