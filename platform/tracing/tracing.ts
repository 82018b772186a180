import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { config } from '../config/config.js';

let provider: NodeTracerProvider | undefined;

export const tracer = trace.getTracer('retail-federation');

/**
 * Starts the OpenTelemetry SDK for this process when an exporter is
 * configured (off by default). Spans are created by hand at the process
 * edges (HTTP in, HTTP out, SQL) and by Apollo Gateway itself, so nothing
 * depends on patching modules: a tracer provider and the OTLP/HTTP exporter
 * are all it needs, not the whole NodeSDK with every exporter and resource
 * detector. Loaded only then: a process with tracing off carries none of it.
 */
export async function startTracing(service: string): Promise<void> {
  const c = config();
  if (provider || c.OTEL_TRACES_EXPORTER === 'none') return;
  const { registerTracerProvider } = await import('./tracer-provider.js');
  if (provider) return;
  provider = registerTracerProvider({
    service,
    exporter: c.OTEL_TRACES_EXPORTER,
    otlpEndpoint: c.OTEL_EXPORTER_OTLP_ENDPOINT,
    samplerRatio: c.OTEL_TRACES_SAMPLER_ARG,
    batchDelayMs: c.OTEL_BSP_SCHEDULE_DELAY,
  });
}

/** Flushes and stops the SDK (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  await provider?.shutdown().catch(() => undefined);
  provider = undefined;
}

type HeaderCarrier = Record<string, string | string[] | undefined>;

/** The trace context a caller sent (W3C traceparent), or the current one. */
export function contextFromHeaders(headers: HeaderCarrier): Context {
  return propagation.extract(context.active(), headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** Adds traceparent/tracestate of the active span to outgoing headers. */
export function injectTraceHeaders(set: (name: string, value: string) => void): void {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  for (const [name, value] of Object.entries(carrier)) set(name, value);
}

/** Runs `fn` in a span (child of `parent` or the active context) and ends it, recording failures. */
export async function inSpan<T>(name: string, kind: SpanKind, parent: Context | undefined, fn: (span: Span) => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(name, { kind }, parent ?? context.active(), async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** Trace and span ids of the active span, for log lines. */
export function activeTraceIds(): { trace_id: string; span_id: string } | undefined {
  const span = trace.getActiveSpan();
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  return traceFlags !== undefined && traceId !== '00000000000000000000000000000000' ? { trace_id: traceId, span_id: spanId } : undefined;
}

export { SpanKind };
