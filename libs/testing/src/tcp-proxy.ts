import { createServer, connect, type Server, type Socket } from 'node:net';
import { freePort } from './nats-server.js';

/**
 * A TCP proxy in front of a server (PostgreSQL, the gateway), for tests and benchmarks: it counts
 * the bytes each way (what a phone's link carries), and can cut the link (every connection dropped,
 * new ones refused, as when the server goes down), open it again on the same port, and stall it
 * (the server's answers held back, as on a link that hangs) until released.
 */
export class TcpProxy {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  private stalled: Array<() => void> | null = null;
  private upBytes = 0;
  private downBytes = 0;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host?: string; port: number }): Promise<TcpProxy> {
    const proxy = new TcpProxy(await freePort(), { host: target.host ?? '127.0.0.1', port: target.port });
    await proxy.open();
    return proxy;
  }

  /** Bytes sent to the server / received from it since the start or the last `reset`. */
  get up(): number {
    return this.upBytes;
  }

  get down(): number {
    return this.downBytes;
  }

  reset(): void {
    this.upBytes = 0;
    this.downBytes = 0;
  }

  /** Listens (again) on the proxy's port. */
  async open(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.on('data', (d) => {
        this.upBytes += d.length;
        upstream.write(d);
      });
      upstream.on('data', (d) => {
        this.downBytes += d.length;
        if (this.stalled) this.stalled.push(() => client.write(d));
        else client.write(d);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
  }

  /** The server gone: every connection dropped, new ones refused (ECONNREFUSED) until `open`. */
  async cut(): Promise<void> {
    if (!this.server) return;
    const closed = new Promise<void>((resolve) => this.server!.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    this.server = null;
  }

  /** Holds the server's answers back until `release`. */
  stall(): void {
    this.stalled = [];
  }

  release(): void {
    const held = this.stalled ?? [];
    this.stalled = null;
    for (const write of held) write();
  }

  async close(): Promise<void> {
    this.release();
    await this.cut();
  }
}
