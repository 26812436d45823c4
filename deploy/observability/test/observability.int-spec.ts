import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePorts, waitFor } from '@slrt/testing';
import { FullStack } from '../../e2e/support/full-stack.js';
import { gatewayHttp } from '../../e2e/support/gateway-http.js';
import { pahandutRegistration } from '../../e2e/support/registration-load.js';
import { serverFiles } from '../../server/generate.mjs';
import { prometheusConfig } from '../prometheus.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const DASHBOARD = join(here, '..', 'grafana', 'slrt-overview.json');

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}

/**
 * Queries a healthy platform may answer with no series at all: failures that did not happen
 * (5xx, refusals, retries, the DLQ, outbox send failures). They must still be valid PromQL over
 * metrics that exist; every other panel must show data.
 */
const MAY_BE_EMPTY = ['Galat server (5xx) per detik', 'Permintaan NATS ditolak atau gagal', 'Diulang dan ke DLQ'];

/** Debian's packages (`apt-get install prometheus prometheus-postgres-exporter`; `.ci/run` installs them). */
const PROMETHEUS = process.env.PROMETHEUS_BIN ?? '/usr/bin/prometheus';
const PROMTOOL = process.env.PROMTOOL_BIN ?? '/usr/bin/promtool';
const PG_EXPORTER = process.env.POSTGRES_EXPORTER_BIN ?? '/usr/bin/prometheus-postgres-exporter';

/**
 * Observability for operators (issue 16): the Prometheus configuration the single-server install
 * writes passes `promtool check config`; a real Prometheus scraping the real services (and
 * PostgreSQL through Debian's exporter) finds every target up; and every query of the Grafana
 * dashboard is valid PromQL over metrics that exist, showing data once the platform has worked.
 */
describe('observability: Prometheus scrape configuration and the Grafana dashboard', () => {
  let stack: FullStack;
  let dir: string;
  const children: ChildProcess[] = [];
  let prometheus: string;
  const { ok } = gatewayHttp(() => stack.base);

  const query = async (expr: string) => {
    const res = await fetch(`${prometheus}/api/v1/query?query=${encodeURIComponent(expr)}`);
    return (await res.json()) as { status: string; error?: string; data?: { result: unknown[] } };
  };

  beforeAll(async () => {
    const missing = [PROMETHEUS, PROMTOOL, PG_EXPORTER].filter((bin) => !existsSync(bin));
    if (missing.length)
      throw new Error(
        `${missing.join(', ')} not found: install Debian's prometheus and prometheus-postgres-exporter (npm test does when run as root with apt-get)`,
      );
    dir = mkdtempSync(join(tmpdir(), 'slrt-obs-'));
    stack = await FullStack.start('obs');
    const [promPort, exporterPort] = await freePorts(2);
    const exporter = spawn(PG_EXPORTER, [`--web.listen-address=127.0.0.1:${exporterPort}`], {
      env: {
        ...process.env,
        DATA_SOURCE_NAME: `${process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'}${
          (process.env.DATABASE_URL ?? '').includes('?') ? '&' : '?'
        }sslmode=disable`,
      },
      stdio: 'ignore',
    });
    children.push(exporter);
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      prometheusConfig({
        services: Object.fromEntries(Object.entries(stack.opsTargets).map(([svc, target]) => [svc, [target]])),
        postgresExporter: `127.0.0.1:${exporterPort}`,
        scrapeInterval: '1s',
      }),
    );
    const server = spawn(
      PROMETHEUS,
      [
        `--config.file=${config}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
        '--log.level=warn',
      ],
      { stdio: 'ignore' },
    );
    children.push(server);
    prometheus = `http://127.0.0.1:${promPort}`;
    await waitFor(async () => (await fetch(`${prometheus}/-/ready`).catch(() => null))?.ok, {
      timeoutMs: 30_000,
      message: 'Prometheus ready',
    });
  }, 180_000);

  afterAll(async () => {
    for (const c of children) c.kill('SIGTERM');
    await stack?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('writes a Prometheus configuration for the single-server install that promtool accepts', () => {
    const files = serverFiles({ domain: 'slrt.example.go.id', intakeInstances: 2 });
    const file = files.find((f) => f.path === '/etc/slrt/prometheus.yml');
    expect(file?.content).toContain('127.0.0.1:9201');
    const path = join(dir, 'server-prometheus.yml');
    writeFileSync(path, file!.content);
    const check = spawnSync(PROMTOOL, ['check', 'config', path], { encoding: 'utf8' });
    expect({ status: check.status, out: `${check.stdout}${check.stderr}` }).toEqual({
      status: 0,
      out: expect.stringContaining('SUCCESS'),
    });
    // A bad target is refused when the file is written, not by Prometheus at start.
    expect(() => prometheusConfig({ services: { gateway: ['http://x:1/metrics'] } })).toThrow(/host:port/);
  });

  it('finds every service and PostgreSQL up, and every dashboard query valid and, but for failures, showing data', async () => {
    // The platform at work: a complaint registered, checked, its events processed everywhere.
    const fo = (await ok('POST', '/v1/auth/login', null, { username: 'demo.fo', password: 'demo-password-123' }))
      .accessToken as string;
    await ok(
      'POST',
      '/v1/complaints',
      fo,
      pahandutRegistration('Bantuan belum diterima (metrik).'),
      'application/json',
      {
        'idempotency-key': 'observability-1',
      },
    );
    const services = Object.keys(stack.opsTargets).sort();
    expect(services).toEqual(['gateway', 'intake', 'notification', 'referral', 'registry', 'reporting']);
    await waitFor(
      async () => {
        const up = (await query('up == 1')).data?.result as Array<{ metric: { job: string; service?: string } }>;
        const seen = new Set(up.map((r) => r.metric.service ?? r.metric.job));
        return [...services, 'postgres'].every((s) => seen.has(s));
      },
      { timeoutMs: 30_000, message: 'every target up' },
    );

    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as { panels: Panel[] };
    const queries = dashboard.panels.flatMap((p) =>
      (p.targets ?? []).map((t) => ({
        panel: p.title,
        expr: t.expr.replaceAll('$__rate_interval', '30s').replaceAll('$service', '.*'),
      })),
    );
    expect(queries.length).toBeGreaterThan(20);
    // Rates need two scrapes after the traffic; the events need their consumers.
    await waitFor(
      async () => {
        for (const q of queries) {
          if (MAY_BE_EMPTY.includes(q.panel)) continue;
          if (!(await query(q.expr)).data?.result.length) return false;
        }
        return true;
      },
      { timeoutMs: 60_000, intervalMs: 1000, message: 'every dashboard panel showing data' },
    ).catch(() => undefined);
    const outcome: Record<string, string> = {};
    for (const q of queries) {
      const r = await query(q.expr);
      outcome[`${q.panel}: ${q.expr}`] =
        r.status !== 'success'
          ? `error ${r.error}`
          : r.data!.result.length || MAY_BE_EMPTY.includes(q.panel)
            ? 'ok'
            : 'no data';
    }
    expect(Object.entries(outcome).filter(([, v]) => v !== 'ok')).toEqual([]);
  });
});
