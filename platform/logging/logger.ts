import { pino, type Logger } from 'pino';
import { config } from '../config/config.js';
import { activeTraceIds } from '../tracing/tracing.js';

export type { Logger };

const root = pino({
  level: config().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  timestamp: pino.stdTimeFunctions.isoTime,
  // Every line carries the trace and span ids of the request it belongs to.
  mixin: () => activeTraceIds() ?? {},
});

export function createLogger(service: string): Logger {
  return root.child({ service });
}
