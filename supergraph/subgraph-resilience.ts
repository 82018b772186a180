import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  handleWhen,
  retry,
  timeout,
  wrap,
  type IPolicy,
} from 'cockatiel';
import { GraphQLError, Kind, type DocumentNode } from 'graphql';
import type { Config, SubgraphName } from '../platform/config/config.js';
import { subgraphCircuitState, subgraphRetries } from './gateway-metrics.js';

/**
 * How the router survives a subgraph that is down, restarting or hung, per
 * subgraph: every fetch has a deadline, queries (never mutations) are tried
 * again after a transient failure, and a circuit breaker fails fast while the
 * subgraph keeps failing, then lets one probe through to see if it is back.
 */
export interface SubgraphResilienceOptions {
  subgraph: string;
  /** Deadline of one subgraph fetch, retries included. */
  timeoutMs: number;
  /** Deadline of each attempt (at most `timeoutMs`); a timed-out query is retried within `timeoutMs`. */
  attemptTimeoutMs: number;
  /** Attempts after the first, for queries only. */
  retries: number;
  /** First retry delay; later ones grow exponentially with jitter (at most 1 s). */
  retryDelayMs: number;
  /** Consecutive failed attempts that open the circuit. */
  breakerThreshold: number;
  /** How long an open circuit fails fast before one probe may reach the subgraph. */
  breakerOpenMs: number;
}

/** The router's policy for one subgraph, from the SUBGRAPH_* settings. */
export function resilienceOptions(subgraph: SubgraphName, c: Config): SubgraphResilienceOptions {
  const timeoutMs = c.SUBGRAPH_TIMEOUTS_MS[subgraph] ?? c.SUBGRAPH_TIMEOUT_MS;
  return {
    subgraph,
    timeoutMs,
    attemptTimeoutMs: c.SUBGRAPH_ATTEMPT_TIMEOUT_MS ?? timeoutMs,
    retries: c.SUBGRAPH_RETRIES,
    retryDelayMs: c.SUBGRAPH_RETRY_DELAY_MS,
    breakerThreshold: c.SUBGRAPH_BREAKER_THRESHOLD,
    breakerOpenMs: c.SUBGRAPH_BREAKER_OPEN_MS,
  };
}

/** Failures that say the subgraph (or the way to it) is down or overloaded, not that the operation is wrong. */
export type OutageKind = 'connection_refused' | 'connection_reset' | 'timeout' | 'bad_gateway' | 'unavailable' | 'unreachable';

/** Of those, the ones after which a query is tried again. */
const RETRIED: ReadonlySet<OutageKind> = new Set(['connection_refused', 'connection_reset', 'timeout', 'bad_gateway', 'unavailable']);

const NETWORK_CODES: Record<string, OutageKind> = {
  ECONNREFUSED: 'connection_refused',
  ECONNRESET: 'connection_reset',
  EPIPE: 'connection_reset',
  UND_ERR_SOCKET: 'connection_reset',
  UND_ERR_CLOSED: 'connection_reset',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
};

const HTTP_STATUSES: Record<number, OutageKind> = { 502: 'bad_gateway', 503: 'unavailable', 504: 'timeout' };

/** What kind of outage an error of one attempt (fetch of Node, or Apollo's error for a non-2xx answer) is; null for any other failure. */
export function outageKind(error: unknown): OutageKind | null {
  if (!(error instanceof Error)) return null;
  if (error.name === 'TimeoutError' || error.name === 'AbortError' || error instanceof TaskCancelledError) return 'timeout';
  // Apollo's error for a non-2xx answer (a GraphQLError of the gateway's own copy of graphql: no instanceof).
  const status = (error as { extensions?: { response?: { status?: unknown } } }).extensions?.response?.status;
  if (typeof status === 'number') return HTTP_STATUSES[status] ?? null;
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const cause = error.cause as { code?: string; name?: string } | undefined;
    if (cause?.name === 'TimeoutError' || cause?.name === 'AbortError') return 'timeout';
    return (cause?.code && NETWORK_CODES[cause.code]) || 'unreachable';
  }
  return null;
}

/**
 * Whether a subgraph operation only reads and may be sent twice. The gateway
 * prints its subgraph operations with the operation first (`query …`,
 * `mutation …` or a `{ … }` shorthand query); anything else counts as not
 * retryable.
 */
export function isQueryOperation(query: string | undefined, document?: DocumentNode): boolean {
  const operation = document?.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (operation && operation.kind === Kind.OPERATION_DEFINITION) return operation.operation === 'query';
  return query !== undefined && /^\s*(query\b|\{)/.test(query);
}

export type CircuitStateName = 'closed' | 'open' | 'half_open' | 'isolated';

const STATE_NAMES: Record<CircuitState, CircuitStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'isolated',
};

export interface SubgraphResilience {
  /**
   * Runs one subgraph fetch: `attempt` is called once per try with the
   * signal that aborts it (its deadline); it throws what fetch or Apollo
   * throw. Rejects with a SERVICE_UNAVAILABLE GraphQLError when the subgraph
   * is down, hung or its circuit is open; any other error as it is.
   */
  run<T>(attempt: (signal: AbortSignal) => Promise<T>, options: { idempotent: boolean }): Promise<T>;
  readonly state: CircuitStateName;
}

/**
 * A replica that dies resets every request in flight on it at the same
 * moment: one event, not N consecutive failures. Counted one by one, the
 * sales in flight on one crashing replica opened a router's circuit and it
 * failed sales for seconds that the other replica would have served. A reset
 * counts only if its attempt started after the last reset that counted;
 * refusals, timeouts and 5xx answers count each.
 */
function resetsInFlightTogether() {
  let lastCountedAt = Number.NEGATIVE_INFINITY;
  const echoes = new WeakSet<object>();
  return {
    /** Runs one attempt, remembering whether its reset echoes one already counted. */
    async attempt<T>(run: () => Promise<T>): Promise<T> {
      const startedAt = performance.now();
      try {
        return await run();
      } catch (error) {
        if (outageKind(error) === 'connection_reset') {
          if (startedAt <= lastCountedAt) echoes.add(error as object);
          else lastCountedAt = performance.now();
        }
        throw error;
      }
    },
    counts: (error: Error) => outageKind(error) !== null && !echoes.has(error),
  };
}

export function subgraphResilience(options: SubgraphResilienceOptions): SubgraphResilience {
  const { subgraph } = options;
  const resets = resetsInFlightTogether();
  const breaker = circuitBreaker(handleWhen(resets.counts), { halfOpenAfter: options.breakerOpenMs, breaker: new ConsecutiveBreaker(options.breakerThreshold) });
  const retries = retry(
    handleWhen((error) => {
      const kind = outageKind(error);
      return kind !== null && RETRIED.has(kind);
    }),
    { maxAttempts: options.retries, backoff: new ExponentialBackoff({ initialDelay: options.retryDelayMs, maxDelay: 1_000 }) },
  );
  // A fetch that has returned has nothing left to cancel: not aborting its signal then spares a
  // DOMException and an abort event per deadline on every fetch (a few % of the router's CPU).
  const deadline = timeout(options.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  const attemptDeadline = timeout(Math.min(options.attemptTimeoutMs, options.timeoutMs), { strategy: TimeoutStrategy.Cooperative, abortOnReturn: false });
  const queries: IPolicy = wrap(deadline, retries, breaker, attemptDeadline);
  const mutations: IPolicy = wrap(deadline, breaker, attemptDeadline);

  retries.onRetry((reason) => {
    const kind = 'error' in reason ? outageKind(reason.error) : null;
    subgraphRetries.inc({ subgraph, reason: kind ?? 'unknown' });
  });
  const showState = (state: CircuitState) => {
    for (const [value, name] of Object.entries(STATE_NAMES)) subgraphCircuitState.set({ subgraph, state: name }, Number(value) === state ? 1 : 0);
  };
  showState(breaker.state);
  breaker.onStateChange(showState);

  return {
    async run(attempt, { idempotent }) {
      try {
        return await (idempotent ? queries : mutations).execute(({ signal }) => resets.attempt(() => attempt(signal)));
      } catch (error) {
        throw unavailable(subgraph, error);
      }
    },
    get state() {
      return STATE_NAMES[breaker.state];
    },
  };
}

/**
 * The clear error for the fields a failed subgraph owns (instead of an
 * opaque "fetch failed"); the rest of the answer still comes from the other
 * subgraphs.
 */
function unavailable(subgraph: string, error: unknown): unknown {
  if (error instanceof BrokenCircuitError) {
    return new GraphQLError(`The ${subgraph} service is unavailable; retry later`, { extensions: { code: 'SERVICE_UNAVAILABLE', service: subgraph, circuit: 'open' }, originalError: error });
  }
  const kind = outageKind(error);
  if (!kind) return error;
  const message = kind === 'timeout' ? `The ${subgraph} service did not answer in time; retry later` : `The ${subgraph} service is unavailable; retry later`;
  return new GraphQLError(message, { extensions: { code: 'SERVICE_UNAVAILABLE', service: subgraph }, originalError: error as Error });
}
