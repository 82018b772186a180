import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startSystem, type RunningSystem } from '../../tools/launcher/start-system.js';
import { composedSubgraphs } from '../../contracts/subgraphs.js';
import { product, storeId } from '../support/demo.js';
import { freeServicePorts } from '../../tools/launcher/ports.js';
import { acquireTestRedis, type TestRedis } from '../support/redis-server.js';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
}

/** A minimal OTLP/HTTP (JSON) receiver standing in for the collector. */
function startReceiver(spans: ExportedSpan[]): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: ExportedSpan[] }> }>;
      };
      for (const rs of body.resourceSpans ?? []) {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans ?? []) for (const span of ss.spans ?? []) spans.push({ ...span, service });
      }
      res.setHeader('content-type', 'application/json');
      res.end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

const spans: ExportedSpan[] = [];
let receiver: Server;
let system: RunningSystem;
let redis: TestRedis | null;

beforeAll(async () => {
  const started = await startReceiver(spans);
  receiver = started.server;
  redis = await acquireTestRedis();
  system = await startSystem({
    subgraphs: composedSubgraphs,
    stdio: 'ignore',
    env: {
      DATABASE_URL: inject('e2eDatabaseUrl'),
      LOG_LEVEL: 'warn',
      PASSWORD_HASH_COST: '1024',
      SEED_DEMO_DATA: 'false',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${started.port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ...(redis ? { REDIS_URL: redis.url, REDIS_KEY_PREFIX: redis.keyPrefix } : {}),
      ...(await freeServicePorts()),
    },
  });
});

afterAll(async () => {
  await system?.stop();
  await redis?.stop();
  receiver?.close();
});

async function post(query: string, variables: Record<string, unknown>, headers: Record<string, string>) {
  const res = await fetch(system.routerUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as { data?: any; errors?: unknown[] };
}

describe('distributed tracing', () => {
  it('when a sale goes through the router, then one trace spans router, sales, catalog, inventory and their SQL', async () => {
    const login = await post(`mutation { login(email: "clerk2@retail.test", password: "clerk2") { token } }`, {}, {});
    expect(login.errors, 'login errors').toBeUndefined();
    const token = login.data.login.token as string;
    const traceId = randomBytes(16).toString('hex');
    const parentSpanId = randomBytes(8).toString('hex');
    const sale = await post(
      `mutation TracedSale($i: RecordSaleInput!) { recordSale(input: $i) { id } }`,
      { i: { storeId: storeId(2), lines: [{ productId: product(56).id, quantity: 1 }] } },
      { authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${parentSpanId}-01` },
    );
    expect(sale.errors).toBeUndefined();

    await expect
      .poll(() => new Set(spans.filter((s) => s.traceId === traceId).map((s) => s.service)), { timeout: 10_000 })
      .toEqual(new Set(['router', 'sales', 'catalog', 'inventory']));
    // Spans of the last service may still be in flight; give the batch one more round.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const trace = spans.filter((s) => s.traceId === traceId);
    const ids = new Set([parentSpanId, ...trace.map((s) => s.spanId)]);
    const orphans = trace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(orphans).toEqual([]);
    expect(trace.find((s) => s.service === 'router' && s.parentSpanId === parentSpanId)?.name).toBe('mutation TracedSale');
    expect(trace.some((s) => s.service === 'router' && /fetch/i.test(s.name))).toBe(true);
    expect(trace.some((s) => s.service === 'sales' && /^mutation TracedSale__sales/.test(s.name))).toBe(true);
    expect(trace.some((s) => s.service === 'sales' && s.name === 'sales → inventory')).toBe(true);
    // With Redis (the CI machine has one), the cache invalidation of the sale shows as Redis spans.
    if (redis) expect(trace.some((s) => s.service === 'inventory' && s.name.startsWith('redis.'))).toBe(true);
    for (const service of ['sales', 'inventory', 'catalog']) {
      expect({ service, sql: trace.some((s) => s.service === service && s.name === 'pg.query') }).toEqual({ service, sql: true });
    }
  });
});
