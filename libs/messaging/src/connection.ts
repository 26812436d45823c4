import { connect, type NatsConnection } from '@nats-io/transport-node';
import type { Logger } from '@slrt/observability';

export type { NatsConnection } from '@nats-io/transport-node';

export interface NatsConnectOptions {
  /** Comma-separated server URLs. */
  url: string;
  /** Connection name shown by the server (`nats server report connections`). */
  name: string;
  user?: string;
  password?: string;
  /**
   * Prefix of the connection's reply subjects (requests, PubAcks, pulled messages). Each NATS user
   * may subscribe only to `_INBOX_<user>.>`: use `inboxPrefix(user)`.
   */
  inboxPrefix?: string;
  /** PEM file of the CA that signed the server certificate: TLS is then required. */
  tlsCaFile?: string;
  logger: Logger;
}

/** Connections made by `connectNats` whose link to the server is down right now (reconnecting). */
const disconnected = new WeakSet<NatsConnection>();

/**
 * Is this connection's link to NATS down right now? A request sent meanwhile would wait its whole
 * timeout: callers answer "unavailable, try again" at once instead (the RPC client does).
 */
export function isNatsDisconnected(nc: NatsConnection): boolean {
  return disconnected.has(nc) || nc.isClosed();
}

/** The inbox prefix of a NATS user (deploy/nats/generate.mjs lets it subscribe only there). */
export function inboxPrefix(user: string): string {
  return `_INBOX_${user}`;
}

/**
 * Connects to NATS and keeps reconnecting forever: a NATS restart or outage must never need a
 * service restart. Status changes are logged.
 */
export async function connectNats(o: NatsConnectOptions): Promise<NatsConnection> {
  const nc = await connect({
    servers: o.url.split(',').map((s) => s.trim()),
    name: o.name,
    ...(o.user ? { user: o.user, pass: o.password ?? '' } : {}),
    ...(o.inboxPrefix ? { inboxPrefix: o.inboxPrefix } : {}),
    ...(o.tlsCaFile ? { tls: { caFile: o.tlsCaFile } } : {}),
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    waitOnFirstConnect: false,
    pingInterval: 10_000,
    // nats.js otherwise captures a stack trace (an Error) on every request and publish, to enrich
    // a later timeout; a CPU profile showed it among the gateway's largest costs per request, and
    // RpcClient already names the subject of any transport error it raises.
    noAsyncTraces: true,
  });
  void (async () => {
    for await (const s of nc.status()) {
      if (s.type === 'disconnect') {
        disconnected.add(nc);
        o.logger.warn({ server: 'server' in s ? s.server : undefined }, 'NATS disconnected; reconnecting');
      } else if (s.type === 'reconnect') {
        disconnected.delete(nc);
        o.logger.info({ server: 'server' in s ? s.server : undefined }, 'NATS reconnected');
      } else if (s.type === 'error') o.logger.error({ err: 'error' in s ? s.error : undefined }, 'NATS error');
    }
  })();
  return nc;
}
