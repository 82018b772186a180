import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Redis } from 'ioredis';
import { tracer } from './tracing.js';

type SendCommand = Redis['sendCommand'];

/**
 * Redis commands issued while serving a traced request become child spans
 * (`redis.GET` …); background loops (stream reads) start no traces of their own.
 */
export function traceRedis(client: Redis, component: string): Redis {
  const send = client.sendCommand.bind(client) as SendCommand;
  client.sendCommand = ((command, stream) => {
    if (!trace.getActiveSpan()) return send(command, stream);
    const span = tracer.startSpan(`redis.${command.name.toUpperCase()}`, {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system.name': 'redis', 'db.operation.name': command.name.toUpperCase(), 'retail.component': component },
    });
    const result = send(command, stream);
    command.promise.then(
      () => span.end(),
      (error: Error) => {
        span.recordException(error);
        span.setStatus({ code: SpanStatusCode.ERROR });
        span.end();
      },
    );
    return result;
  }) as SendCommand;
  return client;
}
