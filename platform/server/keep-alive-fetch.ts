import http from 'node:http';
import https from 'node:https';

/**
 * `fetch` for calls between our own services (router → subgraph, saga
 * calls), on node:http with keep-alive agents. Node's fetch (undici) writes
 * a request in several socket writes and wraps it in streams and
 * AbortSignal listeners; under load that was about a quarter of the
 * router's CPU. Here headers and body leave in one write on a pooled
 * connection, and the whole answer is read before it resolves.
 *
 * It fails like Node's fetch so callers classify failures the same way: a
 * network failure is `TypeError('fetch failed')` with the socket error as
 * `cause` (its `code`: ECONNREFUSED, ECONNRESET …); an aborted call rejects
 * with the signal's reason (`TimeoutError` for AbortSignal.timeout).
 */
export interface KeepAliveRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal | null;
  /** Not sent: identical queries share one flight only when this is equal too (the router's inflight-queries.ts). */
  shareKey?: string;
}

/** The part of a fetch Response our callers read (Apollo's RemoteGraphQLDataSource, the saga client). */
export interface KeepAliveResponse {
  ok: boolean;
  status: number;
  statusText: string;
  url: string;
  headers: { get(name: string): string | null; has(name: string): boolean };
  text(): Promise<string>;
  json(): Promise<any>;
  /** Size of the body as it came over the wire. */
  bodyBytes: number;
}

// Idle pooled connections are closed after 30 s, before the services' own 65 s keep-alive timeout.
const agentOptions = { keepAlive: true, maxFreeSockets: 1024, timeout: 30_000, scheduling: 'lifo' as const };
const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

function responseOf(url: string, res: http.IncomingMessage, body: string, bodyBytes: number): KeepAliveResponse {
  const header = (name: string) => {
    const value = res.headers[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
  };
  const status = res.statusCode ?? 0;
  return {
    ok: status >= 200 && status < 300,
    status,
    statusText: res.statusMessage ?? '',
    url,
    headers: { get: header, has: (name) => header(name) !== null },
    text: async () => body,
    json: async () => JSON.parse(body),
    bodyBytes,
  };
}

export function keepAliveFetch(url: string, init: KeepAliveRequestInit = {}): Promise<KeepAliveResponse> {
  const { signal } = init;
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const agent = agents[target.protocol as keyof typeof agents];
    if (!agent) return reject(new TypeError('fetch failed', { cause: new Error(`unsupported protocol ${target.protocol}`) }));
    const body = init.body ?? '';
    const headers = { ...init.headers, 'content-length': String(Buffer.byteLength(body)) };
    let settled = false;
    const fail = (error: unknown) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      reject(error);
    };
    const onAbort = () => {
      fail(signal!.reason);
      request.destroy();
    };
    const request = (target.protocol === 'https:' ? https : http).request(target, { method: init.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
      // The connection closed before the whole answer arrived.
      res.on('close', () => res.complete || fail(new TypeError('fetch failed', { cause: Object.assign(new Error('response cut short'), { code: 'ECONNRESET' }) })));
      res.on('end', () => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        const raw = Buffer.concat(chunks);
        resolve(responseOf(url, res, raw.toString('utf8'), raw.length));
      });
    });
    request.on('error', (error) => fail(new TypeError('fetch failed', { cause: error })));
    signal?.addEventListener('abort', onAbort, { once: true });
    request.end(body);
  });
}
