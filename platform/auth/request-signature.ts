import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '../config/config.js';

/**
 * Subgraphs answer only requests signed by a holder of the shared secret
 * SUBGRAPH_SIGNING_SECRET (the router, and sales' saga calls). The signature
 * is an HMAC-SHA256 over the timestamp, the method and path, the identity
 * headers and the exact body bytes, so a caller that reaches a subgraph
 * without going through the router can neither send its own operations nor
 * swap the bearer token or client address of a request it captured. The
 * timestamp bounds how long a captured request stays replayable.
 */
export const SIGNATURE_HEADER = 'x-subgraph-signature';
export const SIGNATURE_TIMESTAMP_HEADER = 'x-subgraph-timestamp';
/** Headers that carry identity to the subgraphs; absent counts as empty. */
export const SIGNED_HEADERS = ['authorization', 'x-client-address'] as const;

const VERSION = 'v1';

export interface SignableRequest {
  method: string;
  /** Path and query string, as the subgraph's server sees it (`/graphql?…`). */
  path: string;
  header(name: string): string | undefined;
  body: string | Uint8Array;
}

function digest(secret: string, timestamp: string, request: SignableRequest): Buffer {
  // A JSON array keeps the fields apart whatever they contain; the body follows it unchanged.
  const fields = [VERSION, timestamp, request.method.toUpperCase(), request.path, ...SIGNED_HEADERS.map((name) => request.header(name) ?? '')];
  return createHmac('sha256', secret).update(JSON.stringify(fields)).update('\n').update(request.body).digest();
}

/** The two headers to add to a request; `nowMs` only for tests. */
export function signatureHeaders(request: SignableRequest, secret: string, nowMs = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return { [SIGNATURE_TIMESTAMP_HEADER]: timestamp, [SIGNATURE_HEADER]: `${VERSION}=${digest(secret, timestamp, request).toString('hex')}` };
}

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** Checks a request's signature in constant time and its timestamp against a window of ± maxAgeSeconds. */
export function verifySignature(request: SignableRequest, secret: string, maxAgeSeconds: number, nowMs = Date.now()): SignatureCheck {
  const timestamp = request.header(SIGNATURE_TIMESTAMP_HEADER);
  const signature = request.header(SIGNATURE_HEADER);
  if (!timestamp || !signature) return { ok: false, reason: 'Subgraph requests must come from the router: the request signature is missing' };
  if (!/^\d{1,12}$/.test(timestamp) || Math.abs(nowMs / 1000 - Number(timestamp)) > maxAgeSeconds) {
    return { ok: false, reason: `The request signature is stale: its timestamp is more than ${maxAgeSeconds} s away from the subgraph's clock` };
  }
  const given = /^v1=([0-9a-f]{64})$/.exec(signature);
  const expected = digest(secret, timestamp, request);
  if (!given || !timingSafeEqual(Buffer.from(given[1]!, 'hex'), expected)) return { ok: false, reason: 'The request signature is invalid' };
  return { ok: true };
}

const lowerCaseHeaders = (headers: Record<string, string>) => Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));

/**
 * The headers of a request to a subgraph, signed with the configured secret:
 * what the router's fetcher and the saga client send (and tests that call a
 * subgraph directly). `body` must be the exact string sent.
 */
export function withSubgraphSignature(url: string, init: { method?: string; headers?: Record<string, string>; body?: string }, secret = config().SUBGRAPH_SIGNING_SECRET): Record<string, string> {
  const headers = lowerCaseHeaders(init.headers ?? {});
  const { pathname, search } = new URL(url);
  const signed = signatureHeaders({ method: init.method ?? 'GET', path: `${pathname}${search}`, header: (name) => headers[name], body: init.body ?? '' }, secret);
  return { ...headers, ...signed };
}
