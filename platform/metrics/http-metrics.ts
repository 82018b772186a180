import type { IncomingMessage, ServerResponse } from 'node:http';
import { counter, gauge, histogram, registry } from './registry.js';

const inFlight = gauge('http_requests_in_flight', 'HTTP requests being served', ['route']);
const requests = counter('http_requests_total', 'HTTP requests served', ['route', 'method', 'status']);
const duration = histogram('http_request_duration_seconds', 'HTTP request duration', ['route', 'method']);

/** Routes are the server's own fixed paths, so the label stays bounded. */
export function observeHttpRequest(route: string, req: IncomingMessage, res: ServerResponse): void {
  const method = req.method ?? 'GET';
  const stop = duration.startTimer({ route, method });
  inFlight.inc({ route });
  res.once('close', () => {
    inFlight.dec({ route });
    stop();
    requests.inc({ route, method, status: String(res.statusCode) });
  });
}

export async function metricsHandler(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  res.setHeader('content-type', registry.contentType);
  res.end(await registry.metrics());
}
