// @ts-check
// Where an idle service's resident memory is (issue 17, bench/README.md). Two uses:
//
// 1. Preloaded into every service by bench/startup.ts (through the launcher):
//      SLRT_SERVICE_NODE_FLAGS="--import $PWD/bench/lib/memory-probe.mjs" PROBE_AT_S=40 \
//        BENCH_IDLE_SECONDS=45 BENCH_STARTS=1 DATABASE_URL=… node --import ./libs/testing/ts-register.mjs bench/startup.ts
//    PROBE_AT_S seconds after the process started (pick it well after "All services are ready"
//    plus the ~8 s of start-up collections) it writes PROBE_DIR/<service>.json (default
//    /tmp/slrt-memory-probe): process.memoryUsage(), V8's heap spaces and code statistics, the
//    CommonJS module count and /proc/self/smaps summed by kind (node binary and shared libraries,
//    malloc's main heap, malloc's thread arenas, other anonymous memory: V8's heap pages, stacks).
//    PROBE_SNAPSHOT=gateway,reporting also writes a heap snapshot of those services.
// 2. `node bench/lib/memory-probe.mjs [dir]` prints those files as a table (MB).
//
// It allocates nothing before PROBE_AT_S: the figures are those of the idle service.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';

const dir = process.env.PROBE_DIR ?? '/tmp/slrt-memory-probe';
const MB = 2 ** 20;
const round = (/** @type {number} */ bytes) => Math.round((bytes / MB) * 10) / 10;

/** Resident kB of /proc/self/smaps by kind of mapping. */
function residentByKind() {
  /** @type {Record<string, number>} */
  const kinds = {};
  let kind = '';
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+) \S+ \S+ \S+ \S+\s*(.*)$/.exec(line);
    if (m) {
      const [, from = '0', to = '0', name = ''] = m;
      const size = parseInt(to, 16) - parseInt(from, 16);
      if (name === '[heap]') kind = 'mallocMain';
      else if (name.startsWith('/')) kind = 'binaryAndLibraries';
      else if (!name && parseInt(from, 16) >= 0x7f0000000000 && size >= 2 * MB && size <= 64 * MB)
        kind = 'mallocThreadArenas'; // glibc's per-thread heaps: 64 MB-aligned, up to 64 MB each
      else kind = name ? 'other' : 'anonymous';
      continue;
    }
    const rss = /^Rss:\s+(\d+) kB/.exec(line);
    if (rss) kinds[kind] = (kinds[kind] ?? 0) + Number(rss[1]);
  }
  return Object.fromEntries(Object.entries(kinds).map(([k, kb]) => [k, round(kb * 1024)]));
}

function report(service) {
  const require = createRequire(import.meta.url);
  const spaces = Object.fromEntries(
    v8
      .getHeapSpaceStatistics()
      .map((s) => [s.space_name, { resident: round(s.physical_space_size), used: round(s.space_used_size) }]),
  );
  const out = {
    service,
    secondsSinceStart: Math.round(process.uptime()),
    memoryUsage: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, round(v)])),
    residentByKind: residentByKind(),
    heapSpaces: spaces,
    heapCode: Object.fromEntries(Object.entries(v8.getHeapCodeStatistics()).map(([k, v]) => [k, round(v)])),
    commonJsModules: Object.keys(require.cache).length,
    threads: readdirSync('/proc/self/task').length,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/${service}.json`, `${JSON.stringify(out, null, 1)}\n`);
  if ((process.env.PROBE_SNAPSHOT ?? '').split(',').includes(service))
    v8.writeHeapSnapshot(`${dir}/${service}.heapsnapshot`);
}

function printTable(from) {
  const files = readdirSync(from).filter((f) => f.endsWith('.json'));
  const columns = [
    ['RSS', (d) => d.memoryUsage.rss],
    ['binary+libs', (d) => d.residentByKind.binaryAndLibraries],
    ['malloc main', (d) => d.residentByKind.mallocMain],
    ['malloc arenas', (d) => d.residentByKind.mallocThreadArenas ?? 0],
    ['V8 new', (d) => d.heapSpaces.new_space.resident],
    ['V8 old', (d) => d.heapSpaces.old_space.resident],
    ['old used', (d) => d.heapSpaces.old_space.used],
    [
      'V8 other',
      (d) => Object.entries(d.heapSpaces).reduce((s, [k, v]) => (/^(new|old)_space$/.test(k) ? s : s + v.resident), 0),
    ],
    ['other anon', (d) => d.residentByKind.anonymous - Object.values(d.heapSpaces).reduce((s, v) => s + v.resident, 0)],
    ['CJS modules', (d) => d.commonJsModules],
  ];
  process.stdout.write(`${'service'.padEnd(14)}${columns.map(([h]) => h.padStart(14)).join('')}\n`);
  for (const f of files.sort()) {
    const d = JSON.parse(readFileSync(`${from}/${f}`, 'utf8'));
    process.stdout.write(
      `${d.service.padEnd(14)}${columns.map(([, get]) => String(Math.round(get(d) * 10) / 10).padStart(14)).join('')}\n`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  printTable(process.argv[2] ?? dir);
} else {
  // Preloaded into a service process: `node --import memory-probe.mjs deploy/local/run-service.mjs <service>`.
  const service = /run-service\.mjs$/.test(process.argv[1] ?? '') ? process.argv[2] : undefined;
  if (service) setTimeout(() => report(service), Number(process.env.PROBE_AT_S ?? 30) * 1000).unref();
}
