import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ConsoleSpanExporter, NodeTracerProvider, ParentBasedSampler, TraceIdRatioBasedSampler } from '@opentelemetry/sdk-trace-node';

export interface TracerProviderOptions {
  service: string;
  exporter: 'otlp' | 'console';
  /** OTLP/HTTP base URL; spans go to `<endpoint>/v1/traces`. */
  otlpEndpoint: string;
  samplerRatio: number;
  batchDelayMs: number;
}

/**
 * The OpenTelemetry SDK of a traced process: a tracer provider (with its
 * AsyncLocalStorage context and W3C propagators, registered globally) and
 * one exporter, nothing else. tracing.ts imports this module only when
 * tracing is on; its imports are static so the bundler resolves the SDK's
 * CommonJS exports by name (a dynamic import of a CommonJS package gives a
 * bundle its default export only).
 */
export function registerTracerProvider(options: TracerProviderOptions): NodeTracerProvider {
  const exporter =
    options.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter({ url: `${options.otlpEndpoint.replace(/\/$/, '')}/v1/traces` });
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': options.service }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: options.batchDelayMs })],
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(options.samplerRatio) }),
  });
  provider.register();
  return provider;
}
