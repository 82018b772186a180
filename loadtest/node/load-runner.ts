import { randomBytes } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { arrivalsOf, isOpenModel, phasesOf, profileNamed, thresholdsOf } from '../lib/profiles.js';
import { readResponse, setupScenario, startFlow, type Answer, type FlowRequest, type RunningFlow, type Scenario, type Session, type SetupData } from '../lib/scenario.js';
import { checkThresholds, LoadStats, type LoadReport } from './load-report.js';
import { runArrivals, runTimedFlow, type ArrivalFigures } from './open-model.js';
import { loadScenario } from './scenario-files.js';

export interface LoadOptions {
  /** A file name of loadtest/scenarios without .json. */
  scenario: string;
  /** smoke, baseline, stress, spike, soak or open (loadtest/lib/profiles.js). */
  profile: string;
  /** The open model's arrival rate, iterations per second (default the profile's). */
  rate?: number;
  /** The GraphQL endpoint (…/graphql). */
  graphqlUrl: string;
  /** Total seconds, every stage of the profile stretched or shrunk alike; default the profile's own. */
  seconds?: number;
  /**
   * Each phase ends after this many requests (all answered) instead of after
   * its duration: a fixed amount of work whatever the machine's speed (tests).
   */
  requests?: number;
  /** Only these products (default every active one): tests keep to products no other test asserts on. */
  productIds?: string[];
  /** email → session, reused across runs in one process (fewer logins). */
  sessions?: Record<string, Session>;
  /** Progress lines (default none). */
  log?: (line: string) => void;
}

/** A request that could not be built (a scenario mistake, e.g. picking from an empty list) counts as failed. */
const unbuildable = (error: unknown): Answer => ({ ok: false, data: null, codes: ['SCENARIO_ERROR'], message: (error as Error).message });
const noAnswer = readResponse(0, '');

/** Seconds a request may wait for its answer before it counts as failed (NO_RESPONSE), as autocannon's timeout. */
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Keep-alive connections for the setup and the open model's requests:
 * node:http costs the generator less CPU per request than fetch, which
 * matters when it shares the machine with the system at 1,000 requests/s.
 */
const agents = { 'http:': new http.Agent({ keepAlive: true, maxSockets: 512 }), 'https:': new https.Agent({ keepAlive: true, maxSockets: 512 }) };

function post(url: string, query: string, operationName: string, variables: Record<string, unknown>, token: string | null): Promise<Answer> {
  const body = JSON.stringify({ operationName, query, variables });
  const headers: http.OutgoingHttpHeaders = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const failed = (error: Error): Answer => ({ ...noAnswer, message: `${noAnswer.message}: ${error.message}` });
  return new Promise((resolve) => {
    const secure = url.startsWith('https:');
    const request = (secure ? https : http).request(url, { method: 'POST', agent: agents[secure ? 'https:' : 'http:'], headers, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(readResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
      res.on('error', (error) => resolve(failed(error)));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms`)));
    request.on('error', (error) => resolve(failed(error)));
    request.end(body);
  });
}

interface VirtualUserContext {
  scenario: Scenario;
  data: SetupData;
  documents: Record<string, string>;
  path: string;
  stats: LoadStats;
  keyPrefix: string;
}

/**
 * One autocannon connection as a k6 virtual user: it runs flows of the
 * scenario one request at a time (pipelining 1), each request built from the
 * answer to the previous one. A request left without answer (timeout, reset)
 * is counted as failed when the connection moves on; one still in flight
 * when the phase ends is reported as unfinished (the server may complete it).
 */
function virtualUser(context: VirtualUserContext): { request: autocannon.Request; unfinished(): string | null } {
  let flow: RunningFlow | null = null;
  let inFlight: { operation: string; started: number } | null = null;
  let iterations = 0;
  const nextRequest = () => {
    for (let attempt = 0; ; attempt++) {
      if (!flow || flow.done()) flow = startFlow(context.scenario, context.data, `${context.keyPrefix}-${(iterations++).toString(36)}`);
      try {
        return flow.next();
      } catch (error) {
        context.stats.record(flow.name, null, unbuildable(error));
        flow = null;
        if (attempt >= 10) throw error;
      }
    }
  };
  const request: autocannon.Request = {
    method: 'POST',
    path: context.path,
    setupRequest(request) {
      if (inFlight) {
        context.stats.record(inFlight.operation, null, noAnswer);
        flow = null;
      }
      const next = nextRequest();
      inFlight = { operation: next.operation, started: performance.now() };
      return {
        ...request,
        method: 'POST',
        path: context.path,
        headers: { 'content-type': 'application/json', ...(next.token ? { authorization: `Bearer ${next.token}` } : {}) },
        body: JSON.stringify({ operationName: next.operation, query: context.documents[next.operation], variables: next.variables }),
      };
    },
    onResponse(status, body) {
      if (!inFlight || !flow) return;
      const answer = readResponse(status, body);
      context.stats.record(inFlight.operation, performance.now() - inFlight.started, answer);
      flow.record(answer);
      inFlight = null;
    },
  };
  return { request, unfinished: () => inFlight?.operation ?? null };
}

type Send = (operation: string, variables: Record<string, unknown>, token: string | null) => Promise<Answer>;

interface Loaded {
  scenario: Scenario;
  data: SetupData;
  documents: Record<string, string>;
  send: Send;
  stats: LoadStats;
  run: string;
}

/**
 * The closed model: the profile's phases, each an autocannon run with that
 * many connections, each connection a virtual user waiting for each answer.
 */
async function runPhases(options: LoadOptions, loaded: Loaded, log: (line: string) => void): Promise<LoadReport['phases']> {
  const { scenario, data, documents, stats, run } = loaded;
  const phases = phasesOf(options.profile, options.seconds);
  const done: LoadReport['phases'] = [];
  let connectionNumber = 0;
  const users: Array<ReturnType<typeof virtualUser>> = [];
  for (const [i, phase] of phases.entries()) {
    log(`${options.scenario}/${options.profile}: phase ${i + 1}/${phases.length}, ${phase.connections} connections for ${phase.seconds} s`);
    const result = await autocannon({
      url: options.graphqlUrl,
      connections: phase.connections,
      duration: phase.seconds,
      ...(options.requests ? { amount: Math.max(options.requests, phase.connections) } : {}),
      timeout: REQUEST_TIMEOUT_MS / 1000,
      setupClient: (client) => {
        const user = virtualUser({ scenario, data, documents, path: new URL(options.graphqlUrl).pathname, stats, keyPrefix: `${run}-${++connectionNumber}` });
        users.push(user);
        client.setRequests([user.request]);
      },
    });
    done.push({ ...phase, requests: result.requests.total });
    for (const operation of users.splice(0).map((u) => u.unfinished())) if (operation) stats.unfinished(operation);
  }
  return done;
}

/** One iteration of the open model: a flow of the scenario, timed from when it was due (open-model.ts). */
function openIteration(loaded: Loaded, keyPrefix: string, scheduledAt: number): Promise<void> {
  const flow = startFlow(loaded.scenario, loaded.data, keyPrefix);
  const send = (request: FlowRequest) => loaded.send(request.operation, request.variables, request.token);
  return runTimedFlow(flow, send, (operation, ms, answer) => loaded.stats.record(operation, ms, answer), scheduledAt, unbuildable);
}

/** The open model: iterations started at the profile's (or the given) rate whatever the answers (open-model.ts). */
async function runOpen(options: LoadOptions, loaded: Loaded, log: (line: string) => void): Promise<ArrivalFigures> {
  const arrivals = arrivalsOf(options.profile, options.rate, options.seconds);
  log(`${options.scenario}/${options.profile}: ${arrivals.rate} iterations/s for ${arrivals.seconds} s (open model, at most ${arrivals.maxInFlight} in flight)`);
  let iteration = 0;
  return runArrivals({ ...arrivals, iterate: (scheduledAt) => openIteration(loaded, `${loaded.run}-${(iteration++).toString(36)}`, scheduledAt) });
}

/**
 * Runs a scenario with a profile against a running system: the scenario's
 * setup (fails at once when the target is down or a login is refused), then
 * the load: the profile's phases of virtual users (closed model), or for the
 * open profile, iterations at a constant arrival rate (open model).
 * Resolves with the report (figures per operation, thresholds checked).
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const { scenario, documents } = loadScenario(options.scenario);
  profileNamed(options.profile);
  const send: Send = (operation, variables, token) => post(options.graphqlUrl, documents[operation]!, operation, variables, token);
  let data: SetupData;
  try {
    data = await setupScenario(scenario, { productIds: options.productIds, sessions: options.sessions }, send);
  } catch (error) {
    throw new Error(`setup against ${options.graphqlUrl} failed, is the system up? ${(error as Error).message}`);
  }

  const loaded: Loaded = { scenario, data, documents, send, stats: new LoadStats(), run: randomBytes(4).toString('hex') };
  const startedAt = new Date();
  const started = performance.now();
  const open = isOpenModel(options.profile);
  const arrivals = open ? await runOpen(options, loaded, log) : undefined;
  const phases = open ? [] : await runPhases(options, loaded, log);
  // The open model's rates are over the arrivals' duration: served = offered when every arrival was answered.
  const seconds = arrivals ? arrivals.seconds : (performance.now() - started) / 1000;
  const { total, operations, failureExamples } = loaded.stats.figures(seconds);
  const thresholds = checkThresholds(thresholdsOf(options.profile, scenario), total, arrivals);
  return {
    scenario: options.scenario,
    profile: options.profile,
    target: options.graphqlUrl,
    startedAt: startedAt.toISOString(),
    seconds: (performance.now() - started) / 1000,
    phases,
    ...(arrivals ? { arrivals } : {}),
    total,
    operations,
    thresholds,
    passed: thresholds.every((t) => t.passed),
    failureExamples,
  };
}
