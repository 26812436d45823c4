import { RequestError, TimeoutError, type NatsConnection } from '@nats-io/transport-node';
import {
  RPCS,
  SERVICES,
  assertingService,
  inspectUntrusted,
  rpcWireSubject,
  validatePayload,
  type Actor,
  type ServiceName,
  type PayloadClass,
  type RpcError,
  type RpcReply,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@slrt/contracts';
import { createLogger, type Logger, type Metrics } from '@slrt/observability';
import { connectNats, inboxPrefix } from './connection.js';
import { buildEnvelope, envelopeHeaders, toNatsHeaders, type Producer } from './envelope.js';
import { isNatsDisconnected } from './connection.js';
import { RpcCallError, isRpcError } from './errors.js';
import { REPLY_CHECKS, REQUEST_CHECKS } from './contract-checks.js';

export interface RpcCallOptions {
  /**
   * Who asks. Required: domain services refuse requests without an identity, and requests whose
   * actor this service may not assert (`callerMayAssert`: only the gateway asserts users and owner
   * clients; every other service asserts `systemActor(<itself>)`).
   */
  actor: Actor;
  /** How long to wait for a reply (default 5 s). */
  timeoutMs?: number;
}

/**
 * Sends commands and queries over core NATS request/reply, typed by the contracts: the request is
 * validated before it leaves, the reply after it arrives. It publishes on the request's wire
 * subject (`rpcWireSubject(subject, <this service>)`), which names this service as the caller. Failures become `RpcCallError` with a
 * code the gateway maps to HTTP: `UNAVAILABLE` (503) when no instance listens, `TIMEOUT` (504)
 * when none answered in time, or the error the service replied with.
 */
export class RpcClient {
  /** The calling service: the last token of every request subject this client sends. */
  readonly caller: ServiceName;

  constructor(
    private readonly nc: NatsConnection,
    private readonly producer: Producer,
    private readonly logger: Logger,
    private readonly metrics?: Metrics,
  ) {
    if (!(SERVICES as readonly string[]).includes(producer.service))
      throw new Error(`RpcClient: "${producer.service}" is not a service name (SERVICES in @slrt/contracts)`);
    this.caller = producer.service as ServiceName;
  }

  /**
   * A client on the same connection that names another service as the caller. For tests and tools
   * that stand in for several services on one connection (a test asking as the gateway would). It
   * grants nothing in a deployment: NATS permissions refuse a publish on another service's caller
   * token, so such a request never reaches a handler.
   */
  asCaller(caller: ServiceName): RpcClient {
    return new RpcClient(this.nc, { ...this.producer, service: caller }, this.logger, this.metrics);
  }

  async request<S extends RpcSubject>(
    subject: S,
    data: RpcRequest<S>,
    options: RpcCallOptions,
  ): Promise<RpcResponse<S>> {
    const spec = RPCS[subject];
    // Checked before JSON.stringify, which recurses: a caller's hostile nesting is a 422, not a crash.
    const hostile = inspectUntrusted(data);
    const plain = hostile.length ? null : (JSON.parse(JSON.stringify(data)) as unknown);
    const check = hostile.length
      ? { ok: false as const, fieldErrors: hostile }
      : validatePayload(spec.request as PayloadClass, plain, { inspected: true, wellFormed: REQUEST_CHECKS[subject] });
    if (!check.ok) {
      throw new RpcCallError(subject, {
        code: 'VALIDATION_FAILED',
        detail: 'Data yang dikirim tidak valid. Periksa isian yang ditandai.',
        fieldErrors: check.fieldErrors,
      });
    }
    // With the link to NATS down the request would wait its whole timeout: say so at once.
    if (isNatsDisconnected(this.nc)) {
      throw new RpcCallError(subject, {
        code: 'UNAVAILABLE',
        reason: 'NATS_UNAVAILABLE',
        detail:
          'Sambungan antarlayanan sedang terputus. Coba lagi beberapa saat lagi; data yang sudah dikirim tidak akan tercatat dua kali.',
      });
    }
    const envelope = buildEnvelope(this.producer, subject, plain, { actor: options.actor });
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      const msg = await this.nc
        .request(rpcWireSubject(subject, this.caller), JSON.stringify(envelope), {
          timeout: options.timeoutMs ?? 5000,
          headers: toNatsHeaders(envelopeHeaders(envelope)),
        })
        .catch((err: unknown) => {
          throw this.transportError(subject, err);
        });
      let body: RpcReply<unknown>;
      try {
        body = JSON.parse(Buffer.from(msg.data).toString('utf8')) as RpcReply<unknown>;
      } catch {
        throw new RpcCallError(subject, { code: 'INTERNAL', detail: 'Balasan layanan tidak dapat dibaca.' });
      }
      if (!body || typeof body !== 'object' || typeof body.ok !== 'boolean') {
        throw new RpcCallError(subject, { code: 'INTERNAL', detail: 'Balasan layanan tidak dapat dibaca.' });
      }
      if (!body.ok) {
        throw new RpcCallError(
          subject,
          isRpcError(body.error) ? body.error : { code: 'INTERNAL', detail: 'Balasan layanan tidak dapat dibaca.' },
        );
      }
      const reply = validatePayload(spec.response as PayloadClass, body.data, { wellFormed: REPLY_CHECKS[subject] });
      if (!reply.ok) {
        this.logger.error({ subject, fieldErrors: reply.fieldErrors.map((f) => f.field) }, 'reply breaks its contract');
        throw new RpcCallError(subject, { code: 'INTERNAL', detail: 'Balasan layanan tidak sesuai kontrak.' });
      }
      return reply.value as RpcResponse<S>;
    } catch (err) {
      outcome = err instanceof RpcCallError ? err.error.code : 'INTERNAL';
      throw err;
    } finally {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      this.metrics
        ?.histogram(
          'slrt_rpc_client_seconds',
          'Requests sent over NATS',
          ['subject', 'outcome'],
          [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        )
        .observe({ subject, outcome }, seconds);
    }
  }

  private transportError(subject: string, err: unknown): RpcCallError {
    const service = subject.split('.')[2] ?? 'tujuan';
    if (err instanceof RequestError && err.isNoResponders()) {
      return new RpcCallError(subject, {
        code: 'UNAVAILABLE',
        reason: 'NO_RESPONDERS',
        detail: `Layanan ${service} sedang tidak tersedia. Coba lagi beberapa saat lagi.`,
      });
    }
    if (err instanceof TimeoutError || (err instanceof Error && err.cause instanceof TimeoutError)) {
      return new RpcCallError(subject, {
        code: 'TIMEOUT',
        reason: 'TIMEOUT',
        detail: `Layanan ${service} tidak menjawab tepat waktu. Coba lagi beberapa saat lagi.`,
      });
    }
    this.logger.warn({ subject, err }, 'request over NATS failed');
    const error: RpcError = {
      code: 'UNAVAILABLE',
      reason: 'TRANSPORT',
      detail: `Layanan ${service} tidak dapat dihubungi. Coba lagi beberapa saat lagi.`,
    };
    return new RpcCallError(subject, error);
  }
}

/**
 * A request client on its own connection, speaking as `service` with that service's NATS user
 * (outside parties, scripts and tests that act as, say, the gateway). Close the connection after.
 */
export async function connectRpcClient(o: {
  url: string;
  service: string;
  user?: string;
  password?: string;
  kabKotaCode: string;
  logger?: Logger;
}): Promise<{ client: RpcClient; nc: NatsConnection; close(): Promise<void> }> {
  const logger = o.logger ?? createLogger(o.service, 'silent');
  const nc = await connectNats({
    url: o.url,
    name: o.service,
    logger,
    inboxPrefix: inboxPrefix(o.user ?? o.service),
    ...(o.user ? { user: o.user, password: o.password ?? '' } : {}),
  });
  return {
    client: new RpcClient(nc, { service: o.service, kabKotaCode: o.kabKotaCode }, logger),
    nc,
    close: () => nc.close(),
  };
}

/**
 * Request clients speaking as several services, each over that service's own NATS user, connected
 * on first use (one connection per service, however many callers ask at once). For tests and tools
 * that stand in for the gateway and other callers, as production permissions require.
 */
export function rpcSenders(o: {
  credentials(user: string): { url: string; user?: string; password?: string };
  kabKotaCode: string;
}) {
  const open = new Map<string, ReturnType<typeof connectRpcClient>>();
  const get = (service: string) => {
    let c = open.get(service);
    if (!c)
      open.set(service, (c = connectRpcClient({ ...o.credentials(service), service, kabKotaCode: o.kabKotaCode })));
    return c;
  };
  return {
    /** The request client of `service`. */
    client: async (service: string): Promise<RpcClient> => (await get(service)).client,
    /** The raw connection of `service` (to send what a forger would, bypassing client-side checks). */
    connection: async (service: string): Promise<NatsConnection> => (await get(service)).nc,
    close: async (): Promise<void> => {
      const all = [...open.values()];
      open.clear();
      for (const c of all) await (await c).close();
    },
  };
}

/**
 * For tests that send requests as production does: each actor's request goes out under the name
 * of the service allowed to assert it (`assertingService`: users and owner clients through the
 * gateway, `system:<svc>` as that service). `fail` returns the error a refused request answers.
 */
export function assertedCalls(client: () => RpcClient, timeoutMs = 10_000) {
  const call = <S extends RpcSubject>(s: S, d: unknown, a: Actor) =>
    client()
      .asCaller(assertingService(a)!)
      .request(s, d as RpcRequest<S>, { actor: a, timeoutMs });
  const fail = async (s: RpcSubject, d: unknown, a: Actor): Promise<RpcError> => {
    try {
      await call(s, d, a);
    } catch (e) {
      if (e instanceof RpcCallError) return e.error;
      throw e;
    }
    throw new Error('expected a failure');
  };
  return { call, fail };
}
