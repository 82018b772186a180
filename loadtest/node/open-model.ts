import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer, FlowRequest, RunningFlow } from '../lib/scenario.js';

/** Time as the scheduler sees it, in ms; tests give a fake one (no timed assertions). */
export interface Clock {
  now(): number;
  /** Resolves at `ms` or later (never earlier). */
  sleepUntil(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => performance.now(),
  sleepUntil: async (ms) => {
    const wait = ms - performance.now();
    if (wait > 0) await sleep(wait);
  },
};

export interface ArrivalOptions {
  /** Iterations started per second. */
  rate: number;
  seconds: number;
  /** Iterations in flight at most: one due while that many are running is dropped, as k6 drops an iteration without a free VU. */
  maxInFlight: number;
  /** Runs one iteration; `scheduledAt` is when it was due, the time its latency counts from. */
  iterate(scheduledAt: number): Promise<void>;
  /** A start this many ms after its scheduled time counts as late (default 10). */
  lateAfterMs?: number;
  clock?: Clock;
}

export interface ArrivalFigures {
  rate: number;
  seconds: number;
  /** Iterations due in the run: rate × seconds. */
  scheduled: number;
  started: number;
  /** Due while maxInFlight were running: never started. */
  dropped: number;
  /** Started more than lateAfterMs after they were due (the generator could not keep up; their latency includes the delay). */
  late: number;
  maxStartLagMs: number;
}

/**
 * The open model: iterations start at `rate` per second, at fixed times
 * from the start, whether or not earlier ones have been answered (a slow
 * answer does not hold the next arrival back, unlike a virtual user in a
 * loop). Each wake-up starts every iteration already due, so a late timer
 * never lowers the rate; the lag is counted and, since each iteration's
 * latency runs from its scheduled time, paid by the latencies (no
 * coordinated omission). Resolves once every started iteration has ended.
 */
export async function runArrivals(options: ArrivalOptions): Promise<ArrivalFigures> {
  const clock = options.clock ?? realClock;
  const lateAfterMs = options.lateAfterMs ?? 10;
  const interval = 1000 / options.rate;
  const scheduled = Math.round(options.rate * options.seconds);
  const figures: ArrivalFigures = { rate: options.rate, seconds: options.seconds, scheduled, started: 0, dropped: 0, late: 0, maxStartLagMs: 0 };
  const running = new Set<Promise<void>>();
  const start = clock.now();
  for (let next = 0; next < scheduled; ) {
    await clock.sleepUntil(start + next * interval);
    const now = clock.now();
    for (; next < scheduled && start + next * interval <= now; next++) {
      const due = start + next * interval;
      if (running.size >= options.maxInFlight) {
        figures.dropped++;
        continue;
      }
      const lag = now - due;
      if (lag > lateAfterMs) figures.late++;
      figures.maxStartLagMs = Math.max(figures.maxStartLagMs, Math.round(lag * 10) / 10);
      figures.started++;
      const iteration = options.iterate(due).catch(() => undefined);
      running.add(iteration);
      void iteration.then(() => running.delete(iteration));
    }
  }
  await Promise.all(running);
  return figures;
}

/** Where a timed flow reports each answer: its operation, latency in ms (null: the request could not be built) and the answer. */
export type RecordAnswer = (operation: string, ms: number | null, answer: Answer) => void;

/**
 * One iteration of the open model: the flow's steps in order, its first
 * request timed from when the iteration was due (not from when it could be
 * sent: a generator or system that held it back pays for the wait), each
 * later step from its own start. A request that cannot be built ends the
 * flow as a failure (`failure(error)` makes its answer).
 */
export async function runTimedFlow(
  flow: RunningFlow,
  send: (request: FlowRequest) => Promise<Answer>,
  record: RecordAnswer,
  scheduledAt: number,
  failure: (error: unknown) => Answer,
  now: () => number = () => performance.now(),
): Promise<void> {
  let from = scheduledAt;
  while (!flow.done()) {
    let request: FlowRequest;
    try {
      request = flow.next();
    } catch (error) {
      record(flow.name, null, failure(error));
      return;
    }
    const answer = await send(request);
    record(request.operation, now() - from, answer);
    flow.record(answer);
    from = now();
  }
}
