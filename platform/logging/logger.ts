import { pino, type Logger } from 'pino';
import { config } from '../config/config.js';
import { activeTraceIds } from '../tracing/tracing.js';

export type { Logger };

/**
 * Lines are written asynchronously, several at a time: one blocking write
 * per line (one line per GraphQL operation, in the router and in each
 * subgraph it calls) took a sixth of a process's CPU under load. What is
 * buffered goes out at least every LOG_FLUSH_MS and when the process exits.
 */
const LOG_FLUSH_MS = 250;
const destination = pino.destination({ dest: 1, sync: false, minLength: 8192 });
setInterval(() => destination.flush(), LOG_FLUSH_MS).unref();

const root = pino(
  {
    level: config().LOG_LEVEL,
    base: { pid: process.pid },
    redact: { paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // Every line carries the trace and span ids of the request it belongs to.
    mixin: () => activeTraceIds() ?? {},
  },
  destination,
);

export function createLogger(service: string): Logger {
  return root.child({ service });
}
