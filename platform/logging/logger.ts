import { pino, type Logger } from 'pino';
import { config } from '../config/config.js';

export type { Logger };

const root = pino({
  level: config().LOG_LEVEL,
  base: { pid: process.pid },
  redact: { paths: ['password', '*.password', 'token', '*.token', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' },
  timestamp: pino.stdTimeFunctions.isoTime,
});

export function createLogger(service: string): Logger {
  return root.child({ service });
}
