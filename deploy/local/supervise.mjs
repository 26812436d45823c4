// @ts-check
// Starts every service at once, each as a child process, prints its logs in a compact human form (raw JSON with
// SLRT_LOG_FORMAT=json), waits until all answer /health/ready on its operations port, prints the
// URLs, and stops them all on Ctrl-C (SIGTERM, then SIGKILL after a grace period). It never prints
// a password: the launcher hands generated ones over itself (credentials.mjs).
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

async function waitReady(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
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
  /** @type {Array<{ name: string, child: import('node:child_process').ChildProcess }>} */
  const running = [];
  let stopping = false;

  return new Promise((resolve) => {
    const stopAll = async (code) => {
      if (stopping) return;
      stopping = true;
      log('Stopping services…');
      await Promise.all(
        running.reverse().map(
          ({ child }) =>
            new Promise((done) => {
              if (child.exitCode !== null) return done(undefined);
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
      // Every service starts at once (each tolerates the others being absent: requests to a peer
      // wait or are retried), so the launcher is ready when the slowest is, not after their sum.
      const starting = services.map(([nameRaw, portRaw]) => {
        const name = String(nameRaw);
        const port = Number(process.env[`${name.toUpperCase()}_HTTP_PORT`] ?? portRaw);
        const opsPort = Number(process.env[`${name.toUpperCase()}_OPS_PORT`] ?? port + 6100);
        // run-service.mjs: the service's migrations, then its main.js, in one process.
        const child = spawn(process.execPath, [...serviceNodeFlags({ ...process.env, ...env }), join(root, 'deploy', 'local', 'run-service.mjs'), name], {
          cwd: root,
          env: { ...process.env, ...env, ...(serviceEnv?.(String(name)) ?? {}), HTTP_PORT: String(port), OPS_PORT: String(opsPort), DATABASE_SCHEMA: name },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        running.push({ name, child });
        const tail = [];
        for (const stream of [child.stdout, child.stderr]) {
          createInterface({ input: stream }).on('line', (line) => {
            tail.push(line);
            if (tail.length > 20) tail.shift();
            process.stdout.write(formatLine(name, line) + '\n');
          });
        }
        child.once('exit', (code, signal) => {
          if (!stopping) {
            log(`${name} exited unexpectedly (${signal ?? `code ${code}`}); stopping the others.`);
            void stopAll(1);
          }
        });
        return { name, port, opsPort, child, tail };
      });
      const urls = [];
      // Started together they share the CPUs, so each may take 30 s per service started (3 min for
      // six; one after the other, each had 60 s of its own). A crash is noticed at once (exit);
      // only a hang waits that long.
      const timeoutMs = 30_000 * Math.max(2, starting.length);
      const ready = await Promise.all(starting.map(({ opsPort, child }) => waitReady(`http://127.0.0.1:${opsPort}/health/ready`, child, timeoutMs)));
      for (const [i, { name, port, opsPort, tail }] of starting.entries()) {
        if (!ready[i]) {
          if (!stopping) {
            log(`${name} did not become ready on port ${port} within ${timeoutMs / 1000} s. Its last log lines:\n${tail.join('\n')}`);
            void stopAll(1);
          }
          return;
        }
        urls.push([name, `http://127.0.0.1:${port}`, `http://127.0.0.1:${opsPort}`]);
      }
      const width = Math.max(...urls.map(([n]) => n.length));
      log('All services are ready:');
      for (const [n, u, ops] of urls) log(`  ${n.padEnd(width)}  ${u}${n === 'gateway' ? '  (API /v1, docs /docs)' : ''}   ops ${ops} (/health/ready, /metrics)`);
      log(`PostgreSQL: ${env.DATABASE_URL.replace(/:[^:@/]+@/, ':***@')}   NATS: ${env.NATS_URL}`);
      log(`Admin user: ${env.SLRT_ADMIN_USERNAME}${env.SLRT_DEMO === '1' ? '   Demo users: demo.fo, demo.spv, … (one per role)' : ''}`);
      onReady?.();
      log('Press Ctrl-C to stop.');
    })().catch((err) => {
      log(String(err));
      void stopAll(1);
    });
  });
}
