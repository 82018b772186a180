import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { subgraphCircuitState, subgraphFetches, subgraphRetries } from './gateway-metrics.js';
import type { RouterContext } from './router-context.js';
import { SubgraphDataSource } from './subgraph-data-source.js';
import { loadConfig } from '../platform/config/config.js';
import { isQueryOperation, outageKind, resilienceOptions, type SubgraphResilienceOptions } from './subgraph-resilience.js';

/**
 * The router's data source against a real HTTP peer on a free port that
 * answers each request as the test scripts it: a GraphQL answer, a reset
 * connection, an HTTP status, or no answer at all.
 */
type Answer = 'ok' | 'graphql-error' | 'reset' | 'hang' | 400 | 500 | 502 | 503;

interface Peer {
  url: string;
  hits: number;
  /** Answers for the next requests, in order; then `otherwise`. */
  script: Answer[];
  otherwise: Answer;
  /** Stops listening: connections are refused until start(). */
  stop(): Promise<void>;
  start(): Promise<void>;
}

const peers: http.Server[] = [];
afterEach(async () => {
  for (const server of peers.splice(0)) {
    server.closeAllConnections();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  }
});

async function startPeer(otherwise: Answer = 'ok'): Promise<Peer> {
  const server = http.createServer((req, res) => {
    peer.hits++;
    const answer = peer.script.shift() ?? peer.otherwise;
    req.resume();
    if (answer === 'reset') return req.socket.destroy();
    if (answer === 'hang') return;
    res.setHeader('content-type', 'application/json');
    if (typeof answer === 'number') {
      res.statusCode = answer;
      return res.end(JSON.stringify({ errors: [{ message: `status ${answer}` }] }));
    }
    if (answer === 'graphql-error') return res.end(JSON.stringify({ data: null, errors: [{ message: 'Not found', extensions: { code: 'NOT_FOUND' } }] }));
    res.end(JSON.stringify({ data: { ok: true } }));
  });
  peers.push(server);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const peer: Peer = {
    url: `http://127.0.0.1:${port}/graphql`,
    hits: 0,
    script: [],
    otherwise,
    async stop() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
    async start() {
      server.listen(port, '127.0.0.1');
      await once(server, 'listening');
    },
  };
  return peer;
}

let sources = 0;
function dataSource(peer: Peer, options: Partial<SubgraphResilienceOptions> = {}) {
  const subgraph = `test-${++sources}`;
  const source = new SubgraphDataSource(subgraph, peer.url, {
    subgraph,
    timeoutMs: 5_000,
    attemptTimeoutMs: 5_000,
    retries: 2,
    retryDelayMs: 1,
    breakerThreshold: 100,
    breakerOpenMs: 60_000,
    ...options,
  });
  return { subgraph, source };
}

const QUERY = 'query Stock__inventory__0{ok}';
const MUTATION = 'mutation Sell__sales__0{ok}';

function send(source: SubgraphDataSource, query: string) {
  const options = { kind: 'incoming operation', request: { query, variables: {} }, incomingRequestContext: {}, context: {} };
  return source.process(options as unknown as GraphQLDataSourceProcessOptions<RouterContext>);
}

async function waitUntil(condition: () => boolean) {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 5_000) throw new Error('condition not met in 5 s');
    await sleep(10);
  }
}

/** The GraphQL error a failed fetch rejects with. */
async function failure(reply: Promise<unknown>) {
  const error = await reply.then(
    () => undefined,
    (e: unknown) => e as { message: string; extensions: Record<string, unknown> },
  );
  expect(error).toBeDefined();
  return { message: error!.message, code: error!.extensions.code, circuit: error!.extensions.circuit };
}

async function sample(metric: typeof subgraphRetries | typeof subgraphCircuitState | typeof subgraphFetches, labels: Record<string, string>): Promise<number> {
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, l]) => (v.labels as Record<string, unknown>)[k] === l));
  return match?.value ?? 0;
}

describe('which subgraph operations may be retried', () => {
  it('when the gateway sends a query (named, anonymous or shorthand), then it is retryable; a mutation, subscription or anything unclear is not', () => {
    expect(isQueryOperation('query Q__inventory__0($id:ID!){product(id:$id){id}}')).toBe(true);
    expect(isQueryOperation('{ categories }')).toBe(true);
    expect(isQueryOperation('  query{_entities(representations:[]){__typename}}')).toBe(true);
    expect(isQueryOperation('mutation M__sales__0{recordSale{id}}')).toBe(false);
    expect(isQueryOperation('subscription { x }')).toBe(false);
    expect(isQueryOperation('fragment F on Query { x } query { ...F }')).toBe(false);
    expect(isQueryOperation(undefined)).toBe(false);
    // The parsed document, when the gateway hands it over, decides.
    expect(isQueryOperation('query X { x }', parse('mutation X { x }'))).toBe(false);
  });

  it('when errors are classified, then only network failures, timeouts and 502/503/504 are outages', () => {
    const fetchFailed = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
    expect(outageKind(fetchFailed('ECONNREFUSED'))).toBe('connection_refused');
    expect(outageKind(fetchFailed('ECONNRESET'))).toBe('connection_reset');
    expect(outageKind(fetchFailed('UND_ERR_SOCKET'))).toBe('connection_reset');
    expect(outageKind(fetchFailed('ENOTFOUND'))).toBe('unreachable');
    expect(outageKind(new DOMException('late', 'TimeoutError'))).toBe('timeout');
    expect(outageKind(new Error('Cannot return null for non-nullable field'))).toBeNull();
  });
});

describe('retries of subgraph fetches', () => {
  it('when a query meets a reset connection, then a 502, then a 503, then it is sent again and answered', async () => {
    const peer = await startPeer();
    const { subgraph, source } = dataSource(peer, { retries: 3 });
    peer.script = ['reset', 502, 503];
    expect((await send(source, QUERY)).data).toEqual({ ok: true });
    expect(peer.hits).toBe(4);
    expect(await sample(subgraphRetries, { subgraph, reason: 'connection_reset' })).toBe(1);
    expect(await sample(subgraphRetries, { subgraph, reason: 'bad_gateway' })).toBe(1);
    expect(await sample(subgraphRetries, { subgraph, reason: 'unavailable' })).toBe(1);
  });

  it('when the subgraph refuses connections, then a query is tried the configured number of times and fails with SERVICE_UNAVAILABLE', async () => {
    const peer = await startPeer();
    await peer.stop();
    const { subgraph, source } = dataSource(peer, { retries: 2 });
    expect(await failure(send(source, QUERY))).toEqual({ message: `The ${subgraph} service is unavailable; retry later`, code: 'SERVICE_UNAVAILABLE', circuit: undefined });
    expect(await sample(subgraphRetries, { subgraph, reason: 'connection_refused' })).toBe(2);
    expect(await sample(subgraphFetches, { subgraph, outcome: 'failure' })).toBe(1);
  });

  it('when a mutation meets a reset connection or a 503, then it is sent once only and fails with SERVICE_UNAVAILABLE', async () => {
    const peer = await startPeer();
    const { subgraph, source } = dataSource(peer, { retries: 3 });
    peer.script = ['reset'];
    expect((await failure(send(source, MUTATION))).code).toBe('SERVICE_UNAVAILABLE');
    expect(peer.hits).toBe(1);
    peer.script = [503];
    expect((await failure(send(source, MUTATION))).code).toBe('SERVICE_UNAVAILABLE');
    expect(peer.hits).toBe(2);
    expect(await sample(subgraphRetries, { subgraph, reason: 'unavailable' })).toBe(0);
  });

  it('when a query fails for another reason (GraphQL error, 400, 500), then it is not sent again and the circuit stays closed', async () => {
    const peer = await startPeer();
    const { source } = dataSource(peer, { retries: 3, breakerThreshold: 1 });
    peer.script = ['graphql-error'];
    expect((await send(source, QUERY)).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    peer.script = [400];
    expect((await failure(send(source, QUERY))).code).not.toBe('SERVICE_UNAVAILABLE');
    peer.script = [500];
    expect((await failure(send(source, QUERY))).code).not.toBe('SERVICE_UNAVAILABLE');
    expect(peer.hits).toBe(3);
    expect((await send(source, QUERY)).data).toEqual({ ok: true });
    expect(peer.hits).toBe(4);
  });

  it('when an attempt of a query outlives its attempt timeout, then it is abandoned and sent again within the deadline', async () => {
    const peer = await startPeer();
    const { subgraph, source } = dataSource(peer, { timeoutMs: 5_000, attemptTimeoutMs: 200 });
    peer.script = ['hang'];
    expect((await send(source, QUERY)).data).toEqual({ ok: true });
    expect(peer.hits).toBe(2);
    expect(await sample(subgraphRetries, { subgraph, reason: 'timeout' })).toBe(1);
  });

  it('when the subgraph does not answer within the deadline, then the fetch fails with SERVICE_UNAVAILABLE "did not answer in time", without another attempt', async () => {
    const peer = await startPeer('hang');
    const { subgraph, source } = dataSource(peer, { timeoutMs: 300, attemptTimeoutMs: 300 });
    expect(await failure(send(source, QUERY))).toEqual({ message: `The ${subgraph} service did not answer in time; retry later`, code: 'SERVICE_UNAVAILABLE', circuit: undefined });
    expect(peer.hits).toBe(1);
  });
});

describe('circuit breaker of a subgraph', () => {
  it('when attempts fail in a row up to the threshold, then the circuit opens and fails fast without reaching the subgraph', async () => {
    const peer = await startPeer(503);
    const { subgraph, source } = dataSource(peer, { retries: 0, breakerThreshold: 3, breakerOpenMs: 60_000 });
    expect(await sample(subgraphCircuitState, { subgraph, state: 'closed' })).toBe(1);
    for (let i = 0; i < 3; i++) expect((await failure(send(source, QUERY))).circuit).toBeUndefined();
    expect(peer.hits).toBe(3);
    expect(await sample(subgraphCircuitState, { subgraph, state: 'open' })).toBe(1);
    expect(await sample(subgraphCircuitState, { subgraph, state: 'closed' })).toBe(0);

    peer.otherwise = 'ok'; // back, but the circuit does not know yet
    for (const query of [QUERY, MUTATION]) {
      expect(await failure(send(source, query))).toEqual({ message: `The ${subgraph} service is unavailable; retry later`, code: 'SERVICE_UNAVAILABLE', circuit: 'open' });
    }
    expect(peer.hits).toBe(3);
    expect(await sample(subgraphFetches, { subgraph, outcome: 'circuit_open' })).toBe(2);
  });

  it('when a query is retried while the circuit opens, then the retries stop at the open circuit', async () => {
    const peer = await startPeer(503);
    const { source } = dataSource(peer, { retries: 5, breakerThreshold: 2 });
    expect((await failure(send(source, QUERY))).circuit).toBe('open');
    expect(peer.hits).toBe(2);
  });

  it('when the open delay has passed and the probe fails, then the circuit opens again; when a later probe succeeds, then it closes and every call goes through', async () => {
    const peer = await startPeer();
    await peer.stop();
    const { subgraph, source } = dataSource(peer, { retries: 0, breakerThreshold: 2, breakerOpenMs: 300 });
    await failure(send(source, QUERY));
    await failure(send(source, QUERY));
    expect(await sample(subgraphCircuitState, { subgraph, state: 'open' })).toBe(1);

    await sleep(400);
    expect((await failure(send(source, QUERY))).circuit).toBeUndefined(); // the probe reached for the subgraph, still down
    expect(await sample(subgraphCircuitState, { subgraph, state: 'open' })).toBe(1);
    expect((await failure(send(source, QUERY))).circuit).toBe('open');

    await peer.start();
    expect((await failure(send(source, QUERY))).circuit).toBe('open'); // up, but the delay has not passed
    expect(peer.hits).toBe(0);
    await sleep(400);
    expect((await send(source, MUTATION)).data).toEqual({ ok: true }); // the probe
    expect(await sample(subgraphCircuitState, { subgraph, state: 'closed' })).toBe(1);
    expect(await sample(subgraphCircuitState, { subgraph, state: 'half_open' })).toBe(0);
    // (Different queries: identical ones in flight at once are sent once, inflight-queries.ts.)
    await Promise.all([send(source, QUERY), send(source, QUERY.replace('__0', '__1')), send(source, MUTATION)]);
    expect(peer.hits).toBe(4);
  });

  it('when the fetches in flight together are all reset at once (a replica dying), then that counts as one failure: the circuit stays closed and the next fetch is served', async () => {
    const peer = await startPeer('hang');
    const { subgraph, source } = dataSource(peer, { retries: 0, breakerThreshold: 3 });
    const inFlight = Array.from({ length: 5 }, (_, i) => failure(send(source, MUTATION.replace('__0', `__${i}`))));
    await waitUntil(() => peer.hits === 5);
    await peer.stop();
    await peer.start();
    peer.otherwise = 'ok';
    for (const reply of await Promise.all(inFlight)) expect(reply).toEqual({ message: `The ${subgraph} service is unavailable; retry later`, code: 'SERVICE_UNAVAILABLE', circuit: undefined });
    expect((await send(source, MUTATION)).data).toEqual({ ok: true });
    expect(await sample(subgraphCircuitState, { subgraph, state: 'closed' })).toBe(1);

    // Resets one after another are separate failures: the circuit opens at the threshold.
    peer.otherwise = 'reset';
    for (let i = 0; i < 3; i++) expect((await failure(send(source, MUTATION))).circuit).toBeUndefined();
    expect((await failure(send(source, MUTATION))).circuit).toBe('open');
  });

  it('when failures alternate with successes, then the circuit stays closed (consecutive failures only)', async () => {
    const peer = await startPeer();
    const { subgraph, source } = dataSource(peer, { retries: 0, breakerThreshold: 2 });
    for (let i = 0; i < 4; i++) {
      peer.script = [503];
      await failure(send(source, QUERY));
      expect((await send(source, QUERY)).data).toEqual({ ok: true });
    }
    expect(await sample(subgraphCircuitState, { subgraph, state: 'closed' })).toBe(1);
  });
});

describe('resilience settings', () => {
  it('when some subgraphs have their own timeout, then theirs applies to them (attempts included) and SUBGRAPH_TIMEOUT_MS to the others', () => {
    const c = loadConfig({ SUBGRAPH_TIMEOUT_MS: '8000', SUBGRAPH_TIMEOUTS_MS: 'reporting=20000, catalog=3000', SUBGRAPH_RETRIES: '1' });
    expect(resilienceOptions('reporting', c)).toMatchObject({ subgraph: 'reporting', timeoutMs: 20_000, attemptTimeoutMs: 20_000, retries: 1 });
    expect(resilienceOptions('catalog', c)).toMatchObject({ timeoutMs: 3_000, attemptTimeoutMs: 3_000 });
    expect(resilienceOptions('inventory', c)).toMatchObject({ timeoutMs: 8_000, attemptTimeoutMs: 8_000 });
    expect(resilienceOptions('inventory', loadConfig({ SUBGRAPH_ATTEMPT_TIMEOUT_MS: '1500' }))).toMatchObject({ timeoutMs: 10_000, attemptTimeoutMs: 1_500, retries: 2, breakerThreshold: 5, breakerOpenMs: 5_000 });
  });

  it('when a per-subgraph timeout names no subgraph or is below 100 ms, then the configuration is refused', () => {
    expect(() => loadConfig({ SUBGRAPH_TIMEOUTS_MS: 'payments=2000' })).toThrow(/SUBGRAPH_TIMEOUTS_MS/);
    expect(() => loadConfig({ SUBGRAPH_TIMEOUTS_MS: 'reporting=50' })).toThrow(/SUBGRAPH_TIMEOUTS_MS/);
    expect(() => loadConfig({ SUBGRAPH_TIMEOUTS_MS: 'reporting:2000' })).toThrow(/SUBGRAPH_TIMEOUTS_MS/);
  });
});
