import { describe, expect, it } from 'vitest';
import type { Answer, FlowRequest, RunningFlow } from '../lib/scenario.js';
import { runArrivals, runTimedFlow, type Clock } from './open-model.js';

/**
 * A clock that moves only when the scheduler sleeps: each sleep wakes
 * `lagMs` after the time asked for (a busy event loop), so the test decides
 * every instant and asserts no wall time.
 */
function fakeClock(lagMs = 0): Clock & { sleeps: number } {
  let now = 0;
  const clock = {
    sleeps: 0,
    now: () => now,
    sleepUntil: async (ms: number) => {
      clock.sleeps++;
      if (ms > now) now = ms + lagMs;
    },
  };
  return clock;
}

/** Iterations that stay unanswered until `answerAll`: the slowest possible system. */
function unansweredIterations(clock: Clock) {
  const starts: Array<{ scheduledAt: number; sentAt: number }> = [];
  const pending: Array<() => void> = [];
  return {
    starts,
    iterate: (scheduledAt: number) => {
      starts.push({ scheduledAt, sentAt: clock.now() });
      return new Promise<void>((resolve) => pending.push(resolve));
    },
    answerAll: () => pending.splice(0).forEach((resolve) => resolve()),
  };
}

describe('open model scheduler (loadtest/node/open-model.ts)', () => {
  it('when no answer comes back, then iterations still start at the rate, each at its own scheduled time', async () => {
    const clock = fakeClock();
    const system = unansweredIterations(clock);
    const run = runArrivals({ rate: 100, seconds: 2, maxInFlight: 10_000, clock, iterate: system.iterate });
    // Let the scheduler run through its sleeps (each resolves at once with the fake clock).
    while (system.starts.length < 200) await new Promise((resolve) => setImmediate(resolve));
    system.answerAll();
    const figures = await run;
    expect(figures).toEqual({ rate: 100, seconds: 2, scheduled: 200, started: 200, dropped: 0, late: 0, maxStartLagMs: 0 });
    expect(system.starts.map((s) => s.scheduledAt)).toEqual(Array.from({ length: 200 }, (_, i) => i * 10));
    expect(system.starts.every((s) => s.sentAt === s.scheduledAt)).toBe(true);
  });

  it('when the timer wakes late, then every iteration already due starts at once, none is lost, and each keeps its scheduled time for its latency', async () => {
    const clock = fakeClock(25);
    const system = unansweredIterations(clock);
    const run = runArrivals({ rate: 100, seconds: 1, maxInFlight: 10_000, clock, iterate: system.iterate });
    while (system.starts.length < 100) await new Promise((resolve) => setImmediate(resolve));
    system.answerAll();
    const figures = await run;
    expect(figures).toMatchObject({ scheduled: 100, started: 100, dropped: 0 });
    expect(system.starts.map((s) => s.scheduledAt)).toEqual(Array.from({ length: 100 }, (_, i) => i * 10));
    // Woken 25 ms late, the first of a batch lags 25 ms (late), the next 15 and 5 (not late at 10).
    expect(figures.maxStartLagMs).toBe(25);
    expect(figures.late).toBe(system.starts.filter((s) => s.sentAt - s.scheduledAt > 10).length);
    expect(figures.late).toBeGreaterThan(0);
    expect(clock.sleeps).toBeLessThan(100);
  });

  it('when as many iterations are in flight as allowed, then the next ones due are dropped and counted, not queued', async () => {
    const clock = fakeClock();
    const system = unansweredIterations(clock);
    const run = runArrivals({ rate: 50, seconds: 1, maxInFlight: 20, clock, iterate: system.iterate });
    // Nothing is answered before the last arrival is due: only 20 may run.
    while (clock.now() < 980) await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    system.answerAll();
    const figures = await run;
    expect(figures).toMatchObject({ scheduled: 50, started: 20, dropped: 30 });
    expect(system.starts).toHaveLength(20);
  });

  it('when an iteration fails, then the run goes on and still waits for every other one', async () => {
    const clock = fakeClock();
    let ended = 0;
    const figures = await runArrivals({
      rate: 10,
      seconds: 1,
      maxInFlight: 100,
      clock,
      iterate: async (scheduledAt) => {
        if (scheduledAt === 0) throw new Error('refused');
        ended++;
      },
    });
    expect(figures).toMatchObject({ scheduled: 10, started: 10, dropped: 0 });
    expect(ended).toBe(9);
  });
});

describe('open model iteration timing (runTimedFlow)', () => {
  const ok: Answer = { ok: true, data: {}, codes: [], message: '' };
  /** A flow of the given operations, one request each. */
  function flowOf(...operations: string[]): RunningFlow {
    let index = 0;
    return {
      name: 'test flow',
      done: () => index >= operations.length,
      next: (): FlowRequest => ({ operation: operations[index]!, variables: {}, token: null }),
      record: () => void index++,
    };
  }

  it('when a request is sent late and answered, then its latency counts from its scheduled time, and a later step from its own start', async () => {
    let now = 50; // the iteration was due at 0 but starts 50 ms late
    const recorded: Array<[string, number | null]> = [];
    const send = async (request: FlowRequest) => {
      now += request.operation === 'First' ? 30 : 20;
      return ok;
    };
    await runTimedFlow(flowOf('First', 'Second'), send, (operation, ms) => recorded.push([operation, ms]), 0, () => ok, () => now);
    expect(recorded).toEqual([
      ['First', 80],
      ['Second', 20],
    ]);
  });

  it('when a request cannot be built, then the flow ends with a failure under its name and nothing is sent', async () => {
    const broken: RunningFlow = { name: 'broken', done: () => false, next: () => { throw new Error('empty list'); }, record: () => undefined };
    const recorded: Array<[string, number | null, Answer]> = [];
    let sent = 0;
    const failure = (error: unknown): Answer => ({ ok: false, data: null, codes: ['SCENARIO_ERROR'], message: (error as Error).message });
    await runTimedFlow(broken, async () => (sent++, ok), (operation, ms, answer) => recorded.push([operation, ms, answer]), 0, failure, () => 0);
    expect(sent).toBe(0);
    expect(recorded).toEqual([['broken', null, { ok: false, data: null, codes: ['SCENARIO_ERROR'], message: 'empty list' }]]);
  });
});
