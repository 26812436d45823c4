/**
 * A small closed-loop HTTP load generator for the benchmarks: `concurrency` keep-alive
 * connections, each sending its next request as soon as the previous answer arrived, for a fixed
 * duration after a warm-up. Used the same way against our service and its baseline so the ratio
 * is fair; the servers under test run in child processes so they never share this event loop.
 */
import { Agent, request } from 'node:http';

export interface LoadOptions {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Body per request; a function gets the request's sequence number (for unique keys). */
  body?: string | ((seq: number) => string);
  concurrency: number;
  durationMs: number;
  warmupMs?: number;
  /** Status codes that count as success (default 2xx). */
  ok?: (status: number) => boolean;
  /** Called right before and right after the measured phase (to sample the server's CPU, say). */
  onMeasure?: (edge: 'start' | 'end') => void;
}

export interface LoadResult {
  requests: number;
  errors: number;
  /** Failed requests by HTTP status or error code (present only when some failed). */
  errorsBy?: Record<string, number>;
  rps: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function once(agent: Agent, opts: LoadOptions, seq: number): Promise<number> {
  const url = new URL(opts.url);
  const body = typeof opts.body === 'function' ? opts.body(seq) : opts.body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: opts.method ?? 'GET',
        headers: {
          ...(body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } : {}),
          ...opts.headers,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

async function phase(opts: LoadOptions, durationMs: number, record: boolean, seqStart: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.concurrency });
  const latencies: number[] = [];
  let errors = 0;
  const errorsBy: Record<string, number> = {};
  let seq = seqStart;
  const isOk = opts.ok ?? ((s: number) => s >= 200 && s < 300);
  const end = performance.now() + durationMs;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        const status = await once(agent, opts, seq++);
        if (!isOk(status)) {
          errors++;
          errorsBy[String(status)] = (errorsBy[String(status)] ?? 0) + 1;
        }
      } catch (err) {
        errors++;
        const kind = (err as { code?: string }).code ?? 'error';
        errorsBy[kind] = (errorsBy[kind] ?? 0) + 1;
      }
      if (record) latencies.push(performance.now() - t0);
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = performance.now() - started;
  agent.destroy();
  return { latencies, errors, errorsBy, elapsed, seq };
}

/** Runs a warm-up, then the measured phase, and returns throughput and latency percentiles (ms). */
export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const warm = await phase(opts, opts.warmupMs ?? 1000, false, 0);
  opts.onMeasure?.('start');
  const { latencies, errors, errorsBy, elapsed } = await phase(opts, opts.durationMs, true, warm.seq);
  opts.onMeasure?.('end');
  const sorted = Float64Array.from(latencies).sort();
  return {
    requests: latencies.length,
    errors,
    ...(errors ? { errorsBy } : {}),
    rps: (latencies.length / elapsed) * 1000,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted.length ? sorted[sorted.length - 1]! : Number.NaN,
  };
}

/** Formats results as an aligned table, with each row's ratio to the first (the baseline). */
export function formatTable(rows: Array<{ name: string; result: LoadResult }>): string {
  const base = rows[0]?.result.rps ?? 1;
  const lines = [
    ['case', 'req/s', 'p50 ms', 'p90 ms', 'p99 ms', 'errors', 'ratio'],
    ...rows.map(({ name, result: r }) => [
      name,
      r.rps.toFixed(0),
      r.p50.toFixed(2),
      r.p90.toFixed(2),
      r.p99.toFixed(2),
      String(r.errors),
      `${(r.rps / base).toFixed(2)}x`,
    ]),
  ];
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((l) => l[i]!.length)));
  return lines
    .map((l) => l.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}
