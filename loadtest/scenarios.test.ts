import { Kind, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { apiSchema, executeMock } from '../test/support/mock-graphql-api.js';
import { arrivalsOf, isOpenModel, k6Options, phasesOf, profiles, thresholdsOf } from './lib/profiles.js';
import { operationsOf, readResponse, setupScenario, startFlow, type Answer, type Scenario, type SetupData } from './lib/scenario.js';
import { loadScenario, operationNames, readOperation, scenarioNames } from './node/scenario-files.js';

const operationOf = (name: string) => parse(readOperation(name)).definitions[0] as OperationDefinitionNode;
const send = (documents: Record<string, string>) => (operation: string, variables: Record<string, unknown>): Answer =>
  readResponse(200, JSON.stringify(executeMock({ query: documents[operation]!, variables, operationName: operation })));

describe('load test operations (loadtest/operations)', () => {
  it.each(operationNames())('when %s.graphql is read, then it holds one operation of that name, valid against the supergraph', (name) => {
    const document = parse(readOperation(name));
    expect(document.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? d.name?.value : d.kind))).toEqual([name]);
    expect(validate(apiSchema, document).map((e) => e.message)).toEqual([]);
  });
});

describe('load test scenarios (loadtest/scenarios)', () => {
  it('when the scenarios are listed, then every user activity of the issue and the classic mix are there', () => {
    expect(scenarioNames()).toEqual(['classic', 'dashboard-report', 'product-search', 'product-update', 'replenishment', 'returns', 'sale-recording', 'store-stock']);
  });

  it.each(scenarioNames())('when %s is read, then its flows have positive weights and name existing operations with every required variable and no unknown one', (name) => {
    const { scenario } = loadScenario(name);
    expect(scenario.description.length).toBeGreaterThan(20);
    expect(scenario.flows.length).toBeGreaterThan(0);
    for (const flow of scenario.flows) {
      expect({ flow: flow.name, weight: flow.weight > 0, steps: flow.steps.length > 0 }).toEqual({ flow: flow.name, weight: true, steps: true });
      for (const step of flow.steps) {
        expect(operationNames()).toContain(step.operation);
        const definitions = operationOf(step.operation).variableDefinitions ?? [];
        const given = Object.keys(step.variables ?? {});
        const required = definitions.filter((v) => v.type.kind === Kind.NON_NULL_TYPE && !v.defaultValue).map((v) => v.variable.name.value);
        const declared = definitions.map((v) => v.variable.name.value);
        expect({ step: step.operation, missing: required.filter((v) => !given.includes(v)), unknown: given.filter((v) => !declared.includes(v)) }).toEqual({ step: step.operation, missing: [], unknown: [] });
      }
    }
    expect(operationsOf(scenario).every((op) => operationNames().includes(op))).toBe(true);
  });

  it.each(scenarioNames())('when every flow of %s runs against the API schema with made-up data, then each step is valid and the flow completes', async (name) => {
    const { scenario, documents } = loadScenario(name);
    const data = (await setupScenario(scenario, {}, send(documents))) as SetupData;
    for (const flow of scenario.flows) {
      const running = startFlow({ ...scenario, flows: [flow] } as Scenario, data, 'test');
      const answers: Array<{ operation: string; codes: string[]; message: string }> = [];
      while (!running.done()) {
        const request = running.next();
        const answer = send(documents)(request.operation, request.variables);
        answers.push({ operation: request.operation, codes: answer.codes, message: answer.ok ? '' : answer.message });
        running.record(answer);
      }
      expect(answers).toEqual(flow.steps.map((s) => ({ operation: s.operation, codes: [], message: '' })));
    }
  });

  it('when the classic mix is weighed, then stock reads, report reads and product updates are a third each, one request per iteration', () => {
    const { scenario } = loadScenario('classic');
    const share = (operations: string[]) => scenario.flows.filter((f) => operations.includes(f.steps[0]!.operation)).reduce((n, f) => n + f.weight, 0);
    const total = share(['StoreStockPage', 'SalesReport', 'Dashboard', 'UpdateProduct']);
    expect(scenario.flows.every((f) => f.steps.length === 1)).toBe(true);
    expect([share(['StoreStockPage']), share(['SalesReport', 'Dashboard']), share(['UpdateProduct'])].map((n) => n / total)).toEqual([1 / 3, 1 / 3, 1 / 3]);
  });
});

describe('load profiles (loadtest/lib/profiles.js)', () => {
  it('when any profile is read, then it has stages (or, the open model, an arrival rate) and thresholds on error rate, p95 and p99', () => {
    expect(Object.keys(profiles).sort()).toEqual(['baseline', 'open', 'smoke', 'soak', 'spike', 'stress']);
    for (const [name, profile] of Object.entries(profiles)) {
      expect({ name, load: isOpenModel(name) ? profile.rate! > 0 : profile.stages!.length > 0 }).toEqual({ name, load: true });
      expect({ name, ...profile.thresholds }).toMatchObject({ name, errorRate: expect.any(Number), p95: expect.any(Number), p99: expect.any(Number) });
    }
  });

  it('when stress is played by the Node runner, then connections climb in steps to 200 and hold there', () => {
    const phases = phasesOf('stress');
    const connections = phases.map((p) => p.connections);
    const peak = connections.indexOf(200);
    expect(peak).toBeGreaterThanOrEqual(4);
    expect(connections.slice(0, peak + 1)).toEqual([...connections.slice(0, peak + 1)].sort((a, b) => a - b));
    expect(phases[peak]!.seconds).toBeGreaterThanOrEqual(60);
    expect(Math.max(...connections)).toBe(200);
  });

  it('when a duration is given, then every phase shrinks alike to that total', () => {
    const total = (name: string, seconds?: number) => phasesOf(name, seconds).reduce((n, p) => n + p.seconds, 0);
    expect(total('smoke', 3)).toBeCloseTo(3);
    expect(total('spike', 11)).toBeCloseTo(11 * (1 - 10 / 110), 1); // the final ramp to zero is one step, at zero: left out
    expect(phasesOf('smoke')).toEqual([{ connections: 2, seconds: 30 }]);
  });

  it('when k6 options are built, then the load (not the setup) is held to the error rate, p95, p99 and, for the classic stress, the target throughput', () => {
    const options = k6Options('classic', 'stress', loadScenario('classic').scenario);
    expect(options.scenarios.classic).toMatchObject({ executor: 'ramping-vus', stages: profiles.stress.stages });
    expect(options.thresholds).toEqual({
      'graphql_errors{phase:load}': ['rate<=0'],
      'http_req_failed{phase:load}': ['rate<=0'],
      'http_req_duration{phase:load}': ['p(95)<=100', 'p(99)<=1500'],
      'http_reqs{phase:load}': ['rate>=1000'],
    });
    expect(thresholdsOf('smoke', loadScenario('classic').scenario)).toEqual(profiles.smoke.thresholds);
  });

  it('when the open profile builds k6 options, then it is a constant arrival rate of 1,000/s for 30 s (or the rate and duration given) held to 0 errors, p95 100 ms, p99 250 ms', () => {
    const classic = loadScenario('classic').scenario;
    expect(k6Options('classic', 'open', classic).scenarios.classic).toMatchObject({ executor: 'constant-arrival-rate', rate: 1000, timeUnit: '1s', duration: '30s', maxVUs: 2000 });
    expect(k6Options('classic', 'open', classic, { rate: '250', duration: '5s' }).scenarios.classic).toMatchObject({ rate: 250, duration: '5s' });
    expect(k6Options('classic', 'open', classic).thresholds).toEqual({
      'graphql_errors{phase:load}': ['rate<=0'],
      'http_req_failed{phase:load}': ['rate<=0'],
      'http_req_duration{phase:load}': ['p(95)<=100', 'p(99)<=250'],
    });
  });

  it('when the Node runner reads the open profile, then it gets arrivals, not phases', () => {
    expect(arrivalsOf('open')).toEqual({ rate: 1000, seconds: 30, maxInFlight: 2000 });
    expect(arrivalsOf('open', 200, 5)).toEqual({ rate: 200, seconds: 5, maxInFlight: 2000 });
    expect(() => phasesOf('open')).toThrow('open model');
    expect(() => arrivalsOf('smoke')).toThrow('not an open model');
  });
});
