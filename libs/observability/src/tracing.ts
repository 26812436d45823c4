import type { Attributes, Tracer } from '@opentelemetry/api';
import { childTraceparent, parseTraceparent } from './trace-context.js';

/**
 * Spans of a service's units of work, exported over OTLP when a collector is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT`): an HTTP request (kind server), a NATS request handled (server),
 * an event processed (consumer). Each span's id is the one its work passes on: the `traceparent`
 * of the work's RequestContext, which every NATS message it sends carries, so the receiving
 * service's span is the child of the sender's and one trace crosses HTTP → NATS → NATS.
 *
 * Without a collector nothing is loaded (the OpenTelemetry SDK is imported on demand) and `start`
 * only makes the next `traceparent`. Span names and attributes are routes and subjects, never
 * values: no personal data reaches the collector.
 */
export interface Span {
  /** W3C `traceparent` of this span: the parent of whatever the work sends on. */
  readonly traceparent: string;
  /** Ends the span (once; later calls are ignored). `error`: the work failed. */
  end(outcome?: { error?: boolean; attributes?: Attributes }): void;
}

export type SpanKindName = 'server' | 'consumer';

export interface Tracing {
  /** Whether spans are recorded and exported. */
  readonly enabled: boolean;
  /** A span for work whose caller's span is `parent` (a `traceparent`; a new trace when absent or malformed). */
  start(name: string, kind: SpanKindName, parent: string | undefined, attributes?: Attributes): Span;
  /** Sends the spans still buffered and stops (at service shutdown). */
  shutdown(): Promise<void>;
}

const noEnd = () => undefined;

/** No collector configured: no spans, only the next `traceparent` for the work. */
export const NO_TRACING: Tracing = {
  enabled: false,
  start: (_name, _kind, parent) => ({ traceparent: childTraceparent(parent), end: noEnd }),
  shutdown: async () => undefined,
};

export interface TracingSettings {
  OTEL_EXPORTER_OTLP_ENDPOINT?: string | undefined;
  OTEL_EXPORTER_OTLP_HEADERS?: string | undefined;
  OTEL_TRACES_SAMPLER_ARG?: number | undefined;
  KAB_KOTA_CODE?: string | undefined;
}

/** `a=b,c=d` (OpenTelemetry's header list; values may be percent-encoded) → a record. */
export function parseOtlpHeaders(list: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (list ?? '').split(',')) {
    const i = pair.indexOf('=');
    if (i <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, i).trim())] = decodeURIComponent(pair.slice(i + 1).trim());
  }
  return headers;
}

/**
 * The tracing of one service: {@link NO_TRACING} without `OTEL_EXPORTER_OTLP_ENDPOINT`, else an
 * OpenTelemetry tracer provider of its own (several services may share a process in tests) that
 * batches spans to `<endpoint>/v1/traces` as OTLP/JSON, sampling `OTEL_TRACES_SAMPLER_ARG` of new
 * traces and following the caller's decision for the others.
 */
export async function createTracing(service: string, settings: TracingSettings): Promise<Tracing> {
  const endpoint = settings.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint) return NO_TRACING;
  const [api, sdk, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/api'),
    import('@opentelemetry/sdk-trace-base'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const provider = new sdk.BasicTracerProvider({
    resource: resourceFromAttributes({
      'service.name': service,
      'service.namespace': 'slrt',
      ...(settings.KAB_KOTA_CODE ? { 'slrt.kab_kota': settings.KAB_KOTA_CODE } : {}),
    }),
    sampler: new sdk.ParentBasedSampler({
      root: new sdk.TraceIdRatioBasedSampler(settings.OTEL_TRACES_SAMPLER_ARG ?? 1),
    }),
    spanProcessors: [
      new sdk.BatchSpanProcessor(
        new OTLPTraceExporter({
          url: `${endpoint.replace(/\/+$/, '')}/v1/traces`,
          headers: parseOtlpHeaders(settings.OTEL_EXPORTER_OTLP_HEADERS),
        }),
        { scheduledDelayMillis: 1000 },
      ),
    ],
  });
  const tracer: Tracer = provider.getTracer('@slrt/observability');
  const kinds = { server: api.SpanKind.SERVER, consumer: api.SpanKind.CONSUMER };
  return {
    enabled: true,
    start(name, kind, parent, attributes) {
      const p = parseTraceparent(parent);
      const context = p
        ? api.trace.setSpanContext(api.ROOT_CONTEXT, {
            traceId: p.traceId,
            spanId: p.parentId,
            traceFlags: parseInt(p.flags, 16) & 1,
            isRemote: true,
          })
        : api.ROOT_CONTEXT;
      const span = tracer.startSpan(name, { kind: kinds[kind], ...(attributes ? { attributes } : {}) }, context);
      const sc = span.spanContext();
      let ended = false;
      return {
        traceparent: `00-${sc.traceId}-${sc.spanId}-0${sc.traceFlags & 1}`,
        end(outcome) {
          if (ended) return;
          ended = true;
          if (outcome?.attributes) span.setAttributes(outcome.attributes);
          if (outcome?.error) span.setStatus({ code: api.SpanStatusCode.ERROR });
          span.end();
        },
      };
    },
    shutdown: () => provider.shutdown(),
  };
}
