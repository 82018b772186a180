import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { executeMock } from '../../test/support/mock-graphql-api.js';
import { profiles } from '../lib/profiles.js';

/**
 * k6 is not installable here: the k6 script runs under Vitest with k6's
 * modules replaced by recording fakes (http.post answered by the API schema
 * with made-up data), which checks its logic; `node --check` checks that
 * every k6 file is a valid ES module.
 */
const state = vi.hoisted(() => ({
  posts: [] as Array<{ url: string; operation: string; authorization?: string; tags: Record<string, string> }>,
  metrics: [] as Array<{ metric: string; value: number | boolean; tags: Record<string, string> }>,
  aborted: [] as string[],
  respond: (_body: { operationName: string }) => ({ status: 200, body: '{}' }) as { status: number; body: string | null },
}));

vi.mock('k6/http', () => ({
  default: {
    post(url: string, body: string, params: { headers: Record<string, string>; tags: Record<string, string> }) {
      const parsed = JSON.parse(body) as { operationName: string };
      state.posts.push({ url, operation: parsed.operationName, authorization: params.headers.authorization, tags: params.tags });
      return state.respond(parsed);
    },
  },
}));
vi.mock('k6', () => ({
  check: (value: unknown, sets: Record<string, (v: unknown) => boolean>) => Object.values(sets).every((f) => f(value)),
  sleep: () => undefined,
}));
vi.mock('k6/metrics', () => {
  class Metric {
    constructor(readonly name: string) {}
    add(value: number | boolean, tags: Record<string, string>) {
      state.metrics.push({ metric: this.name, value, tags });
    }
  }
  return { Rate: Metric, Counter: Metric };
});
vi.mock('k6/execution', () => ({
  default: {
    vu: { idInTest: 1, iterationInInstance: 0 },
    test: {
      abort(message: string) {
        state.aborted.push(message);
        throw new Error('test aborted');
      },
    },
  },
}));

const k6Dir = import.meta.dirname;
const answerFromSchema = (body: { operationName: string }) => ({ status: 200, body: JSON.stringify(executeMock(body as Parameters<typeof executeMock>[0])) });

interface K6Script {
  options: { scenarios: Record<string, { stages: unknown }>; thresholds: Record<string, string[]> };
  setup(): unknown;
  default(data: unknown): void;
}

/** The script as k6 would start it: __ENV and open() in the init context. */
async function loadScript(env: Record<string, string>): Promise<K6Script> {
  vi.resetModules();
  Object.assign(globalThis, { __ENV: env, open: (file: string) => readFileSync(path.resolve(k6Dir, file), 'utf8') });
  return (await import('./scenario.js' as string)) as K6Script;
}

beforeEach(() => {
  state.posts.length = 0;
  state.metrics.length = 0;
  state.aborted.length = 0;
  state.respond = answerFromSchema;
});

describe('k6 script (loadtest/k6/scenario.js) under fake k6 modules', () => {
  it('when sale-recording runs against an answering API, then setup signs the clerks in and each iteration sends a flow to BASE_URL/graphql with a clerk token, none failed', async () => {
    const script = await loadScript({ SCENARIO: 'sale-recording', BASE_URL: 'http://shop.test:8080/' });
    const data = script.setup();
    const logins = state.posts.filter((p) => p.operation === 'Login');
    expect(logins).toHaveLength(6);
    expect(state.posts.every((p) => p.url === 'http://shop.test:8080/graphql' && p.tags.phase === 'setup')).toBe(true);

    state.posts.length = 0;
    // A low-discrepancy sequence instead of Math.random: 30 iterations spread
    // over the whole weight range, so every flow is chosen on every run.
    let draw = 0;
    const random = vi.spyOn(Math, 'random').mockImplementation(() => (draw++ * 0.6180339887) % 1);
    try {
      for (let i = 0; i < 30; i++) script.default(data);
    } finally {
      random.mockRestore();
    }
    expect(state.posts).toHaveLength(30);
    expect(new Set(state.posts.map((p) => p.operation))).toEqual(new Set(['RecordSale', 'StoreSales']));
    expect(state.posts.every((p) => p.authorization?.startsWith('Bearer ') && p.tags.phase === 'load' && p.tags.name === p.operation)).toBe(true);
    const errors = state.metrics.filter((m) => m.metric === 'graphql_errors' && m.tags.phase === 'load');
    expect(errors).toHaveLength(30);
    expect(errors.every((m) => m.value === false)).toBe(true);
  });

  it('when the API answers a GraphQL error with status 200, then graphql_errors counts a failure with its code and the flow stops', async () => {
    state.respond = (body) =>
      body.operationName === 'RecordSale' ? { status: 200, body: JSON.stringify({ data: null, errors: [{ message: 'no', extensions: { code: 'INSUFFICIENT_STOCK' } }] }) } : answerFromSchema(body);
    const script = await loadScript({ SCENARIO: 'returns' });
    const data = script.setup();
    state.metrics.length = 0;
    state.posts.length = 0;
    script.default(data);
    expect(state.posts.map((p) => p.operation)).toEqual(['RecordSale']);
    expect(state.metrics).toEqual([
      { metric: 'graphql_errors', value: true, tags: { name: 'RecordSale', operation: 'RecordSale', phase: 'load' } },
      { metric: 'graphql_error_codes', value: 1, tags: { operation: 'RecordSale', phase: 'load', code: 'INSUFFICIENT_STOCK' } },
    ]);
  });

  it('when the target does not answer, then setup aborts the whole test naming the URL', async () => {
    state.respond = () => ({ status: 0, body: null });
    const script = await loadScript({ SCENARIO: 'classic', BASE_URL: 'http://down.test:9' });
    expect(() => script.setup()).toThrow('test aborted');
    expect(state.aborted).toHaveLength(1);
    expect(state.aborted[0]).toContain('http://down.test:9/graphql');
    expect(state.aborted[0]).toContain('NO_RESPONSE');
  });

  it('when a login is refused, then setup aborts before any load', async () => {
    state.respond = (body) =>
      body.operationName === 'Login' ? { status: 200, body: JSON.stringify({ data: null, errors: [{ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED' } }] }) } : answerFromSchema(body);
    const script = await loadScript({ SCENARIO: 'dashboard-report' });
    expect(() => script.setup()).toThrow('test aborted');
    expect(state.aborted[0]).toContain('Login as admin@retail.test failed: UNAUTHENTICATED');
  });

  it('when PROFILE is stress, then the options ramp as the stress profile with the scenario\'s thresholds', async () => {
    const script = await loadScript({ SCENARIO: 'classic', PROFILE: 'stress' });
    expect(script.options.scenarios.classic!.stages).toEqual(profiles.stress.stages);
    expect(script.options.thresholds['graphql_errors{phase:load}']).toEqual(['rate<=0']);
  });

  it('when PROFILE is open with RATE and DURATION, then the options are a constant arrival rate of that rate for that long', async () => {
    const script = await loadScript({ SCENARIO: 'classic', PROFILE: 'open', RATE: '500', DURATION: '10s' });
    expect(script.options.scenarios.classic).toMatchObject({ executor: 'constant-arrival-rate', rate: 500, duration: '10s', timeUnit: '1s' });
    expect(script.options.thresholds['http_req_duration{phase:load}']).toEqual(['p(95)<=100', 'p(99)<=250']);
  });

  it('when SCENARIO is not set, then the script refuses to start and says how to set it', async () => {
    await expect(loadScript({})).rejects.toThrow('-e SCENARIO=');
  });
});

describe('k6 files are ES modules k6 can load', { timeout: 30_000 }, () => {
  const files = ['k6/scenario.js', 'lib/graphql.js', 'lib/scenario.js', 'lib/profiles.js'].map((f) => path.join(k6Dir, '..', f));
  const imports = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]!);

  it('when every .js file of loadtest/k6 and loadtest/lib is parsed as an ES module, then none has a syntax error', () => {
    expect(readdirSync(k6Dir).filter((f) => f.endsWith('.js'))).toEqual(['scenario.js']);
    for (const file of files) {
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' });
      expect({ file, status: check.status, stderr: check.stderr }).toEqual({ file, status: 0, stderr: '' });
    }
  });

  it('when their imports are read, then they use only k6 modules and each other; the shared modules import nothing (Node loads them too)', () => {
    for (const file of files) {
      expect({ file, imports: imports(file).filter((i) => !i.startsWith('k6') && !i.startsWith('./') && !i.startsWith('../lib/')) }).toEqual({ file, imports: [] });
    }
    expect(imports(files[2]!)).toEqual([]);
    expect(imports(files[3]!)).toEqual([]);
  });
});
