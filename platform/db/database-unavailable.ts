/**
 * Whether an error says PostgreSQL cannot be reached right now (down,
 * restarting, shutting down, connection cut, no connection free), rather
 * than that the operation is wrong. Such a request failed cleanly and may
 * be tried again: clients get SERVICE_UNAVAILABLE instead of an internal error.
 */

/** Prisma's codes: can't reach (P1001), timed out (P1002, P1008), connection closed (P1017), pool timeout (P2024), too many connections (P2037). */
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2037']);
/** Driver adapter kinds (@prisma/driver-adapter-utils) with the same meaning. */
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
/** SQLSTATE: connection exceptions (08…), admin / crash shutdown and "starting up" (57P01–57P03), too many connections (53300). */
const SQLSTATE = /^(08[0-9A-Z]{3}|57P0[123]|53300)$/;
/** node-postgres reports a connection that died under it by message only. */
const PG_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error)/;

interface ErrorLike {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  originalError?: unknown;
  meta?: { driverAdapterError?: unknown };
}

function saysUnavailable(e: ErrorLike): boolean {
  const code = typeof e.code === 'string' ? e.code : undefined;
  // (Socket errors reach us through the adapter as the kinds above, never as raw ECONNREFUSED: those may be any peer's.)
  if (code && (PRISMA_CODES.has(code) || SQLSTATE.test(code))) return true;
  if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === 'string' && SQLSTATE.test(e.originalCode)) return true;
  return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
}

/** Walks what wraps what: GraphQL's originalError, `cause`, Prisma's driverAdapterError. */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0 && seen.size < 20) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const e = current as ErrorLike;
    if (saysUnavailable(e)) return true;
    queue.push(e.originalError, e.cause, e.meta?.driverAdapterError);
  }
  return false;
}
