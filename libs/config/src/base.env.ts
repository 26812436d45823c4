import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Log levels pino understands, most to least verbose. */
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Indonesia's time zones (fixed offsets, no daylight saving): WIB, WIB (Kalimantan Barat), WITA,
 * WIT. The one list for settings; libs/domain holds the same for contracts (the module rules keep
 * libs/config free of other libraries).
 */
export const SLRT_TIME_ZONES = ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura'] as const;

/**
 * Variables every service reads. Each service extends this class with its own variables in
 * `src/config/<svc>.env.ts`.
 */
export class BaseServiceEnv {
  /** `production` turns off demo conveniences and pretty errors. */
  @IsIn(['development', 'test', 'production'], { message: 'must be one of development, test, production' })
  NODE_ENV: 'development' | 'test' | 'production' = 'development';

  /**
   * The kab/kota's time zone: local dates, months, working days, quiet hours, documents. One setting
   * for every service of a deployment (it must be the same everywhere).
   */
  @IsIn([...SLRT_TIME_ZONES], {
    message: 'must be an Indonesian time zone (Asia/Jakarta, Asia/Pontianak, Asia/Makassar or Asia/Jayapura)',
  })
  SLRT_TIME_ZONE: (typeof SLRT_TIME_ZONES)[number] = 'Asia/Jakarta';

  /** Minimum level of log lines written to stdout. */
  @IsIn([...LOG_LEVELS], { message: `must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL: LogLevel = 'info';

  /** PostgreSQL connection string of this service's database (its own role and schema). */
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// connection URL' })
  DATABASE_URL!: string;

  /**
   * Schema this service owns. Defaults to the service name; tests use a unique schema per run.
   */
  @IsOptional()
  @Matches(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'must be a lower-case SQL identifier' })
  DATABASE_SCHEMA?: string;

  /** Connections in the service's database pool (each in-flight transaction holds one). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be between 1 and 200' })
  @Max(200, { message: 'must be between 1 and 200' })
  DATABASE_POOL_SIZE = 20;

  /** Comma-separated NATS server URLs, e.g. `nats://127.0.0.1:4222`. */
  @Matches(/^(nats|tls|ws|wss):\/\/[^,]+(,(nats|tls|ws|wss):\/\/[^,]+)*$/, {
    message: 'must be one or more nats:// URLs separated by commas',
  })
  NATS_URL!: string;

  /**
   * NATS credentials: the service's own user (its name) and password from deploy/nats/generate.mjs.
   * The launcher sets them; without them the service connects anonymously (a server without auth).
   */
  @IsOptional() @IsString() NATS_USER?: string;
  @IsOptional() @IsString() NATS_PASSWORD?: string;
  /** PEM file of the CA that signed the NATS server's certificate: the connection then requires TLS. */
  @IsOptional() @IsString() NATS_TLS_CA?: string;

  /**
   * Prefix for stream and durable consumer names. Empty in production; tests set a unique one
   * so parallel runs never share JetStream state.
   */
  @IsOptional()
  @Matches(/^[A-Z0-9_]*$/, { message: 'must be upper-case letters, digits and underscores' })
  NATS_STREAM_PREFIX = '';

  /** Replicas of each JetStream stream: 1 on a single server, 3 on a NATS cluster. */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be 1, 3 or 5' })
  @Max(5, { message: 'must be 1, 3 or 5' })
  NATS_STREAM_REPLICAS = 1;

  /** Kemendagri code of the kab/kota this deployment serves, e.g. `62.71`. */
  @Matches(/^\d{2}\.\d{2}$/, { message: 'must be a kab/kota code like 62.71' })
  KAB_KOTA_CODE = '62.71';

  /**
   * OTLP/HTTP endpoint of a trace collector (an OpenTelemetry Collector, Jaeger, Tempo), e.g.
   * `http://127.0.0.1:4318`: spans go to `<endpoint>/v1/traces` as OTLP/JSON. Unset: no spans are
   * made or sent (the W3C `traceparent` still crosses every hop and appears in the logs).
   */
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  /** Headers for the collector, `key=value` pairs separated by commas (e.g. an API key), as OpenTelemetry's variable of that name. */
  @IsOptional() @IsString() OTEL_EXPORTER_OTLP_HEADERS?: string;
  /** Share of new traces recorded, 0–1 (default 1); a trace begun upstream follows its caller's decision. */
  @IsOptional()
  @Type(() => Number)
  @Min(0, { message: 'must be between 0 and 1' })
  @Max(1, { message: 'must be between 0 and 1' })
  OTEL_TRACES_SAMPLER_ARG?: number;

  /**
   * `1`: once ready, the service collects its start-up garbage (a few full collections while idle:
   * ~25–30 MB less resident memory, libs/messaging `start-memory.ts`); `0` leaves it to V8.
   */
  @IsIn(['0', '1'], { message: 'must be 0 or 1' }) SLRT_START_GC: '0' | '1' = '1';

  /** Port of the service's HTTP server (health, metrics; the gateway's API). */
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  HTTP_PORT = 0;

  /** Interface the HTTP server binds to. */
  @IsString() HTTP_HOST = '127.0.0.1';

  /**
   * Port of the operations server: `/metrics`, `/health/live`, `/health/ready` (never on the API
   * port). Defaults to HTTP_PORT + 6100 (gateway 9100, intake 9101, …); 0 when HTTP_PORT is 0.
   */
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(0, { message: 'must be between 0 and 65535' })
  @Max(65535, { message: 'must be between 0 and 65535' })
  OPS_PORT?: number;

  /** Interface the operations server binds to: loopback unless a scraper/prober elsewhere needs it. */
  @IsString() OPS_HOST = '127.0.0.1';

  /**
   * Addresses of the reverse proxies whose `X-Forwarded-For` is believed (comma-separated IPs or
   * CIDRs, e.g. `10.0.0.5,10.1.0.0/16`). Empty: no proxy is trusted and the client address is the
   * socket's, so a client cannot pick its own rate-limit bucket.
   */
  @IsOptional()
  @Matches(/^(\s*[0-9a-fA-F:.]+(\/\d{1,3})?\s*(,\s*[0-9a-fA-F:.]+(\/\d{1,3})?\s*)*)?$/, {
    message: 'must be IP addresses or CIDRs separated by commas',
  })
  TRUST_PROXY?: string;
}

/** The operations port of a service: `OPS_PORT`, else HTTP_PORT + 6100 (0 when HTTP_PORT is 0). */
export function opsPort(env: Pick<BaseServiceEnv, 'HTTP_PORT' | 'OPS_PORT'>): number {
  return env.OPS_PORT ?? (env.HTTP_PORT ? env.HTTP_PORT + 6100 : 0);
}

/** Fastify's `trustProxy` for `TRUST_PROXY`: the listed addresses, or none. */
export function trustedProxies(env: Pick<BaseServiceEnv, 'TRUST_PROXY'>): string[] | false {
  const list = (env.TRUST_PROXY ?? '')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  return list.length ? list : false;
}
