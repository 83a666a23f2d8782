/**
 * OpenTelemetry for the proxy, built once from the telemetry settings. With neither
 * APPLICATIONINSIGHTS_CONNECTION_STRING nor METRICS_PORT set, `createObservability` returns undefined and the
 * pipeline skips every hook: no SDK object exists and requests pay nothing.
 *
 * The exporter is `@azure/monitor-opentelemetry-exporter` on the plain SDK (sdk-trace-base, sdk-metrics), not the
 * `@azure/monitor-opentelemetry` distro: the distro registers global providers and auto-instrumentations (http,
 * undici via http, redis, loggers, Azure SDK) that wrap every socket and request, and pulls `@azure/identity`; the proxy
 * already has one event per request and per CI attempt, so spans and metrics are made from those (docs/design.md,
 * "Telemetry").
 */
import { AzureMonitorMetricExporter, AzureMonitorTraceExporter } from '@azure/monitor-opentelemetry-exporter';
import { PrometheusExporter } from '@opentelemetry/exporter-prometheus';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { MeterProvider, PeriodicExportingMetricReader, type MetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ProxyConfig } from '../config';
import { METRICS_EXPORT_INTERVAL_MS } from '../constants';
import { createProxyMetrics, type ProxyMetrics } from './metrics';
import { createRequestTracing, type RequestTracing } from './tracing';

export { METRIC, type FinishedRequest, type ProxyMetrics } from './metrics';
export type { RequestTrace } from './tracing';

/** The cloud role name in Application Insights and `service_name` in Prometheus' target_info. */
export const SERVICE_NAME = 'ci-proxy';

/** The exporter reads this at construction; set, it sends no statsbeat (its own usage reports to Microsoft). */
const NO_STATSBEAT = 'APPLICATION_INSIGHTS_NO_STATSBEAT';

export interface Observability {
  metrics: ProxyMetrics;
  /** Present when traces are exported (Application Insights). */
  tracing?: RequestTracing;
  /** Present when METRICS_PORT is set: the reader the admin endpoint serves (prometheus-endpoint.ts). */
  prometheus?: PrometheusExporter;
  /** Exports what is still buffered (spans, the last metric interval) and stops the exporters. */
  shutdown(): Promise<void>;
}

export function createObservability(config: ProxyConfig): Observability | undefined {
  const { connectionString, metrics } = config.telemetry;
  if (connectionString === undefined && metrics === undefined) return undefined;
  const resource = resourceFromAttributes({ 'service.name': SERVICE_NAME });
  const readers: MetricReader[] = [];
  const prometheus = metrics ? new PrometheusExporter({ preventServerStart: true }) : undefined;
  if (prometheus) readers.push(prometheus);
  let tracerProvider: BasicTracerProvider | undefined;
  if (connectionString !== undefined) {
    // Telemetry goes only where the operator's connection string points: the exporter's statsbeat would also send
    // reports of its own to a Microsoft-owned resource, which a proxy whose egress is reviewed should not do.
    process.env[NO_STATSBEAT] ??= 'true';
    const options = { connectionString };
    readers.push(
      new PeriodicExportingMetricReader({
        exporter: new AzureMonitorMetricExporter(options),
        exportIntervalMillis: METRICS_EXPORT_INTERVAL_MS,
      }),
    );
    tracerProvider = new BasicTracerProvider({
      resource,
      spanProcessors: [new BatchSpanProcessor(new AzureMonitorTraceExporter(options))],
    });
  }
  const meterProvider = new MeterProvider({ resource, readers });
  // Not registered globally: the proxy's instruments come from its own provider, so nothing else is instrumented.
  return {
    metrics: createProxyMetrics(meterProvider.getMeter(SERVICE_NAME)),
    ...(tracerProvider
      ? { tracing: createRequestTracing(tracerProvider.getTracer(SERVICE_NAME), config.upstream.ciBaseUrl) }
      : {}),
    ...(prometheus ? { prometheus } : {}),
    async shutdown() {
      await Promise.allSettled([tracerProvider?.shutdown(), meterProvider.shutdown()]);
    },
  };
}
