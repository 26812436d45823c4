/**
 * Child processes of the benchmarks, so servers do not share the load generator's event loop:
 * the services through their public entry points (`migrate.ts`, `main.ts`), and baseline servers
 * (`bench/servers/`) that print `LISTENING <port>` once they listen.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort, waitFor } from '@slrt/testing';
// @ts-expect-error -- plain ES module of the launcher, no type declarations
import { serviceNodeFlags } from '../../deploy/local/supervise.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function startChildServer(script: string, env: Record<string, string> = {}): Promise<ChildServer> {
  const child = spawn(
    process.execPath,
    [
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/gwprof'] : []),
      '--import',
      './libs/testing/ts-register.mjs',
      script,
    ],
    {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((resolve, reject) => {
    let buffer = '';
    const onData = (chunk: Buffer) => {
      buffer += chunk.toString();
      const m = /LISTENING (\d+)/.exec(buffer);
      if (m) {
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        resolve({
          port: Number(m[1]),
          process: child,
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code} before listening`)));
  });
}

/** Runs a TypeScript entry point of the workspace to its end; rejects unless it exits 0. */
function runToEnd(script: string, args: string[], env: Record<string, string>): Promise<void> {
  const child = spawn(process.execPath, ['--import', './libs/testing/ts-register.mjs', script, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

/** Applies a service's migrations through its public entry point, `services/<service>/src/migrate.ts up`. */
export function migrateService(service: string, env: Record<string, string>): Promise<void> {
  return runToEnd(`services/${service}/src/migrate.ts`, ['up'], env);
}

/**
 * Starts a service through its public entry point, `services/<service>/src/main.ts` (what
 * `npm start` and the container run), on free loopback ports, and waits until its
 * `/health/ready` answers (database and NATS connected). `port` is its HTTP port, `opsPort` the
 * operations port (health, metrics).
 */
export async function startService(
  service: string,
  env: Record<string, string>,
): Promise<ChildServer & { opsPort: number }> {
  const port = env.HTTP_PORT && env.HTTP_PORT !== '0' ? Number(env.HTTP_PORT) : await freePort();
  const opsPort = env.OPS_PORT ? Number(env.OPS_PORT) : await freePort();
  // The same Node flags as `npm start` gives a service (deploy/local/supervise.mjs).
  const flags = serviceNodeFlags({ ...process.env, ...env });
  const child = spawn(
    process.execPath,
    [
      ...flags,
      ...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=/tmp/slrt-prof'] : []),
      '--import',
      './libs/testing/ts-register.mjs',
      `services/${service}/src/main.ts`,
    ],
    {
      cwd: root,
      env: { ...process.env, HTTP_HOST: '127.0.0.1', ...env, HTTP_PORT: String(port), OPS_PORT: String(opsPort) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const stop = () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill('SIGTERM');
    });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  try {
    await waitFor(
      async () => {
        if (exited !== null) throw new Error(`${service} exited with ${exited} before it was ready`);
        return (await fetch(`http://127.0.0.1:${opsPort}/health/ready`).catch(() => null))?.ok;
      },
      { timeoutMs: Number(process.env.BENCH_READY_TIMEOUT_S ?? 60) * 1000, message: `${service} ready` },
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, opsPort, process: child, stop };
}
