import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The nats-server binary: `NATS_SERVER_BIN`, else the PATH, else the Debian location. */
export function natsServerBinary(): string {
  if (process.env.NATS_SERVER_BIN) return process.env.NATS_SERVER_BIN;
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/usr/local/bin']) {
    if (dir && existsSync(join(dir, 'nats-server'))) return join(dir, 'nats-server');
  }
  throw new Error('nats-server not found: install it (apt-get install nats-server) or set NATS_SERVER_BIN');
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: '127.0.0.1', port });
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

export interface TestNatsServer {
  url: string;
  port: number;
  storeDir: string;
  /** Stops gracefully (SIGTERM) and waits for the exit. */
  stop(): Promise<void>;
  /** Kills with a signal (SIGKILL by default) and waits for the exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Starts again on the same port with the same store (after stop or kill). */
  start(): Promise<void>;
  /** Stops (or kills) and starts again. */
  restart(signal?: NodeJS.Signals): Promise<void>;
  /** Stops and removes the store directory. */
  dispose(): Promise<void>;
}

/**
 * A private nats-server with JetStream for one test file: its own port and store, so tests can
 * kill and restart it and never share streams with other runs.
 */
export async function startNatsServer({ port, storeDir }: { port?: number; storeDir?: string } = {}): Promise<TestNatsServer> {
  const bin = natsServerBinary();
  const p = port ?? (await freePort());
  const dir = storeDir ?? mkdtempSync(join(tmpdir(), 'slrt-nats-'));
  let child: ChildProcess | null = null;

  const waitExit = (c: ChildProcess) => new Promise<void>((resolve) => (c.exitCode !== null || c.signalCode !== null ? resolve() : c.once('exit', () => resolve())));

  const server: TestNatsServer = {
    url: `nats://127.0.0.1:${p}`,
    port: p,
    storeDir: dir,
    async start() {
      child = spawn(bin, ['-js', '-sd', dir, '-a', '127.0.0.1', '-p', String(p)], { stdio: 'ignore' });
      const deadline = Date.now() + 10_000;
      while (!(await accepts(p))) {
        if (child.exitCode !== null || Date.now() > deadline) throw new Error(`nats-server did not start on port ${p}`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async stop() {
      if (!child) return;
      const c = child;
      child = null;
      c.kill('SIGTERM');
      await waitExit(c);
    },
    async kill(signal = 'SIGKILL') {
      if (!child) return;
      const c = child;
      child = null;
      c.kill(signal);
      await waitExit(c);
    },
    async restart(signal) {
      if (signal) await server.kill(signal);
      else await server.stop();
      await server.start();
    },
    async dispose() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  await server.start();
  return server;
}
