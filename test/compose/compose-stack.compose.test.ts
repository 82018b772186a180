import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { describe, expect, inject, it } from 'vitest';
import { mustRun } from '../../tools/docker/run-command.js';
import { waitUntilHealthy } from '../../tools/docker/compose-stack.js';
import { product, storeId, warehouseId } from '../support/demo.js';
import { ledgerProblems, NO_LEDGER_PROBLEMS, RECORD_SALE, saleOf, cents } from '../support/fault-operations.js';
import { errorCode, gql, gqlOk, login } from '../support/graphql-client.js';
import { httpRequest, postGraphQL } from '../support/http-client.js';
import { failed, startLoad, type LoadSample } from '../support/load.js';
import { composeProject, containerFacts, psql, servicePid } from '../support/compose-stack.js';
import { waitFor } from '../support/wait-for.js';

/**
 * compose.yaml running in Docker as its users run it (test/setup/compose-global-setup.ts
 * brings it up with the real Dockerfile's image): everything through Nginx's
 * port on 127.0.0.1. One stack for the file, so the blocks run in order:
 * the last ones stop, kill and recreate containers.
 */
const root = path.resolve(import.meta.dirname, '../..');
const stack = inject('composeStack');
const project = composeProject();
const graphqlUrl = `${stack.publicUrl}/graphql`;
const sql = { sql: <R = Record<string, unknown>>(query: string) => psql<R>(project, query) };

const STOCK = `query($p: ID!, $s: ID!) { product(id: $p) { stock(storeId: $s) { quantity } } }`;
const quantity = async (productId: string, locationId: string) => (await gqlOk(STOCK, { p: productId, s: locationId })).product.stock.quantity as number;
const REPORT = `query($from: DateTime!, $to: DateTime!) { salesReport(from: $from, to: $to) { saleCount totalRevenue } }`;
const servedBy = (replica: string) => (s: LoadSample) => s.servedBy === `${replica}:4000`;
const LONG_RUNNING = ['postgres', 'redis', 'catalog', 'inventory', 'sales', 'accounts', 'reporting', 'router-1', 'router-2', 'nginx', 'nginx-exporter', 'prometheus'];

/** What failed in a run of samples, grouped: the assertion shows it all at once. */
const failures = (samples: LoadSample[]) => samples.filter(failed).map((s) => ({ seq: s.seq, kind: s.kind, status: s.status, codes: s.codes, error: s.error }));

describe('the image and the containers', () => {
  it('when the image is built with the real Dockerfile, then its own layers weigh at most 150 MB over the Node base', () => {
    console.info(`app layers: ${(stack.appLayersBytes / 1e6).toFixed(1)} MB over ${stack.baseImage}`);
    expect(stack.appLayersBytes).toBeGreaterThan(0);
    expect(stack.appLayersBytes).toBeLessThanOrEqual(150e6);
  });

  it('when the stack is up, then every service runs, the one-shots exited 0, and the image runs as an unprivileged user on a read-only root', async () => {
    const containers = await project.containers();
    expect(containers.map((c) => c.service).sort()).toEqual([...LONG_RUNNING, 'migrate', 'secrets-init'].sort());
    const facts = await containerFacts(project);
    for (const service of ['secrets-init', 'migrate', 'catalog', 'inventory', 'sales', 'accounts', 'reporting', 'router-1', 'router-2']) {
      const fact = facts.find((f) => f.service === service)!;
      expect({ service, user: fact.user, readOnlyRoot: fact.readOnlyRoot }).toEqual({ service, user: 'node', readOnlyRoot: true });
    }
    const migrateLog = await project.logs('migrate');
    for (const module of ['accounts', 'catalog', 'inventory', 'reporting', 'sales']) expect(migrateLog).toMatch(new RegExp(`${module}: \\d{14}_`));
  });
});

describe('the demo flows through Nginx', () => {
  it('when a clerk sells at the till, then stock falls at once and the sale is in the head office report within 2 seconds', async () => {
    const p = product(30);
    const clerk = await login('clerk1@retail.test');
    const admin = await login('admin@retail.test');
    const from = new Date(Date.now() - 1000);
    const to = new Date(Date.now() + 3_600_000);
    const before = await quantity(p.id, storeId(1));
    const reportBefore = (await gqlOk(REPORT, { from: from.toISOString(), to: to.toISOString() }, admin)).salesReport;
    const { recordSale } = await gqlOk(RECORD_SALE, { i: saleOf(storeId(1), p.id, 2) }, clerk);
    const soldAt = Date.now();
    expect(await quantity(p.id, storeId(1))).toBe(before - 2);
    const report = await waitFor(
      async () => (await gqlOk(REPORT, { from: from.toISOString(), to: to.toISOString() }, admin)).salesReport,
      (r) => r.saleCount === reportBefore.saleCount + 1,
      'the sale in the report',
      10_000,
    );
    expect(Date.now() - soldAt).toBeLessThan(2000);
    expect(cents(report.totalRevenue) - cents(reportBefore.totalRevenue)).toBe(cents(recordSale.total));
  });

  it('when a manager opens a store stock page and asks for more, then logistics approves it and stock moves from the warehouse', async () => {
    const p = product(31);
    const manager = await login('manager1@retail.test');
    const page = await gqlOk(`query($s: ID!) { store(id: $s) { code stock(first: 5, orderBy: QUANTITY_ASC) { totalCount edges { node { quantity product { name } } } } } }`, { s: storeId(1) }, manager);
    expect(page.store.code).toBe('STORE-1');
    expect(page.store.stock.edges).toHaveLength(5);
    const before = { store: await quantity(p.id, storeId(1)), warehouse: await quantity(p.id, warehouseId) };
    const { requestReplenishment } = await gqlOk(`mutation($s: ID!, $p: ID!) { requestReplenishment(storeId: $s, productId: $p, quantity: 7) { id status } }`, { s: storeId(1), p: p.id }, manager);
    expect(requestReplenishment.status).toBe('PENDING');
    const { approveReplenishment } = await gqlOk(`mutation($id: ID!) { approveReplenishment(id: $id) { status } }`, { id: requestReplenishment.id }, await login('logistics@retail.test'));
    expect(approveReplenishment.status).toBe('APPROVED');
    expect({ store: await quantity(p.id, storeId(1)), warehouse: await quantity(p.id, warehouseId) }).toEqual({ store: before.store + 7, warehouse: before.warehouse - 7 });
  });

  it('when a request carries no token or a wrong one, then the contract errors come back through Nginx', async () => {
    expect(errorCode(await gql(RECORD_SALE, { i: saleOf(storeId(1), product(30).id, 1) }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await gql(RECORD_SALE, { i: saleOf(storeId(2), product(30).id, 1) }, await login('clerk1@retail.test')))).toBe('FORBIDDEN');
  });
});

describe('what is reachable', () => {
  it('when the stack runs, then only Nginx and Prometheus publish a port, each on 127.0.0.1 only', async () => {
    const published = (await containerFacts(project)).filter((f) => f.published.length).map((f) => ({ service: f.service, published: f.published }));
    expect(published.sort((a, b) => a.service.localeCompare(b.service))).toEqual([
      { service: 'nginx', published: [`127.0.0.1:${stack.env.PUBLIC_PORT}`] },
      { service: 'prometheus', published: [`127.0.0.1:${stack.env.PROMETHEUS_PORT}`] },
    ]);
  });

  it('when something on the edge network (where Nginx is) tries a subgraph, PostgreSQL or Redis, then their names do not resolve and their addresses do not answer', async () => {
    // One throwaway container on the edge network: resolves each name, then connects to each address found elsewhere.
    const probe = `const dns = require('dns'), net = require('net');
      const connect = (host, port) => new Promise((done) => { const s = net.connect(port, host); s.setTimeout(3000, () => { s.destroy(); done('timeout'); });
        s.on('connect', () => { s.destroy(); done('connected'); }); s.on('error', (e) => done(e.code)); });
      const lookup = (host) => new Promise((done) => dns.lookup(host, (e, address) => done(e ? 'unresolved' : address)));
      Promise.all(JSON.parse(process.argv[1]).map(async (t) => [t.name, { name: await lookup(t.name), address: await connect(t.address, t.port) }]))
        .then((entries) => console.log(JSON.stringify(Object.fromEntries(entries))));`;
    const addressOn = async (service: string, network: string) =>
      (await mustRun('docker', ['inspect', '--format', `{{ (index .NetworkSettings.Networks "${project.name}_${network}").IPAddress }}`, await project.containerId(service)])).trim();
    const targets = [
      { name: 'router-1', port: 4000, address: await addressOn('router-1', 'edge') },
      ...(await Promise.all(
        ([['catalog', 4101], ['inventory', 4102], ['sales', 4103], ['postgres', 5432], ['redis', 6379]] as const).map(async ([name, port]) => ({ name, port, address: await addressOn(name, 'backend') })),
      )),
    ];
    const seen = JSON.parse(await mustRun('docker', ['run', '--rm', '--network', `${project.name}_edge`, stack.image, 'node', '-e', probe, JSON.stringify(targets)])) as Record<string, { name: string; address: string }>;
    expect(seen['router-1']).toEqual({ name: targets[0]!.address, address: 'connected' }); // the probe itself works
    for (const target of targets.slice(1)) {
      const outcome = seen[target.name]!;
      expect({ target: target.name, name: outcome.name, reached: outcome.address === 'connected' }).toEqual({ target: target.name, name: 'unresolved', reached: false });
    }
  });

  it('when a subgraph tries to reach beyond the host, then it cannot: its networks are internal', async () => {
    const probe = `const s = require('net').connect(443, '192.0.2.10'); s.setTimeout(3000, () => { console.log('unreachable'); process.exit(0); });
      s.on('connect', () => { console.log('connected'); process.exit(0); }); s.on('error', () => { console.log('unreachable'); process.exit(0); });`;
    for (const service of ['catalog', 'sales', 'router-1']) {
      const result = await project.exec(service, ['node', '-e', probe]);
      expect({ service, outcome: result.stdout.trim() }).toEqual({ service, outcome: 'unreachable' });
    }
  });
});

describe('Prometheus in its container', () => {
  it('when it has scraped the stack, then every target is up and every alert rule of infra/prometheus/rules is loaded', async () => {
    const api = async <T>(p: string) => ((await (await fetch(`${stack.prometheusUrl}${p}`)).json()) as { data: T }).data;
    const targets = await waitFor(
      () => api<{ activeTargets: Array<{ scrapeUrl: string; health: string; lastError: string }> }>('/api/v1/targets'),
      (t) => t.activeTargets.length > 0 && t.activeTargets.every((x) => x.health === 'up'),
      'every target up',
      60_000,
    );
    expect(targets.activeTargets.map((t) => new URL(t.scrapeUrl).host).sort()).toEqual(
      ['accounts:4104', 'catalog:4101', 'inventory:4102', 'localhost:9090', 'nginx-exporter:9113', 'reporting:4105', 'router-1:4000', 'router-2:4000', 'sales:4103'].sort(),
    );
    const ruleFiles = readdirSync(path.join(root, 'infra/prometheus/rules')).filter((f) => f.endsWith('.yml'));
    const committed = ruleFiles.flatMap((f) => (parse(readFileSync(path.join(root, 'infra/prometheus/rules', f), 'utf8')) as { groups: Array<{ rules: Array<{ alert?: string; record?: string }> }> }).groups.flatMap((g) => g.rules.map((r) => r.alert ?? r.record)));
    const loaded = (await api<{ groups: Array<{ rules: Array<{ name: string; health: string }> }> }>('/api/v1/rules')).groups.flatMap((g) => g.rules);
    expect(loaded.map((r) => r.name).sort()).toEqual([...committed].sort());
    expect(loaded.filter((r) => r.health === 'err')).toEqual([]);
  });
});

describe('operating the stack', () => {
  it('when router-1 is stopped (SIGTERM) under continuous load and started again, then not one request fails and traffic returns to it', async () => {
    const load = startLoad({
      concurrency: 6,
      // A bound, not a goal: the routers answer these from their response cache, far faster than a container restarts.
      maxRequests: 300_000,
      send: (seq, agent) => ({ kind: 'post', reply: postGraphQL(graphqlUrl, `query Load${seq % 2} { categories }`, { agent, timeoutMs: 60_000 }) }),
    });
    try {
      await load.until('both replicas serve', (s) => s.filter(servedBy('router-1')).length >= 20 && s.filter(servedBy('router-2')).length >= 20);
      await project.stop('router-1');
      const afterStop = load.started();
      await load.until('200 more answers while router-1 is down', (s) => s.filter((x) => x.seq >= afterStop).length >= 200);
      await project.start('router-1');
      const afterStart = load.started();
      await load.until('the restarted router-1 serves again', (s) => s.filter((x) => x.seq >= afterStart && servedBy('router-1')(x)).length >= 20);
    } finally {
      const samples = await load.stop();
      console.info(`docker-compose stop + start router-1: ${samples.length} requests, ${samples.filter(failed).length} failed`);
      expect(failures(samples)).toEqual([]);
    }
  });

  it('when a subgraph process is killed, then Docker restarts its container and it turns healthy again', async () => {
    const restartsBefore = (await containerFacts(project)).find((f) => f.service === 'catalog')!.restartCount;
    process.kill(await servicePid(project, 'catalog'), 'SIGKILL');
    await waitFor(async () => (await containerFacts(project)).find((f) => f.service === 'catalog')!.restartCount, (n) => n > restartsBefore, 'Docker restarting catalog', 60_000);
    await waitUntilHealthy(project);
    expect((await gqlOk(`{ categories }`)).categories.length).toBeGreaterThan(0);
  });

  it('when the sales container is killed (SIGKILL) in the middle of sales under load and started again, then interrupted sagas are recovered, no stock is negative, stock equals its ledger and each sale is counted once', async () => {
    const clerks = await Promise.all([1, 2, 3].map((n) => login(`clerk${n}@retail.test`)));
    const admin = await login('admin@retail.test');
    const from = new Date();
    const products = [product(32), product(33), product(34)];
    const load = startLoad({
      concurrency: 6,
      maxRequests: 2_000,
      send: (seq, agent) => {
        const n = seq % 3;
        return {
          kind: 'sale',
          reply: httpRequest(graphqlUrl, {
            agent,
            timeoutMs: 60_000,
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${clerks[n]}` },
            body: JSON.stringify({ query: RECORD_SALE, variables: { i: saleOf(storeId((n + 1) as 1 | 2 | 3), products[seq % products.length]!.id, 1) } }),
          }),
        };
      },
    });
    let samples: LoadSample[] = [];
    try {
      await load.until('30 sales', (s) => s.filter((x) => !failed(x)).length >= 30);
      await project.mustRun(['kill', '-s', 'SIGKILL', 'sales']);
      const afterKill = load.started();
      await load.until('requests answered while sales is down', (s) => s.filter((x) => x.seq >= afterKill).length >= 30);
    } finally {
      samples = await load.stop();
    }
    await project.start('sales');
    await waitUntilHealthy(project);
    // The interrupted sagas are recovered once untouched for SAGA_STALE_AFTER_MS (15 s by default).
    const problems = await waitFor(() => ledgerProblems(sql), (p) => p.sagas.length === 0, 'every interrupted saga recovered', 90_000);
    expect(problems).toEqual(NO_LEDGER_PROBLEMS);
    const negative = await psql(project, `SELECT "locationId", "productId", quantity FROM inventory."StockLevel" WHERE quantity < 0`);
    expect(negative).toEqual([]);
    // Each completed sale in the reports once: the read model equals the sales table over this test's window.
    const [sold] = await psql<{ n: number; cents: number }>(project, `SELECT count(*)::int AS n, coalesce(sum(total) * 100, 0)::int AS cents FROM sales."Sale" WHERE "createdAt" >= '${from.toISOString()}'`);
    const to = new Date(Date.now() + 3_600_000);
    const report = await waitFor(
      async () => (await gqlOk(REPORT, { from: from.toISOString(), to: to.toISOString() }, admin)).salesReport,
      (r) => r.saleCount === sold!.n,
      'the report catching up with the sales table',
      30_000,
    );
    expect({ saleCount: report.saleCount, cents: cents(report.totalRevenue) }).toEqual({ saleCount: sold!.n, cents: sold!.cents });
    const answered = samples.filter((s) => !failed(s)).length;
    console.info(`sales killed under load: ${samples.length} sales sent, ${answered} answered, ${sold!.n} recorded`);
    expect(sold!.n).toBeGreaterThanOrEqual(answered);
    // Failures only while sales was away, and always as a clean GraphQL error, never a hang or a 5xx page.
    for (const failure of samples.filter(failed)) expect(failure.codes.length === 1 && ['SERVICE_UNAVAILABLE', 'INSUFFICIENT_STOCK'].includes(failure.codes[0]!) ? 'clean' : failure).toBe('clean');
  });

  it('when the stack is taken down (volumes kept) and brought up again, then the data is still there, migrations apply nothing and tokens stay valid', async () => {
    const admin = await login('admin@retail.test');
    const { recordSale } = await gqlOk(RECORD_SALE, { i: saleOf(storeId(2), product(35).id, 1, `persist-${randomUUID()}`) }, await login('clerk2@retail.test'));
    await project.down({ volumes: false });
    expect(await project.containers()).toEqual([]);
    await project.up();
    await waitUntilHealthy(project);
    const migrateLog = await project.logs('migrate');
    for (const module of ['accounts', 'catalog', 'inventory', 'reporting', 'sales']) expect(migrateLog).toContain(`${module}: up to date`);
    expect(await project.logs('secrets-init')).toMatch(/JWT_SECRET: kept/);
    // The token signed before the restart still verifies: the generated secrets were kept.
    const { sale } = await gqlOk(`query($id: ID!) { sale(id: $id) { id total } }`, { id: recordSale.id }, admin);
    expect(sale).toEqual({ id: recordSale.id, total: recordSale.total });
  });
});
