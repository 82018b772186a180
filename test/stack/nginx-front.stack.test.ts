import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tools/launcher/ports.js';
import { startNginx } from '../../tools/launcher/nginx-process.js';
import { getGraphQL, httpRequest, postGraphQL } from '../support/http-client.js';
import { failed, startLoad, type LoadSample } from '../support/load.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * The production topology on loopback: the real Nginx in front of two router
 * replicas and every subgraph, one stack for the file (it takes a while to
 * boot). First Nginx's policies, then losing a replica or a subgraph under
 * continuous load: counts of failed requests, never timings. The failure
 * tests restore what they stop.
 */
const ALLOWED = 'https://shop.retail.test';
const OTHER = 'https://evil.example';
const CONCURRENCY = 6;
const SUBGRAPH_TIMEOUT_MS = 4000;

let stack: TestStack;
let url: string;
let base: string;

beforeAll(async () => {
  // RESPONSE_CACHE_ENABLED=false: the loads below repeat one query, and what they measure (a router or a subgraph lost under
  // load) needs each request to reach the subgraphs; the response cache's own outage tests are in test/property.
  stack = await startTestStack({ replicas: 2, corsOrigins: [ALLOWED, 'http://localhost:5173'], env: { SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS), RESPONSE_CACHE_ENABLED: 'false' } });
  url = stack.url;
  base = stack.nginx.url;
});
afterAll(async () => {
  await stack?.stop();
});

const json = (body: string) => JSON.parse(body) as { data?: any; errors?: Array<{ message: string; extensions?: { code?: string } }> };

describe('Nginx in front of the router replicas', () => {
  it('when requests go through Nginx, then every replica answers a share of them', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const servedBy: string[] = [];
    for (let round = 0; round < 10; round++) {
      const replies = await Promise.all(Array.from({ length: 4 }, () => postGraphQL(url, '{ categories }', { agent })));
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        expect(json(reply.body).data.categories.length).toBeGreaterThan(0);
        servedBy.push(String(reply.headers['x-served-by']));
      }
    }
    agent.destroy();
    const ports = stack.system.routerUrls.map((u) => new URL(u).port);
    const counts = ports.map((port) => servedBy.filter((s) => s.endsWith(`:${port}`)).length);
    expect(counts.reduce((a, b) => a + b)).toBe(40);
    for (const count of counts) expect(count).toBeGreaterThanOrEqual(8);
  });

  it('when a query comes over GET, then it is answered like a POST (and may be retried by Nginx)', async () => {
    const reply = await getGraphQL(url, '{ categories }');
    expect(reply.status).toBe(200);
    expect(json(reply.body).data.categories.length).toBeGreaterThan(0);
    const mutation = await getGraphQL(url, 'mutation { login(email: "x@y.z", password: "x") { token } }');
    expect(mutation.status).not.toBe(200);
  });

  it('when a client asks for a subgraph or a router-internal endpoint, then nothing of it is reachable', async () => {
    for (const p of ['/catalog/graphql', '/graphql/catalog', '/ready', '/metrics', '/metrics?x=1', '//metrics', '/%6Detrics', '/_service']) {
      const reply = await httpRequest(`${base}${p}`);
      expect({ p, status: reply.status }).toEqual({ p, status: 404 });
    }
    // Subgraph-only fields (the SDL, entity resolution) are not in the public schema.
    for (const query of ['{ _service { sdl } }', '{ _entities(representations: []) { __typename } }']) {
      const reply = json((await postGraphQL(url, query)).body);
      expect(reply.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    // Only reads outside /graphql; Nginx's own liveness answers itself.
    expect((await httpRequest(`${base}/`, { method: 'POST', body: '{}' })).status).toBe(403);
    const health = await httpRequest(`${base}/health`);
    expect({ status: health.status, body: json(health.body) }).toEqual({ status: 200, body: { status: 'ok', service: 'nginx' } });
  });

  it('when a browser calls from a configured origin, then CORS allows it; from any other origin, then not', async () => {
    const preflight = (origin: string) =>
      httpRequest(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });

    const allowed = await preflight(ALLOWED);
    expect(allowed.status).toBe(204);
    expect(allowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(allowed.headers['access-control-allow-methods']).toContain('POST');
    expect(allowed.headers['access-control-allow-headers']).toContain('authorization');

    const refused = await preflight(OTHER);
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();

    const fromAllowed = await postGraphQL(url, '{ categories }', { headers: { origin: ALLOWED } });
    expect(fromAllowed.status).toBe(200);
    expect(fromAllowed.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(fromAllowed.headers.vary).toContain('Origin');

    const fromOther = await postGraphQL(url, '{ categories }', { headers: { origin: OTHER } });
    expect(fromOther.headers['access-control-allow-origin']).toBeUndefined();
    // A look-alike of an allowed origin is another origin.
    const lookAlike = await postGraphQL(url, '{ categories }', { headers: { origin: `${ALLOWED}.evil.example` } });
    expect(lookAlike.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('when one client sends faster than its rate limit, then it gets 429 beyond the burst while another client is still served', async () => {
    // A second Nginx over the same replicas, with a small limit: 1 request/s and a burst of 5.
    const limited = await startNginx({
      dir: path.join(stack.workDir, 'nginx-limited'),
      port: await freePort(),
      upstreams: stack.system.routerUrls.map((u) => new URL(u).host),
      corsOrigins: [ALLOWED],
      rateLimit: { perSecond: 1, burst: 5 },
    });
    try {
      const endpoint = `${limited.url}/graphql`;
      const replies = await Promise.all(Array.from({ length: 30 }, () => postGraphQL(endpoint, '{ categories }', { localAddress: '127.0.0.2', headers: { origin: ALLOWED } })));
      const ok = replies.filter((r) => r.status === 200);
      const limitedReplies = replies.filter((r) => r.status === 429);
      expect(ok.length + limitedReplies.length).toBe(30);
      expect(ok.length).toBeGreaterThanOrEqual(6); // the burst (5) and the one the rate allows
      expect(limitedReplies.length).toBeGreaterThanOrEqual(10);
      const rejection = limitedReplies[0]!;
      expect(json(rejection.body).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      expect(rejection.headers['retry-after']).toBe('1');
      expect(rejection.headers['access-control-allow-origin']).toBe(ALLOWED);
      // Another client address has its own budget.
      const other = await postGraphQL(endpoint, '{ categories }', { localAddress: '127.0.0.3' });
      expect(other.status).toBe(200);
    } finally {
      await limited.stop();
    }
  });

  it('when a request body exceeds 1 MiB, then Nginx refuses it with 413 before any router sees it; a large one below passes', async () => {
    const pad = 'x'.repeat(2 * 1024 * 1024);
    const tooLarge = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories }', variables: { pad } }) });
    expect(tooLarge.status).toBe(413);
    expect(json(tooLarge.body).errors?.[0]?.extensions?.code).toBe('PAYLOAD_TOO_LARGE');
    const below = await httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ categories }', variables: { pad: pad.slice(0, 512 * 1024) } }) });
    expect(below.status).toBe(200);
  });

  it('when a client accepts gzip, then large answers come compressed', async () => {
    const query = '{ products(first: 60) { edges { node { id sku name category price description } } } }';
    const reply = await postGraphQL(url, query, { headers: { 'accept-encoding': 'gzip' } });
    expect(reply.status).toBe(200);
    expect(reply.headers['content-encoding']).toBe('gzip');
    expect(json(reply.body).data.products.edges.length).toBeGreaterThan(10);
    expect(reply.wireBytes).toBeLessThan(Buffer.byteLength(reply.body) / 2);
  });

  it('when /nginx_status is asked from loopback, then it answers; from another address, then 403', async () => {
    const local = await httpRequest(`${base}/nginx_status`);
    expect(local.status).toBe(200);
    expect(local.body).toMatch(/^Active connections: \d+/);
    const other = await httpRequest(`${base}/nginx_status`, { localAddress: '127.0.0.2' });
    expect(other.status).toBe(403);
  });

  it('when a request passes, then the access log has it as one JSON line with its request id, status and replica', async () => {
    const requestId = `stack-test-${Date.now()}`;
    const reply = await postGraphQL(url, '{ categories }', { headers: { 'x-request-id': requestId } });
    expect(reply.headers['x-request-id']).toBe(requestId);
    let line: Record<string, unknown> | undefined;
    for (let attempt = 0; attempt < 100 && !line; attempt++) {
      if (existsSync(stack.nginx.accessLog)) {
        line = readFileSync(stack.nginx.accessLog, 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Record<string, unknown>)
          .find((entry) => entry.request_id === requestId);
      }
      if (!line) await sleep(50);
    }
    expect(line).toMatchObject({ method: 'POST', uri: '/graphql', status: 200, client: '127.0.0.1', served_by: reply.headers['x-served-by'] });
    expect(stack.system.routerUrls.map((u) => new URL(u).host)).toContain(line!.upstream);
  });
});

const portOf = (name: string) => new URL(stack.system.services.find((s) => s.name === name)!.baseUrl).port;
const servedByReplica = (name: string) => (s: LoadSample) => s.servedBy?.endsWith(`:${portOf(name)}`) ?? false;
const summary = (samples: LoadSample[]) =>
  samples.filter(failed).map((s) => ({ seq: s.seq, kind: s.kind, status: s.status, codes: s.codes, error: s.error }));

describe('router replicas behind Nginx under load', () => {
  afterEach(async () => {
    // A test that failed half-way leaves the next one a complete stack.
    for (const service of [...stack.system.services]) {
      if (service.child.exitCode !== null || service.child.signalCode !== null) await stack.system.startService(service.name);
    }
  });

  it('when a replica gets SIGTERM under load and is started again later, then not one request fails', async () => {
    const load = startLoad({
      concurrency: CONCURRENCY,
      maxRequests: 20_000,
      send: (seq, agent) => ({ kind: 'post', reply: postGraphQL(url, `query Load${seq % 2} { categories }`, { agent, timeoutMs: 60_000 }) }),
    });
    try {
      await load.until('both replicas serve', (s) => s.filter(servedByReplica('router-1')).length >= 20 && s.filter(servedByReplica('router-2')).length >= 20);
      await stack.system.stopService('router-1', 'SIGTERM');
      const afterStop = load.started();
      await load.until('200 more answers while router-1 is down', (s) => s.filter((x) => x.seq >= afterStop).length >= 200);
      await stack.system.startService('router-1');
      const afterStart = load.started();
      await load.until('the restarted router-1 serves again', (s) => s.filter((x) => x.seq >= afterStart && servedByReplica('router-1')(x)).length >= 20);
    } finally {
      const samples = await load.stop();
      console.info(`SIGTERM + restart of router-1: ${samples.length} requests, ${samples.filter(failed).length} failed`);
      expect(summary(samples)).toEqual([]);
      expect(samples.length).toBeGreaterThan(300);
    }
  });

  it('when a replica is killed (SIGKILL) under load, then only requests in flight on it fail, GET queries are retried, and none fails once Nginx noticed', async () => {
    const load = startLoad({
      concurrency: CONCURRENCY,
      maxRequests: 20_000,
      // Half POST (never replayed by Nginx once sent), half GET (idempotent: retried on the other replica).
      send: (seq, agent) =>
        seq % 2 === 0
          ? { kind: 'post', reply: postGraphQL(url, '{ categories }', { agent, timeoutMs: 60_000 }) }
          : { kind: 'get', reply: getGraphQL(url, '{ categories }', { agent, timeoutMs: 60_000 }) },
    });
    let killedAt = 0;
    try {
      await load.until('both replicas serve', (s) => s.filter(servedByReplica('router-1')).length >= 20 && s.filter(servedByReplica('router-2')).length >= 20);
      killedAt = load.started();
      await stack.system.stopService('router-1', 'SIGKILL');
      const afterKill = load.started();
      await load.until('300 more answers after the kill', (s) => s.filter((x) => x.seq >= afterKill).length >= 300);
      await stack.system.startService('router-1');
      const afterStart = load.started();
      await load.until('the restarted router-1 serves again', (s) => s.filter((x) => x.seq >= afterStart && servedByReplica('router-1')(x)).length >= 20);
    } finally {
      const samples = await load.stop();
      const failures = samples.filter(failed);
      console.info(`SIGKILL of router-1: ${samples.length} requests (half GET), ${failures.length} failed (${failures.filter((f) => f.kind === 'post').length} POST in flight)`);
      // At most the requests that were in flight when the process died: POSTs Nginx had sent to it.
      expect(failures.length).toBeLessThanOrEqual(CONCURRENCY);
      expect(summary(samples).filter((f) => f.kind === 'get')).toEqual([]);
      for (const failure of failures) {
        expect(failure.status).toBe(502);
        expect(failure.codes).toEqual(['SERVICE_UNAVAILABLE']);
      }
      // Nothing started after Nginx could notice (a few requests later) fails.
      expect(summary(samples.filter((s) => s.seq >= killedAt + 2 * CONCURRENCY))).toEqual([]);
    }
  });

  it('when a subgraph restarts under load, then requests needing it get a clear SERVICE_UNAVAILABLE while it is down (no hang), the others are served, and it recovers without restarting a router', async () => {
    const routerPids = stack.system.services.filter((s) => s.name.startsWith('router')).map((s) => s.child.pid);
    const load = startLoad({
      concurrency: CONCURRENCY,
      maxRequests: 20_000,
      send: (seq, agent) =>
        seq % 2 === 0
          ? { kind: 'catalog', reply: postGraphQL(url, '{ categories }', { agent, timeoutMs: SUBGRAPH_TIMEOUT_MS + 20_000 }) }
          : { kind: 'inventory', reply: postGraphQL(url, '{ stores { code } }', { agent, timeoutMs: SUBGRAPH_TIMEOUT_MS + 20_000 }) },
    });
    let downFrom = 0;
    let upFrom = 0;
    try {
      await load.until('catalog answers', (s) => s.filter((x) => x.kind === 'catalog' && !failed(x)).length >= 20);
      await stack.system.stopService('catalog', 'SIGTERM');
      downFrom = load.started();
      await load.until('catalog requests fail while it is down', (s) => s.filter((x) => x.seq >= downFrom && x.kind === 'catalog').length >= 50);
      await stack.system.startService('catalog');
      upFrom = load.started();
      await load.until('catalog answers again', (s) => s.filter((x) => x.seq >= upFrom && x.kind === 'catalog' && !failed(x)).length >= 50);
    } finally {
      const samples = await load.stop();
      console.info(`catalog restart: ${samples.length} requests, ${samples.filter(failed).length} SERVICE_UNAVAILABLE (all needing catalog while down)`);
      // Every answer is complete or carries the clear error; nothing hangs, nothing is a 5xx.
      const unclear = samples.filter((s) => failed(s) && !(s.status === 200 && s.codes.length > 0 && s.codes.every((c) => c === 'SERVICE_UNAVAILABLE')));
      expect(unclear.map((s) => ({ seq: s.seq, kind: s.kind, status: s.status, codes: s.codes, error: s.error }))).toEqual([]);
      // Only requests that needed catalog failed…
      expect(summary(samples).filter((f) => f.kind !== 'catalog')).toEqual([]);
      // …with a message that names it…
      const whileDown = samples.filter((s) => s.kind === 'catalog' && s.seq >= downFrom && s.seq < upFrom && failed(s));
      expect(whileDown.length).toBeGreaterThanOrEqual(20);
      expect(new Set(whileDown.flatMap((s) => s.messages))).toEqual(new Set(['The catalog service is unavailable; retry later']));
      // …and the same router processes answer again once it is back.
      expect(stack.system.services.filter((s) => s.name.startsWith('router')).map((s) => s.child.pid)).toEqual(routerPids);
      expect(samples.filter((s) => s.kind === 'catalog' && s.seq >= upFrom && !failed(s)).length).toBeGreaterThanOrEqual(50);
    }
  });
});
