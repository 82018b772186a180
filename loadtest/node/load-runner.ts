import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { phasesOf, profileNamed, thresholdsOf } from '../lib/profiles.js';
import { readResponse, setupScenario, startFlow, type Answer, type RunningFlow, type Scenario, type Session, type SetupData } from '../lib/scenario.js';
import { checkThresholds, LoadStats, type LoadReport } from './load-report.js';
import { loadScenario } from './scenario-files.js';

export interface LoadOptions {
  /** A file name of loadtest/scenarios without .json. */
  scenario: string;
  /** smoke, baseline, stress, spike or soak (loadtest/lib/profiles.js). */
  profile: string;
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

async function post(url: string, query: string, operationName: string, variables: Record<string, unknown>, token: string | null): Promise<Answer> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ operationName, query, variables }),
    });
    return readResponse(res.status, await res.text());
  } catch (error) {
    return { ...noAnswer, message: `${noAnswer.message}: ${(error as Error).message}` };
  }
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

/**
 * Runs a scenario with a profile against a running system: the scenario's
 * setup (fails at once when the target is down or a login is refused), then
 * the profile's phases, each an autocannon run with that many connections.
 * Resolves with the report (figures per operation, thresholds checked).
 */
export async function runLoad(options: LoadOptions): Promise<LoadReport> {
  const log = options.log ?? (() => undefined);
  const { scenario, documents } = loadScenario(options.scenario);
  profileNamed(options.profile);
  const send = (operation: string, variables: Record<string, unknown>, token: string | null) => post(options.graphqlUrl, documents[operation]!, operation, variables, token);
  let data: SetupData;
  try {
    data = await setupScenario(scenario, { productIds: options.productIds, sessions: options.sessions }, send);
  } catch (error) {
    throw new Error(`setup against ${options.graphqlUrl} failed, is the system up? ${(error as Error).message}`);
  }

  const stats = new LoadStats();
  const run = randomBytes(4).toString('hex');
  const phases = phasesOf(options.profile, options.seconds);
  const done: LoadReport['phases'] = [];
  const startedAt = new Date();
  const started = performance.now();
  let connectionNumber = 0;
  const users: Array<ReturnType<typeof virtualUser>> = [];
  for (const [i, phase] of phases.entries()) {
    log(`${options.scenario}/${options.profile}: phase ${i + 1}/${phases.length}, ${phase.connections} connections for ${phase.seconds} s`);
    const result = await autocannon({
      url: options.graphqlUrl,
      connections: phase.connections,
      duration: phase.seconds,
      ...(options.requests ? { amount: Math.max(options.requests, phase.connections) } : {}),
      timeout: 10,
      setupClient: (client) => {
        const user = virtualUser({ scenario, data, documents, path: new URL(options.graphqlUrl).pathname, stats, keyPrefix: `${run}-${++connectionNumber}` });
        users.push(user);
        client.setRequests([user.request]);
      },
    });
    done.push({ ...phase, requests: result.requests.total });
    for (const operation of users.splice(0).map((u) => u.unfinished())) if (operation) stats.unfinished(operation);
  }
  const seconds = (performance.now() - started) / 1000;
  const { total, operations, failureExamples } = stats.figures(seconds);
  const thresholds = checkThresholds(thresholdsOf(options.profile, scenario), total);
  return {
    scenario: options.scenario,
    profile: options.profile,
    target: options.graphqlUrl,
    startedAt: startedAt.toISOString(),
    seconds,
    phases: done,
    total,
    operations,
    thresholds,
    passed: thresholds.every((t) => t.passed),
    failureExamples,
  };
}
