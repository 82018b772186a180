import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { Server as NetServer, type AddressInfo, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logging/logger.js';
import { metricsHandler, observeHttpRequest } from '../metrics/http-metrics.js';
import { initMetrics } from '../metrics/registry.js';
import { SpanKind, contextFromHeaders, inSpan, startTracing, stopTracing } from '../tracing/tracing.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServiceOptions {
  name: string;
  host: string;
  port: number;
  logger: Logger;
  /** Handlers by exact path; `/health`, `/ready` and `/metrics` are built in. */
  routes: Record<string, RouteHandler>;
  /** Dependencies reachable (database ping …); `/ready` answers 503 otherwise. */
  readiness?: () => Promise<boolean>;
  /** Closes pools and the like once in-flight requests have finished. */
  onShutdown?: () => Promise<void>;
  /** Longest wait for in-flight requests on shutdown before their connections are cut. */
  shutdownTimeoutMs?: number;
  /**
   * How long, on shutdown, idle keep-alive connections are left for their
   * clients (Nginx, the router) to close or to use one last time. Closing
   * one while a proxy is sending a request on it would fail that request,
   * and a proxy does not retry a POST it has sent.
   */
  drainGraceMs?: number;
  /** Headers set on every response (the router's `x-served-by`). */
  responseHeaders?: Record<string, string>;
}

export interface HttpService {
  server: Server;
  url: string;
  port: number;
  shutdown(): Promise<void>;
}

/** Defaults of the drain on SIGTERM (orchestrators give a service longer than both to stop: compose, Kubernetes). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;
export const DEFAULT_DRAIN_GRACE_MS = 3_000;

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * One HTTP server with health, readiness and graceful shutdown: on SIGTERM it
 * reports not ready and stops accepting connections; every answer from then
 * on closes its connection, idle keep-alive connections are left to their
 * clients for a grace period, in-flight requests finish, then onShutdown
 * closes pools and the like.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const { logger } = options;
  initMetrics(options.name);
  await startTracing(options.name);
  let shuttingDown = false;
  let inFlight = 0;
  const pending = new Set<ServerResponse>();
  const sockets = new Set<Socket>();

  const server = createServer(async (req, res) => {
    for (const [name, value] of Object.entries(options.responseHeaders ?? {})) res.setHeader(name, value);
    if (shuttingDown) res.setHeader('connection', 'close');
    pending.add(res);
    res.once('close', () => pending.delete(res));
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/health') return json(res, 200, { status: 'ok', service: options.name });
    if (path === '/ready') {
      const ready = !shuttingDown && (await (options.readiness?.() ?? Promise.resolve(true)).catch(() => false));
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', service: options.name });
    }
    if (path === '/metrics') return metricsHandler(req, res);
    const handler = options.routes[path];
    if (!handler) return json(res, 404, { error: 'Not found' });
    observeHttpRequest(path, req, res);
    inFlight++;
    try {
      await inSpan(`${req.method ?? 'GET'} ${path}`, SpanKind.SERVER, contextFromHeaders(req.headers), async (span) => {
        span.setAttributes({ 'http.route': path, 'http.request.method': req.method ?? 'GET' });
        await handler(req, res);
        span.setAttribute('http.response.status_code', res.statusCode);
      });
    } catch (error) {
      logger.error({ err: error, path }, 'request failed');
      if (!res.headersSent) json(res, 500, { errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
      else res.end();
    } finally {
      inFlight--;
    }
  });
  // Longer than the router's and Nginx's idle timeouts so they close first.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${options.host === '0.0.0.0' ? '127.0.0.1' : options.host}:${port}`;

  let shutdownPromise: Promise<void> | undefined;
  const shutdown = () => {
    shutdownPromise ??= (async () => {
      shuttingDown = true;
      logger.info({ inFlight, connections: sockets.size }, 'shutting down');
      // Stop accepting (connections are refused, which a proxy retries on
      // another replica) without http.Server#close, which would also cut the
      // idle keep-alive connections at once.
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      for (const res of pending) if (!res.headersSent) res.setHeader('connection', 'close');
      const start = Date.now();
      const deadline = start + (options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS);
      const graceEnd = start + (options.drainGraceMs ?? DEFAULT_DRAIN_GRACE_MS);
      while (sockets.size > 0 && Date.now() < deadline && (inFlight > 0 || Date.now() < graceEnd)) await sleep(20);
      server.closeIdleConnections();
      while (inFlight > 0 && Date.now() < deadline) await sleep(20);
      server.closeAllConnections();
      await closed;
      await options.onShutdown?.();
      await stopTracing();
      logger.info('stopped');
    })();
    return shutdownPromise;
  };

  logger.info({ url }, `${options.name} listening`);
  return { server, url, port, shutdown };
}

/** Exits the process cleanly on SIGTERM/SIGINT once the service has shut down. */
export function exitOnSignals(service: Pick<HttpService, 'shutdown'>, logger: Logger): void {
  const stop = (signal: string) => {
    logger.info({ signal }, 'signal received');
    service
      .shutdown()
      .then(() => process.exit(0))
      .catch((error) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}
