// Types of deploy/observability/prometheus.mjs for the TypeScript that imports it (its tests).
export interface PrometheusOptions {
  /** Service name → the `host:port` of its operations servers (several for intake's instances). */
  services: Record<string, string[]>;
  /** `host:port` of prometheus-postgres-exporter. */
  postgresExporter?: string | null;
  /** `host:port` of prometheus-nats-exporter. */
  natsExporter?: string | null;
  /** Prometheus duration, default `15s`. */
  scrapeInterval?: string;
}
export function prometheusConfig(o: PrometheusOptions): string;
