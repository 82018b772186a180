import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * How long a cached copy of the answer being computed may live, as far as
 * the domain knows: some answers hold for a time the schema cannot declare
 * (figures of "today" end with the report day). The domain caps it with
 * limitAnswerLifetime while it resolves, without knowing GraphQL; the
 * subgraph's declarations plugin applies the cap to every part of the
 * answer's declared maxAge (docs/response-cache.md).
 */
export class AnswerLifetime {
  private cap = Infinity;

  /** Seconds; never lengthens what another part of the answer capped shorter. */
  limit(seconds: number): void {
    if (!Number.isNaN(seconds)) this.cap = Math.min(this.cap, seconds);
  }

  /** Seconds the answer may be cached at most (Infinity when nothing capped it). */
  get seconds(): number {
    return this.cap;
  }
}

const current = new AsyncLocalStorage<AnswerLifetime>();

/** Runs one request's work with a lifetime of its own (where a subgraph server executes a request). */
export function withAnswerLifetime<T>(work: () => T, lifetime = new AnswerLifetime()): T {
  return current.run(lifetime, work);
}

/**
 * The answer being computed may be cached for at most `seconds`. Outside a
 * request (background work, tests of the domain) it changes nothing: no
 * answer is being cached there.
 */
export function limitAnswerLifetime(seconds: number): void {
  current.getStore()?.limit(seconds);
}

/** The cap of the current request's answer, Infinity when none was set (or outside a request). */
export function answerLifetimeCap(): number {
  return current.getStore()?.seconds ?? Infinity;
}
