/**
 * `npm start` as a user runs it, against a fresh database and a private nats-server: the time
 * from launching `deploy/local/slrt.mjs start` until it prints "All services are ready" (build
 * check, NATS provisioning, every service's migrations, every service started and ready), then the
 * resident memory (VmRSS) of each service process after `BENCH_IDLE_SECONDS` (10) of idling (a
 * service collects its start-up garbage within ~8 s after it is ready: libs/messaging start-memory.ts).
 * `BENCH_STARTS` (2) launches in a row: the first migrates an empty database, the next ones start
 * on the migrated one (an ordinary restart). Goals (issue 17): ready ≤ 15 s, idle RSS ≤ 100 MB per
 * service. No baseline process exists for these: they are absolute figures of this machine.
 *
 *   npm run bench -- bench/startup.ts
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { freePort, startNatsServer, testDatabaseUrl } from '@slrt/testing';

const root = fileURLToPath(new URL('../', import.meta.url));
const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];
const STARTS = Math.max(1, Number(process.env.BENCH_STARTS ?? 2));
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
const READY_GOAL_S = 15;
/** BENCH_TRACE=1: every line the launcher prints, with the seconds since launch (where the time goes). */
const TRACE = process.env.BENCH_TRACE === '1';
const RSS_GOAL_MB = 100;

const admin = testDatabaseUrl();
const database = `slrt_benchstart_${randomBytes(4).toString('hex')}`;
const nats = await startNatsServer();
const client = new pg.Client({ connectionString: admin });
await client.connect();
await client.query(`CREATE DATABASE "${database}"`);
await client.end();
const url = new URL(admin);
url.pathname = `/${database}`;
const dirs = [mkdtempSync(join(tmpdir(), 'slrt-bench-attach-')), mkdtempSync(join(tmpdir(), 'slrt-bench-registry-'))];
const ports: Record<string, string> = {};
for (const s of SERVICES) {
  ports[`${s.toUpperCase()}_HTTP_PORT`] = String(await freePort());
  ports[`${s.toUpperCase()}_OPS_PORT`] = String(await freePort());
}

/** Pids of the service processes (`node … deploy/local/run-service.mjs <name>`, before 2026-12-01 `node … services/<name>/dist/main.js`) whose parent is `parent`. */
function serviceProcesses(parent: number): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== parent) continue;
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const m = /services\/([a-z]+)\/dist\/main\.js/.exec(cmdline) ?? /run-service\.mjs\0([a-z]+)/.exec(cmdline);
      if (m) found.set(m[1]!, Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) / 1024 : Number.NaN;
}

/**
 * The proportional view of a process's memory (`/proc/<pid>/smaps_rollup`, MB): `pss` counts each
 * page shared with other processes (the `node` binary, shared libraries: the same pages in all
 * six services) divided by the number of processes sharing it; `private` is what this process
 * alone holds (its V8 heap, malloc, stacks): what stopping it would give back.
 */
function proportionalMb(pid: number): { pss: number; private: number } {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup)?.[1] ?? Number.NaN);
  return { pss: kb('Pss') / 1024, private: (kb('Private_Clean') + kb('Private_Dirty')) / 1024 };
}

/** utime + stime (+ cutime + cstime: children it has waited for) of a process, seconds. */
function cpuSeconds(pid: number, withChildren: boolean): number {
  try {
    const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    const ticks = Number(f[11]) + Number(f[12]) + (withChildren ? Number(f[13]) + Number(f[14]) : 0);
    return ticks / 100; // USER_HZ = 100
  } catch {
    return 0;
  }
}

interface Start {
  readySeconds: number;
  /**
   * CPU the launch took until ready: the launcher, the processes it ran and waited for (build
   * check, provisioning, migrations) and the running services. Outside load stretches the wall
   * time but hardly this.
   */
  cpuSecondsToReady: number;
  rssMb: Record<string, number>;
  /** `Pss` and private memory of each service at the same moment (proportionalMb). */
  pssMb: Record<string, number>;
  privateMb: Record<string, number>;
}

async function launchOnce(): Promise<Start> {
  const started = performance.now();
  const launcher = spawn(process.execPath, ['deploy/local/slrt.mjs', 'start', '--demo'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: url.href,
      NATS_URL: nats.url,
      ...Object.fromEntries(
        ['provisioner', ...SERVICES].map((u) => [`NATS_${u.toUpperCase()}_PASSWORD`, nats.credentials(u).password!]),
      ),
      SLRT_LOG_FORMAT: 'json',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      NODE_ENV: 'production',
      SLRT_ADMIN_PASSWORD: 'bench-start-admin-password',
      SLRT_DEMO_PASSWORD: 'bench-start-demo-password',
      INTAKE_ATTACHMENT_DIR: dirs[0]!,
      REGISTRY_IMPORT_DIR: dirs[1]!,
      ...ports,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => launcher.once('exit', (code) => resolve(code)));
  const ready = await new Promise<boolean>((resolve) => {
    const onData = (d: Buffer) => {
      output += d.toString();
      if (TRACE)
        for (const line of d.toString().split('\n').filter(Boolean))
          process.stderr.write(
            `${((performance.now() - started) / 1000).toFixed(2).padStart(7)} ${line.slice(0, 240)}\n`,
          );
      if (output.includes('All services are ready')) resolve(true);
    };
    launcher.stdout!.on('data', onData);
    launcher.stderr!.on('data', onData);
    void exited.then(() => resolve(false));
  });
  const readySeconds = (performance.now() - started) / 1000;
  if (!ready) throw new Error(`npm start did not become ready:\n${output.slice(-4000)}`);
  // npm start's own tree: the launcher and its children (their nats-server is ours, not theirs).
  const cpuSecondsToReady =
    cpuSeconds(launcher.pid!, true) +
    [...serviceProcesses(launcher.pid!).values()].reduce((sum, pid) => sum + cpuSeconds(pid, true), 0);
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const pids = serviceProcesses(launcher.pid!);
  const rss = Object.fromEntries(SERVICES.map((s) => [s, pids.has(s) ? rssMb(pids.get(s)!) : Number.NaN]));
  const proportional = Object.fromEntries(
    SERVICES.map((s) => [s, pids.has(s) ? proportionalMb(pids.get(s)!) : { pss: Number.NaN, private: Number.NaN }]),
  );
  launcher.kill('SIGINT');
  await exited;
  return {
    readySeconds,
    cpuSecondsToReady,
    rssMb: rss,
    pssMb: Object.fromEntries(SERVICES.map((s) => [s, proportional[s]!.pss])),
    privateMb: Object.fromEntries(SERVICES.map((s) => [s, proportional[s]!.private])),
  };
}

const runs: Start[] = [];
try {
  for (let i = 0; i < STARTS; i++) runs.push(await launchOnce());
} finally {
  await nats.dispose();
  const c = new pg.Client({ connectionString: admin });
  await c.connect();
  await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await c.end();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
}

const out: string[] = [
  `\nnpm start (deploy/local/slrt.mjs start --demo), ${STARTS} launches, RSS after ${IDLE_SECONDS} s idle`,
];
out.push(
  `${'launch'.padEnd(26)}${'ready s'.padStart(9)}${'CPU s'.padStart(8)}${SERVICES.map((s) => s.padStart(13)).join('')}`,
);
for (const [i, r] of runs.entries()) {
  out.push(
    `${(i === 0 ? 'first (empty database)' : `again (migrated) #${i}`).padEnd(26)}${r.readySeconds.toFixed(1).padStart(9)}${r.cpuSecondsToReady.toFixed(1).padStart(8)}${SERVICES.map((s) => `${r.rssMb[s]!.toFixed(0)} MB`.padStart(13)).join('')}`,
  );
  out.push(
    `${'  Pss / private'.padEnd(43)}${SERVICES.map((s) => `${r.pssMb[s]!.toFixed(0)} / ${r.privateMb[s]!.toFixed(0)}`.padStart(13)).join('')}`,
  );
}
const worstReady = Math.max(...runs.map((r) => r.readySeconds));
const worstRss = Math.max(...runs.flatMap((r) => Object.values(r.rssMb)));
out.push(
  `ready: worst ${worstReady.toFixed(1)} s (goal ≤ ${READY_GOAL_S} s: ${worstReady <= READY_GOAL_S ? 'met' : 'NOT met'}); idle RSS: worst ${worstRss.toFixed(0)} MB (goal ≤ ${RSS_GOAL_MB} MB: ${worstRss <= RSS_GOAL_MB ? 'met' : 'NOT met'})`,
);
process.stdout.write(`${out.join('\n')}\n`);
const json = JSON.stringify({
  bench: 'startup',
  at: new Date().toISOString(),
  idleSeconds: IDLE_SECONDS,
  runs,
  worstReady,
  worstRss,
  readyGoalMet: worstReady <= READY_GOAL_S,
  rssGoalMet: worstRss <= RSS_GOAL_MB,
});
process.stdout.write(`${json}\n`);
mkdirSync(join(root, 'bench', 'results'), { recursive: true });
writeFileSync(join(root, 'bench', 'results', 'startup.json'), `${json}\n`);
process.exit(0);
