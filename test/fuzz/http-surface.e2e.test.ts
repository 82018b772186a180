import fc from 'fast-check';
import { describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../platform/config/config.js';
import { metricSample } from '../support/metrics-sample.js';
import { problemsOf, sendCase, type HttpCase } from './answer-checks.js';
import { brokenFraming, nastyRequests } from './nasty-requests.js';
import { rawExchange } from './raw-http.js';
import { fuzzRequest } from './request-arbitraries.js';

/**
 * Malformed input against the HTTP/GraphQL surface: the router (what clients
 * reach) and one subgraph directly (which refuses unsigned requests with 401,
 * an acceptable answer). Whatever arrives: never a 5xx, a stack trace, SQL or
 * INTERNAL_SERVER_ERROR, the process keeps answering /health, and its memory
 * stays bounded.
 *
 * FUZZ_SEED=<n> replays the generated requests (fast-check prints the seed of
 * a failure); FUZZ_RUNS sets how many it sends to the router (default 150).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
/** The e2e system runs with the default body limit. */
const MAX_BODY_BYTES = loadConfig({}).GRAPHQL_MAX_BODY_BYTES;
const MiB = 1024 * 1024;

const router = () => inject('serviceUrls').router!;
const catalog = () => inject('serviceUrls').catalog!;

/** Sends each case in turn; every answer with something wrong, named after its case. */
async function problemsOfCases(base: string, cases: HttpCase[]): Promise<unknown[]> {
  const found = [];
  for (const c of cases) {
    const answer = await sendCase(base, c);
    const problems = problemsOf(answer);
    if (problems.length > 0) found.push({ case: c.name, problems, status: answer.status, answer: answer.text.slice(0, 400) });
  }
  return found;
}

async function problemsOfFraming(base: string): Promise<unknown[]> {
  const found = [];
  for (const c of brokenFraming('/graphql')) {
    const answer = await rawExchange(base, c.parts, { halfClose: c.halfClose });
    const problems = problemsOf(answer);
    if (problems.length > 0) found.push({ case: c.name, problems, answer: answer.text.slice(0, 400) });
  }
  return found;
}

async function expectServing(base: string): Promise<void> {
  const res = await fetch(`${base}/health`);
  expect(res.status).toBe(200);
}

async function expectCleanFuzz(base: string, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fuzzRequest, async (c) => {
      const answer = await sendCase(base, c);
      expect({ problems: problemsOf(answer), status: answer.status, answer: answer.text.slice(0, 400) }).toMatchObject({ problems: [] });
    }),
    { numRuns, seed: SEED },
  );
}

describe('malformed input at the router', () => {
  it('when fixed hostile requests arrive (bad JSON, content types, wrong types, deep nesting, huge strings, NUL, odd query strings), then each is refused or answered cleanly: no 5xx, stack, SQL or INTERNAL_SERVER_ERROR', async () => {
    expect(await problemsOfCases(router(), nastyRequests(MAX_BODY_BYTES))).toEqual([]);
    await expectServing(router());
  });

  it('when the HTTP framing lies (content-length, chunking, garbage request lines, huge headers), then the router answers 4xx or closes, and keeps serving', async () => {
    expect(await problemsOfFraming(router())).toEqual([]);
    await expectServing(router());
  });

  it('when fast-check generates requests (any variables at any depth, token soup, mutated JSON, bytes, content types, query strings), then each is refused or answered cleanly', async () => {
    await expectCleanFuzz(router(), RUNS);
    await expectServing(router());
  });
});

describe('malformed input sent to a subgraph directly', () => {
  it('when hostile and generated requests reach catalog without the router, then it refuses them (401) or answers cleanly, and keeps serving', async () => {
    expect(await problemsOfCases(catalog(), nastyRequests(MAX_BODY_BYTES))).toEqual([]);
    expect(await problemsOfFraming(catalog())).toEqual([]);
    await expectCleanFuzz(catalog(), Math.ceil(RUNS / 3));
    await expectServing(catalog());
  });
});

describe('memory under malformed input', () => {
  it('when 200 bodies near the size limit, over it and nested deep arrive, then the router stays under 128 MB more resident memory and keeps serving', async () => {
    const before = await metricSample(router(), 'process_resident_memory_bytes');
    const pad = 'x'.repeat(MAX_BODY_BYTES - 200);
    const bodies = [
      JSON.stringify({ query: '{ categories }', variables: { pad } }),
      JSON.stringify({ query: '{ categories }', variables: { pad: `${pad}${'y'.repeat(400)}` } }),
      `{"query":"{ categories }","variables":{"deep":${'['.repeat(MAX_BODY_BYTES / 2 - 100)}${']'.repeat(MAX_BODY_BYTES / 2 - 100)}}}`,
      JSON.stringify({ query: `{ categories ${'{ x '.repeat(MAX_BODY_BYTES / 5)}}` }),
    ];
    for (let round = 0; round < 50; round++) {
      const answers = await Promise.all(bodies.map((body) => sendCase(router(), { name: 'large', headers: { 'content-type': 'application/json' }, body })));
      expect(answers.flatMap(problemsOf)).toEqual([]);
    }
    const grown = (await metricSample(router(), 'process_resident_memory_bytes')) - before;
    expect(grown / MiB, `the router's resident memory grew by ${(grown / MiB).toFixed(0)} MB`).toBeLessThan(128);
    await expectServing(router());
  });
});
