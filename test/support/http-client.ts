import http from 'node:http';
import { gunzipSync } from 'node:zlib';

export interface HttpReply {
  status: number;
  headers: http.IncomingHttpHeaders;
  /** Decompressed when the answer was gzip-encoded. */
  body: string;
  /** Bytes as they came over the wire. */
  wireBytes: number;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address: another 127.x.y.z is another client for Nginx (rate limit, /nginx_status). */
  localAddress?: string;
  agent?: http.Agent;
  /** The client gives up after this (a hung request counts as a failure, never as a pass). */
  timeoutMs?: number;
}

/** One HTTP request with node:http (fetch cannot choose its source address). */
export function httpRequest(url: string, options: HttpOptions = {}): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const body = typeof options.body === 'string' ? Buffer.from(options.body) : options.body;
    const req = http.request(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...options.headers },
        localAddress: options.localAddress,
        agent: options.agent,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const decoded = res.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: decoded.toString('utf8'), wireBytes: raw.length });
        });
      },
    );
    req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new Error('client timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

/** POSTs one GraphQL operation. */
export function postGraphQL(url: string, query: string, options: Omit<HttpOptions, 'body' | 'method'> = {}): Promise<HttpReply> {
  return httpRequest(url, { ...options, method: 'POST', headers: { 'content-type': 'application/json', ...options.headers }, body: JSON.stringify({ query }) });
}

/** A query over GET (idempotent for Nginx); Apollo's CSRF prevention wants a non-simple header. */
export function getGraphQL(url: string, query: string, options: Omit<HttpOptions, 'body' | 'method'> = {}): Promise<HttpReply> {
  return httpRequest(`${url}?query=${encodeURIComponent(query)}`, { ...options, method: 'GET', headers: { 'apollo-require-preflight': 'true', ...options.headers } });
}
