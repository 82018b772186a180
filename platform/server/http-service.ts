import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logging/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void> | void;

export interface HttpServiceOptions {
  name: string;
  host: string;
  port: number;
  logger: Logger;
  /** Handlers by exact path; `/health` and `/ready` are built in. */
  routes: Record<string, RouteHandler>;
  /** Dependencies reachable (database ping …); `/ready` answers 503 otherwise. */
  readiness?: () => Promise<boolean>;
  /** Closes pools and the like once in-flight requests have finished. */
  onShutdown?: () => Promise<void>;
  shutdownTimeoutMs?: number;
}

export interface HttpService {
  server: Server;
  url: string;
  port: number;
  shutdown(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(body));
}

/**
 * One HTTP server with health, readiness and graceful shutdown: on SIGTERM it
 * reports not ready, stops accepting, lets in-flight requests finish, then
 * runs onShutdown.
 */
export async function startHttpService(options: HttpServiceOptions): Promise<HttpService> {
  const { logger } = options;
  let shuttingDown = false;
  let inFlight = 0;

  const server = createServer(async (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (path === '/health') return json(res, 200, { status: 'ok', service: options.name });
    if (path === '/ready') {
      const ready = !shuttingDown && (await (options.readiness?.() ?? Promise.resolve(true)).catch(() => false));
      return json(res, ready ? 200 : 503, { status: ready ? 'ready' : 'not ready', service: options.name });
    }
    const handler = options.routes[path];
    if (!handler) return json(res, 404, { error: 'Not found' });
    inFlight++;
    if (shuttingDown) res.setHeader('connection', 'close');
    try {
      await handler(req, res);
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
      logger.info({ inFlight }, 'shutting down');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + (options.shutdownTimeoutMs ?? 10_000);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      server.closeAllConnections();
      await closed;
      await options.onShutdown?.();
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
