// @ts-check
// Starts every service at once, each as a child process, prints its logs in a compact human form (raw JSON with
// SLRT_LOG_FORMAT=json), waits until all answer /health/ready on its operations port, prints the
// URLs, and stops them all on Ctrl-C (SIGTERM, then SIGKILL after a grace period). A service that
// dies after it was ready (crash, `kill -9`, out of memory) is started again with exponential
// backoff and the log says so; one that keeps dying (RESTART_POLICY.burst times within its window)
// or that never becomes ready stops everything with its last log lines. It never prints a password:
// the launcher hands generated ones over itself (credentials.mjs).
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/**
 * Node flags of every service process (npm start; the benchmarks start services with the same).
 * Measured with bench/startup.ts and bench/gateway-me.ts (bench/README.md, 2026-12-01):
 * - not `--max-semi-space-size`: 4 MB semi-spaces would save ~20 MB of an idle service's resident
 *   memory (V8's young generation grows to 2 × 16 MB while a service loads its modules and never
 *   shrinks back), but under load the gateway then spent 19 % of its time in GC instead of 5 %
 *   (CPU per getMe 507 µs instead of 310 µs, bench/gateway-me.ts with BENCH_PROFILE). Opt in with
 *   SLRT_SERVICE_NODE_FLAGS where memory matters more than throughput.
 * - `--enable-source-maps` outside production only: Node parses every loaded module's source map
 *   at load time (TypeORM's and RxJS's too), ~12 MB per process and CPU at start. In production
 *   stack traces point at dist/*.js, which swc keeps close to the sources.
 * - SLRT_SERVICE_NODE_FLAGS (space-separated): more flags, e.g. `--cpu-prof` to profile a start.
 * @param {Record<string, string | undefined>} env the services' environment
 * @returns {string[]}
 */
export function serviceNodeFlags(env) {
  return [
    ...(env.NODE_ENV === 'production' ? [] : ['--enable-source-maps']),
    ...(env.SLRT_SERVICE_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean),
  ];
}

const LEVELS = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/** Formats one pino JSON line for a terminal; other lines pass through. */
export function formatLine(service, line) {
  if (process.env.SLRT_LOG_FORMAT === 'json') return line;
  try {
    const o = JSON.parse(line);
    const time = typeof o.time === 'number' ? new Date(o.time).toISOString().slice(11, 23) : '';
    const level = LEVELS[o.level] ?? String(o.level ?? '');
    const extra = ['correlationId', 'subject', 'eventId', 'err']
      .filter((k) => o[k] !== undefined)
      .map((k) => `${k}=${typeof o[k] === 'object' ? (o[k].message ?? JSON.stringify(o[k])) : o[k]}`)
      .join(' ');
    return `${time} ${level.padEnd(5)} ${service.padEnd(12)} ${o.msg ?? ''}${extra ? `  ${extra}` : ''}`;
  } catch {
    return `${''.padEnd(18)} ${service.padEnd(12)} ${line}`;
  }
}

/** How a service that died after it was ready is started again (like systemd's Restart=always with a burst limit). */
export const RESTART_POLICY = { firstDelayMs: 1_000, maxDelayMs: 30_000, burst: 5, windowMs: 120_000 };

/** The wait before restart number `n` (1-based) of a crash burst: 1 s, 2 s, 4 s, … up to the maximum. */
export function restartDelayMs(n, policy = RESTART_POLICY) {
  return Math.min(policy.maxDelayMs, policy.firstDelayMs * 2 ** Math.max(0, n - 1));
}

/** Has the child ended? A child killed by a signal has `signalCode` set and `exitCode` null. */
const ended = (child) => child.exitCode !== null || child.signalCode !== null;

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (ended(child)) return false;
    try {
      const res = await fetch(url);
      if (res.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/**
 * @param {{ root: string, services: Array<[string|number, string|number]>, env: Record<string,string>, serviceEnv?: (name: string) => Record<string,string>, log: (m: string) => void, onReady?: () => void }} o
 *   serviceEnv: a service's own additions (its NATS user and password). Each service's operations
 *   port (metrics, health) is `<NAME>_OPS_PORT`, else its HTTP port + 6100. onReady: once all are ready.
 * @returns {Promise<number>} exit code
 */
export function superviseServices({ root, services, env, serviceEnv, log, onReady }) {
  /** @type {Array<{ name: string, child: import('node:child_process').ChildProcess, timer?: NodeJS.Timeout }>} */
  const running = [];
  let stopping = false;

  return new Promise((resolve) => {
    const stopAll = async (code) => {
      if (stopping) return;
      stopping = true;
      log('Stopping services…');
      for (const entry of running) clearTimeout(entry.timer);
      await Promise.all(
        [...running].reverse().map(
          ({ child }) =>
            new Promise((done) => {
              if (ended(child)) return done(undefined);
              const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
              child.once('exit', () => {
                clearTimeout(timer);
                done(undefined);
              });
              child.kill('SIGTERM');
            }),
        ),
      );
      resolve(code);
    };
    process.once('SIGINT', () => void stopAll(0));
    process.once('SIGTERM', () => void stopAll(0));

    (async () => {
      const spawnService = (entry) => {
        // run-service.mjs: the service's migrations, then its main.js, in one process (a restart migrates again: nothing to do).
        const child = spawn(
          process.execPath,
          [
            ...serviceNodeFlags({ ...process.env, ...env }),
            join(root, 'deploy', 'local', 'run-service.mjs'),
            entry.name,
          ],
          {
            cwd: root,
            env: {
              ...process.env,
              ...env,
              ...(serviceEnv?.(entry.name) ?? {}),
              HTTP_PORT: String(entry.port),
              OPS_PORT: String(entry.opsPort),
              DATABASE_SCHEMA: entry.name,
            },
            stdio: ['ignore', 'pipe', 'pipe'],
          },
        );
        entry.child = child;
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            entry.tail.push(line);
            if (entry.tail.length > 20) entry.tail.shift();
            process.stdout.write(formatLine(entry.name, line) + '\n');
          });
        }
        child.once('exit', (code, signal) => {
          if (stopping) return;
          const how = signal ?? `code ${code}`;
          // Before it was ever ready, a death is a configuration or code error: restarting would only hide it.
          if (!entry.wasReady) {
            log(
              `${entry.name} exited (${how}) before it was ready; stopping the others. Its last log lines:\n${entry.tail.join('\n')}`,
            );
            void stopAll(1);
            return;
          }
          const now = Date.now();
          entry.crashes = entry.crashes.filter((t) => now - t < RESTART_POLICY.windowMs);
          entry.crashes.push(now);
          if (entry.crashes.length > RESTART_POLICY.burst) {
            log(
              `${entry.name} exited unexpectedly (${how}) ${entry.crashes.length} times within ${RESTART_POLICY.windowMs / 1000} s; stopping the others. Its last log lines:\n${entry.tail.join('\n')}`,
            );
            void stopAll(1);
            return;
          }
          const delay = restartDelayMs(entry.crashes.length);
          log(
            `${entry.name} exited unexpectedly (${how}); restarting it in ${delay / 1000} s (restart ${entry.crashes.length} of at most ${RESTART_POLICY.burst} within ${RESTART_POLICY.windowMs / 1000} s).`,
          );
          entry.timer = setTimeout(() => {
            if (stopping) return;
            spawnService(entry);
            void waitReady(`http://127.0.0.1:${entry.opsPort}/health/ready`, entry.child, 30_000 * 2).then((ok) => {
              if (ok && !stopping) log(`${entry.name} is ready again.`);
            });
          }, delay);
        });
        return child;
      };

      // Every service starts at once (each tolerates the others being absent: requests to a peer
      // wait or are retried), so the launcher is ready when the slowest is, not after their sum.
      const starting = services.map(([nameRaw, portRaw]) => {
        const name = String(nameRaw);
        const port = Number(process.env[`${name.toUpperCase()}_HTTP_PORT`] ?? portRaw);
        const opsPort = Number(process.env[`${name.toUpperCase()}_OPS_PORT`] ?? port + 6100);
        const entry = {
          name,
          port,
          opsPort,
          tail: [],
          crashes: [],
          wasReady: false,
          child: /** @type {any} */ (null),
          timer: /** @type {NodeJS.Timeout | undefined} */ (undefined),
        };
        spawnService(entry);
        running.push(entry);
        return entry;
      });
      const urls = [];
      // Started together they share the CPUs, so each may take 30 s per service started (3 min for
      // six; one after the other, each had 60 s of its own). A crash is noticed at once (exit);
      // only a hang waits that long.
      const timeoutMs = 30_000 * Math.max(2, starting.length);
      const ready = await Promise.all(
        starting.map(
          async (entry) =>
            (entry.wasReady = await waitReady(
              `http://127.0.0.1:${entry.opsPort}/health/ready`,
              entry.child,
              timeoutMs,
            )),
        ),
      );
      for (const [i, { name, port, opsPort, tail, child }] of starting.entries()) {
        if (!ready[i]) {
          if (!stopping) {
            const why = ended(child)
              ? `exited (${child.signalCode ?? `code ${child.exitCode}`}) before it was ready`
              : `did not become ready on port ${port} within ${timeoutMs / 1000} s`;
            log(`${name} ${why}. Its last log lines:\n${tail.join('\n')}`);
            void stopAll(1);
          }
          return;
        }
        urls.push([name, `http://127.0.0.1:${port}`, `http://127.0.0.1:${opsPort}`]);
      }
      const width = Math.max(...urls.map(([n]) => n.length));
      log('All services are ready:');
      for (const [n, u, ops] of urls)
        log(
          `  ${n.padEnd(width)}  ${u}${n === 'gateway' ? '  (API /v1, docs /docs)' : ''}   ops ${ops} (/health/ready, /metrics)`,
        );
      log(`PostgreSQL: ${env.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}   NATS: ${env.NATS_URL}`);
      log(
        `Admin user: ${env.SLRT_ADMIN_USERNAME}${env.SLRT_DEMO === '1' ? '   Demo users: demo.fo, demo.spv, … (one per role)' : ''}`,
      );
      onReady?.();
      log('Press Ctrl-C to stop.');
    })().catch((err) => {
      log(String(err));
      void stopAll(1);
    });
  });
}
