import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const readBody = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let s = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (s += c));
    req.on('end', () => resolve(s));
  });

export interface ProviderCall {
  key: string | null;
  to: string;
  text: string;
  reference: string;
}

/**
 * An SMS provider behind the generic HTTP adapter: `POST /messages` with a bearer token,
 * `Idempotency-Key` honoured (a repeat answers the first result and is not "handed to the
 * network" again), 401 on a wrong token, and a switch to answer 503 while "down".
 */
export async function startGenericProvider(token: string) {
  const calls: ProviderCall[] = [];
  /** Messages that reached a handset: one per idempotency key. */
  const delivered = new Map<string, ProviderCall>();
  const state = { down: false, delayMs: 0, seq: 0 };
  const server: Server = createServer(async (req, res) => {
    const body = await readBody(req);
    if (req.method !== 'POST' || req.url !== '/messages') return void res.writeHead(404).end();
    if (req.headers.authorization !== `Bearer ${token}`)
      return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"invalid token"}');
    const json = JSON.parse(body) as { to: string; text: string; reference: string };
    const key = (req.headers['idempotency-key'] as string | undefined) ?? null;
    calls.push({ key, ...json });
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs));
    if (state.down)
      return void res.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"service unavailable"}');
    if (!/^\+62\d{8,13}$/.test(json.to))
      return void res.writeHead(422, { 'content-type': 'application/json' }).end('{"error":"invalid number"}');
    const first = key ? delivered.get(key) : undefined;
    if (first)
      return void res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ id: `p-${first.reference}`, duplicate: true }));
    if (key) delivered.set(key, { key, ...json });
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ id: `p-${json.reference}`, status: 'accepted', n: ++state.seq }));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/messages`;
  return {
    url,
    calls,
    delivered,
    state,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Fonnte's API as documented (https://docs.fonnte.com/api-send-message/): `POST /send`,
 * `Authorization: <token>`, form fields `target`, `message`, `countryCode`; answers
 * `{"status":true,"id":["…"],"process":"pending","target":[…]}` or `{"status":false,"reason":…}`
 * with HTTP 200.
 */
export async function startFonnte(token: string) {
  const calls: Array<{ target: string; message: string; countryCode: string }> = [];
  const state = { seq: 80367170 };
  const server = createServer(async (req, res) => {
    const body = new URLSearchParams(await readBody(req));
    const json = (o: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(o));
    if (req.method !== 'POST' || req.url !== '/send') return void res.writeHead(404).end();
    if (req.headers.authorization !== token) return json({ reason: 'token invalid', status: false });
    const call = {
      target: body.get('target') ?? '',
      message: body.get('message') ?? '',
      countryCode: body.get('countryCode') ?? '',
    };
    calls.push(call);
    if (!call.message) return json({ reason: 'message required', status: false });
    if (!/^62\d{8,13}$/.test(call.target)) return json({ reason: 'target invalid', status: false });
    if (call.target.endsWith('000')) return json({ reason: 'devices disconnected', status: false });
    json({
      detail: 'success! message in queue',
      id: [String(++state.seq)],
      process: 'pending',
      status: true,
      target: [call.target],
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
  return {
    url,
    calls,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** An SMTP server (smtp-server) keeping what it receives; `refuse` answers 550 to RCPT for an address. */
export async function startSmtp() {
  const mails: Array<{ to: string[]; raw: string }> = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('ditolak'))
        return cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      cb();
    },
    onData(stream, session, cb) {
      let raw = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (raw += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { url: `smtp://127.0.0.1:${port}`, mails, close: () => new Promise<void>((r) => server.close(() => r())) };
}
