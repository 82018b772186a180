import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { config } from '../config/config.js';

export class BodyError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code = 'BAD_REQUEST',
  ) {
    super(message);
  }
}

/**
 * Reading stops as soon as the body passes GRAPHQL_MAX_BODY_BYTES: a huge body is never held in memory.
 * A body the client cut off (connection closed before its content-length) is the client's failure, not ours.
 */
export async function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new BodyError(413, `Request body too large (at most ${maxBytes} bytes)`, 'PAYLOAD_TOO_LARGE');
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    if (error instanceof BodyError) throw error;
    throw new BodyError(400, 'Request body ended before its announced length');
  }
  return Buffer.concat(chunks);
}

/** True when arrays and objects in this JSON text nest deeper than `max`; one pass, strings skipped. */
export function jsonNestsDeeperThan(raw: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}

function parseBody(raw: string, contentType: string | undefined, maxDepth: number): unknown {
  if (raw === '') return undefined;
  if (contentType?.includes('application/json') || contentType?.includes('application/graphql-response+json')) {
    if (jsonNestsDeeperThan(raw, maxDepth)) throw new BodyError(400, `Request body nests deeper than ${maxDepth} levels`);
    try {
      return JSON.parse(raw);
    } catch {
      throw new BodyError(400, 'Request body is not valid JSON');
    }
  }
  return raw;
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

function sendError(res: ServerResponse, status: number, message: string, code = 'BAD_REQUEST'): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
}

/** Why a request is refused before Apollo sees it (answered as a GraphQL error with that code). */
export interface RequestRefusal {
  status: number;
  code: string;
  message: string;
}

/** Checks a request on its exact body bytes, before it is parsed or executed. */
export type RequestGuard = (req: IncomingMessage, rawBody: Buffer) => RequestRefusal | undefined;

/** Bridges Node's http server to Apollo Server without an HTTP framework. */
export function graphqlHttpHandler<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (req: IncomingMessage) => Promise<TContext>,
  guard?: RequestGuard,
) {
  const { GRAPHQL_MAX_BODY_BYTES: maxBodyBytes, GRAPHQL_MAX_JSON_DEPTH: maxJsonDepth } = config();
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let body: unknown;
    try {
      const raw = await readBody(req, maxBodyBytes);
      const refusal = guard?.(req, raw);
      if (refusal) return sendError(res, refusal.status, refusal.message, refusal.code);
      body = parseBody(raw.toString('utf8'), req.headers['content-type'], maxJsonDepth);
    } catch (error) {
      if (error instanceof BodyError) return sendError(res, error.status, error.message, error.code);
      throw error;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    const result = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: { method: (req.method ?? 'GET').toUpperCase(), headers: headerMap(req), search: url.search, body },
      context: () => context(req),
    });
    res.statusCode = result.status ?? 200;
    for (const [key, value] of result.headers) res.setHeader(key, value);
    if (result.body.kind === 'complete') {
      res.end(result.body.string);
      return;
    }
    for await (const chunk of result.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
