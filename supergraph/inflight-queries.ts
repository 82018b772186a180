import type { KeepAliveRequestInit, KeepAliveResponse } from '../platform/server/keep-alive-fetch.js';

type Fetch = (url: string, init: KeepAliveRequestInit) => Promise<KeepAliveResponse>;

/** How the gateway serializes a subgraph query (`{"query":"query …` or the `{ … }` shorthand); mutations never match. */
const QUERY_BODY = /^\{"query":"(query\b|\{)/;

interface InFlight {
  response: Promise<KeepAliveResponse>;
  /** Writes completed through this router when the fetch started. */
  writes: number;
}

/**
 * Writes (any non-query fetch, to any subgraph) completed through this
 * router: shared by every subgraph's fetcher, since a mutation sent to one
 * subgraph may change what another answers (a sale changes inventory).
 */
export interface WriteCount {
  completed: number;
}

const routerWrites: WriteCount = { completed: 0 };

function keyOf(url: string, init: KeepAliveRequestInit): string {
  const headers = Object.entries(init.headers ?? {})
    .map(([name, value]) => `${name.toLowerCase()}:${value}`)
    .sort()
    .join('\n');
  return `${url}\n${init.shareKey ?? ''}\n${headers}\n${init.body ?? ''}`;
}

/** Rejects with the signal's reason once it fires, whatever `promise` does. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal | null | undefined): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => (signal.removeEventListener('abort', onAbort), resolve(value)),
      (error) => (signal.removeEventListener('abort', onAbort), reject(error)),
    );
  });
}

/**
 * Identical subgraph queries in flight at the same time are sent once: same
 * subgraph, same headers (so the same caller identity and trace) and same
 * body. Clients that load one page at the same moment then cost the
 * subgraph one request; each caller parses its own copy of the answer.
 * Mutations are never shared, and a query does not join a fetch that
 * started before a write through this router (to any subgraph) completed,
 * so a client reads what it has just written. With the response cache, a
 * fetch also carries the tag sequence's position read before it
 * (`shareKey`): a query joins only a fetch that started at the same
 * position, never one that started before a write through any router
 * bumped its tags (its answer could predate that write, be served and be
 * stored as current).
 */
export function deduplicatingQueries(fetch: Fetch, writes: WriteCount = routerWrites): Fetch {
  const inFlight = new Map<string, InFlight>();
  return (url, init) => {
    if (!QUERY_BODY.test(init.body ?? '')) {
      const sent = fetch(url, init);
      const count = () => void writes.completed++;
      sent.then(count, count);
      return sent;
    }
    const key = keyOf(url, init);
    const joined = inFlight.get(key);
    if (joined && joined.writes === writes.completed) return untilAborted(joined.response, init.signal);
    const entry: InFlight = { response: fetch(url, init), writes: writes.completed };
    inFlight.set(key, entry);
    const done = () => {
      if (inFlight.get(key) === entry) inFlight.delete(key);
    };
    entry.response.then(done, done);
    return entry.response;
  };
}
