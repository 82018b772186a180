import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getGraphQL, postGraphQL } from '../support/http-client.js';
import { failed, startLoad, type LoadSample } from '../support/load.js';
import { startTestStack, type TestStack } from '../support/stack.js';

/**
 * Losing a router replica or a subgraph under continuous load through the
 * real Nginx. Counts of failed requests, never timings.
 */
const CONCURRENCY = 6;
const SUBGRAPH_TIMEOUT_MS = 4000;

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack({ replicas: 2, env: { SUBGRAPH_TIMEOUT_MS: String(SUBGRAPH_TIMEOUT_MS) } });
});
afterAll(async () => {
  await stack?.stop();
});

const portOf = (name: string) => new URL(stack.system.services.find((s) => s.name === name)!.baseUrl).port;
const servedByReplica = (name: string) => (s: LoadSample) => s.servedBy?.endsWith(`:${portOf(name)}`) ?? false;
const summary = (samples: LoadSample[]) =>
  samples.filter(failed).map((s) => ({ seq: s.seq, kind: s.kind, status: s.status, codes: s.codes, error: s.error }));

describe('router replicas behind Nginx under load', () => {
  it('when a replica gets SIGTERM under load and is started again later, then not one request fails', async () => {
    const load = startLoad({
      concurrency: CONCURRENCY,
      maxRequests: 20_000,
      send: (seq, agent) => ({ kind: 'post', reply: postGraphQL(stack.url, `query Load${seq % 2} { categories }`, { agent, timeoutMs: 60_000 }) }),
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
          ? { kind: 'post', reply: postGraphQL(stack.url, '{ categories }', { agent, timeoutMs: 60_000 }) }
          : { kind: 'get', reply: getGraphQL(stack.url, '{ categories }', { agent, timeoutMs: 60_000 }) },
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
          ? { kind: 'catalog', reply: postGraphQL(stack.url, '{ categories }', { agent, timeoutMs: SUBGRAPH_TIMEOUT_MS + 20_000 }) }
          : { kind: 'inventory', reply: postGraphQL(stack.url, '{ stores { code } }', { agent, timeoutMs: SUBGRAPH_TIMEOUT_MS + 20_000 }) },
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
