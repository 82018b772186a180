import { SpanKind, SpanStatusCode, context, propagation, trace, type Context, type Span } from '@opentelemetry/api';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { config } from '../config/config.js';

let sdk: NodeSDK | undefined;

export const tracer = trace.getTracer('retail-federation');

/**
 * Starts the OpenTelemetry SDK for this process when an exporter is
 * configured (off by default). Spans are created by hand at the process
 * edges (HTTP in, HTTP out, SQL) and by Apollo Gateway itself, so nothing
 * depends on patching ES modules. The SDK is loaded only then: loading it
 * costs a process about 50 MB of memory.
 */
export async function startTracing(service: string): Promise<void> {
  const c = config();
  if (sdk || c.OTEL_TRACES_EXPORTER === 'none') return;
  const [{ NodeSDK }, { BatchSpanProcessor, ConsoleSpanExporter, ParentBasedSampler, TraceIdRatioBasedSampler }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  if (sdk) return;
  const traceExporter =
    c.OTEL_TRACES_EXPORTER === 'console'
      ? new ConsoleSpanExporter()
      : new OTLPTraceExporter({ url: `${c.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/$/, '')}/v1/traces` });
  sdk = new NodeSDK({
    resource: resourceFromAttributes({ 'service.name': service }),
    spanProcessors: [new BatchSpanProcessor(traceExporter, { scheduledDelayMillis: c.OTEL_BSP_SCHEDULE_DELAY })],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(c.OTEL_TRACES_SAMPLER_ARG) }),
    instrumentations: [],
  });
  sdk.start();
}

/** Flushes and stops the SDK (graceful shutdown). */
export async function stopTracing(): Promise<void> {
  await sdk?.shutdown().catch(() => undefined);
  sdk = undefined;
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
