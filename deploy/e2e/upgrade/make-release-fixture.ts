/* eslint-disable max-lines -- runs inside an old release's checkout, so it carries its own boot instead of importing today's helpers */
/**
 * Makes the upgrade test's fixture from a RELEASED version: run it in a checkout of that release
 * (this file copied to the same path there), with that checkout's node_modules:
 *
 *   git worktree add --detach /tmp/rel <release commit> && cp deploy/e2e/upgrade/make-release-fixture.ts /tmp/rel/deploy/e2e/upgrade/
 *   cd /tmp/rel && npm ci && RELEASE=<name> node --import ./libs/testing/ts-register.mjs deploy/e2e/upgrade/make-release-fixture.ts
 *
 * It boots that release's six services as production names them (schemas `intake`, `registry`, …)
 * on a fresh database and a private nats-server, uses them through the gateway's HTTP API as a
 * Dinas Sosial would in its first weeks (a DTSEN snapshot, complaints in every state of the review
 * chain, a referral answered by the programme owner), then writes:
 *
 * - `fixtures/<RELEASE>.sql`: `pg_dump --column-inserts --no-owner --no-privileges` of the six
 *   schemas (plain INSERTs, so the test restores it with the `pg` client, also on the embedded
 *   PostgreSQL where no `psql`/`pg_restore` exists);
 * - `fixtures/<RELEASE>.json`: what the test checks after the upgrade (receipt numbers, tracking
 *   codes, case ids and versions, the NIKs registered, each schema's applied migrations).
 *
 * Only APIs that the release and later versions share are used here (the services' app factories,
 * `createServiceApp`, `runMigrations`, `startNatsServer`, HTTP), so the same file runs in older and
 * newer checkouts.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '@slrt/config';
import { generateKk, generateNik } from '@slrt/domain';
import { createServiceApp, provisionNats } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { startNatsServer, testDatabaseUrl, waitFor } from '@slrt/testing';
import { intakeService } from '../../../services/intake/src/app.js';
import { IntakeEnv } from '../../../services/intake/src/config/intake.env.js';
import { intakeDataSourceOptions } from '../../../services/intake/src/database/data-source.js';
import { referralService } from '../../../services/referral/src/app.js';
import { ReferralEnv } from '../../../services/referral/src/config/referral.env.js';
import { referralDataSourceOptions } from '../../../services/referral/src/database/data-source.js';
import { registryService } from '../../../services/registry/src/app.js';
import { RegistryEnv } from '../../../services/registry/src/config/registry.env.js';
import { registryDataSourceOptions } from '../../../services/registry/src/database/data-source.js';
import { notificationService } from '../../../services/notification/src/app.js';
import { NotificationEnv } from '../../../services/notification/src/config/notification.env.js';
import { notificationDataSourceOptions } from '../../../services/notification/src/database/data-source.js';
import { reportingService } from '../../../services/reporting/src/app.js';
import { ReportingEnv } from '../../../services/reporting/src/config/reporting.env.js';
import { reportingDataSourceOptions } from '../../../services/reporting/src/database/data-source.js';
import { gatewayService } from '../../../services/gateway/src/app.js';
import { GatewayEnv } from '../../../services/gateway/src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../../../services/gateway/src/database/data-source.js';

const RELEASE = process.env.RELEASE ?? 'release';
const PASSWORD = 'demo-password-123';
const SCHEMAS = ['intake', 'registry', 'referral', 'notification', 'reporting', 'gateway'] as const;
const here = dirname(fileURLToPath(import.meta.url));

async function main(): Promise<void> {
  const server = new URL(testDatabaseUrl());
  const database = `slrt_fixture_${Date.now()}`;
  const admin = new pg.Client({ connectionString: server.href });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${database}"`);
  const url = new URL(server.href);
  url.pathname = `/${database}`;
  const nats = await startNatsServer();
  const dir = mkdtempSync(join(tmpdir(), 'slrt-fixture-'));
  const apps: Array<{ close(): Promise<void> }> = [];
  try {
    await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
    const base = (service: string) => ({
      DATABASE_URL: url.href,
      DATABASE_SCHEMA: service,
      ...nats.serviceEnv(service),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
    });
    const intakeEnv = loadConfig('intake', IntakeEnv, {
      ...base('intake'),
      INTAKE_ATTACHMENT_DIR: join(dir, 'attachments'),
    });
    const registryEnv = loadConfig('registry', RegistryEnv, {
      ...base('registry'),
      REGISTRY_IMPORT_DIR: join(dir, 'imports'),
    });
    const referralEnv = loadConfig('referral', ReferralEnv, {
      ...base('referral'),
      REFERRAL_ESCALATION_INTERVAL_MS: '3600000',
    });
    const ntfEnv = loadConfig('notification', NotificationEnv, base('notification'));
    const rptEnv = loadConfig('reporting', ReportingEnv, { ...base('reporting'), REPORTING_MONTHLY_TASK: 'off' });
    const gwEnv = loadConfig('gateway', GatewayEnv, {
      ...base('gateway'),
      JWT_SECRET: 'fixture-secret-that-is-long-enough-0123456789',
      SLRT_DEMO: '1',
      SLRT_DEMO_PASSWORD: PASSWORD,
    });
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    for (const s of SCHEMAS) await c.query(`CREATE SCHEMA "${s}"`);
    await c.end();
    await runMigrations(intakeDataSourceOptions(intakeEnv), 'up');
    await runMigrations(registryDataSourceOptions(registryEnv), 'up');
    await runMigrations(referralDataSourceOptions(referralEnv), 'up');
    await runMigrations(notificationDataSourceOptions(ntfEnv), 'up');
    await runMigrations(reportingDataSourceOptions(rptEnv), 'up');
    await runMigrations(gatewayDataSourceOptions(gwEnv), 'up');
    apps.push((await createServiceApp({ service: 'intake', env: intakeEnv, ...intakeService(intakeEnv) })).app);
    apps.push((await createServiceApp({ service: 'registry', env: registryEnv, ...registryService(registryEnv) })).app);
    apps.push((await createServiceApp({ service: 'referral', env: referralEnv, ...referralService(referralEnv) })).app);
    apps.push((await createServiceApp({ service: 'notification', env: ntfEnv, ...notificationService(ntfEnv) })).app);
    apps.push((await createServiceApp({ service: 'reporting', env: rptEnv, ...reportingService(rptEnv) })).app);
    const gateway = (await createServiceApp({ service: 'gateway', env: gwEnv, ...gatewayService(gwEnv) })).app;
    apps.push(gateway);
    await gateway.listen({ port: 0, host: '127.0.0.1' });
    const baseUrl = (await gateway.getUrl()).replace('[::1]', '127.0.0.1');

    const http = async (
      method: string,
      path: string,
      token: string | null,
      body?: unknown,
      contentType = 'application/json',
      extra: Record<string, string> = {},
    ) => {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(body !== undefined ? { 'content-type': contentType } : {}),
          ...extra,
        },
        ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 400)}`);
      return JSON.parse(text) as Record<string, unknown> & { items?: Array<Record<string, unknown>> };
    };
    const token = async (username: string) => {
      const res = await fetch(`${baseUrl}/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: PASSWORD }),
      });
      return ((await res.json()) as { accessToken: string }).accessToken;
    };
    const [adm, fo, spv, mj, bo, po] = (await Promise.all(
      ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo', 'demo.po.pkh'].map(token),
    )) as [string, string, string, string, string, string];

    // The registry knows two households (a DTSEN snapshot through the gateway).
    const people = [
      {
        key: 'siti',
        nik: generateNik({ regionCode: '62.71.01', birthDate: '1984-03-12', sex: 'F', serial: 301 }),
        kk: generateKk({ regionCode: '62.71.01', issueDate: '2012-05-01', serial: 302 }),
        name: 'Siti Aminah',
        birthDate: '1984-03-12',
        sex: 'F',
        phone: '0812 3456 7801',
      },
      {
        key: 'budi',
        nik: generateNik({ regionCode: '62.71.01', birthDate: '1979-07-02', sex: 'M', serial: 303 }),
        kk: generateKk({ regionCode: '62.71.01', issueDate: '2010-02-01', serial: 304 }),
        name: 'Budi Santoso',
        birthDate: '1979-07-02',
        sex: 'M',
        phone: '0812 3456 7802',
      },
      {
        key: 'rina',
        nik: generateNik({ regionCode: '62.71.01', birthDate: '1990-11-20', sex: 'F', serial: 305 }),
        kk: generateKk({ regionCode: '62.71.01', issueDate: '2015-09-01', serial: 306 }),
        name: 'Rina Wati',
        birthDate: '1990-11-20',
        sex: 'F',
        phone: '0812 3456 7803',
      },
    ];
    const csv = [
      'nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip',
      ...people
        .slice(0, 2)
        .map(
          (p) =>
            `${p.nik},${p.kk},${p.name},${p.birthDate},${p.sex === 'F' ? 'P' : 'L'},Kepala Keluarga,"Jl. Melati No. 7",62.71.01.1001,2,0,0,1,0`,
        ),
    ].join('\n');
    const job = await http(
      'POST',
      '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen',
      adm,
      `${csv}\n`,
      'text/csv',
    );
    await waitFor(
      async () => (await http('GET', `/v1/registry/imports/${String(job.jobId)}`, adm)).status === 'succeeded',
      { timeoutMs: 60_000, message: 'snapshot imported' },
    );

    const register = (p: (typeof people)[number], key: string) =>
      http(
        'POST',
        '/v1/complaints',
        fo,
        {
          channel: 'PUSKESOS_FO',
          place: 'Puskesos Kelurahan Pahandut',
          subject: {
            nik: p.nik,
            ...(p.key !== 'rina' ? { noKk: p.kk } : {}),
            name: p.name,
            birthDate: p.birthDate,
            sex: p.sex,
            phone: p.phone,
            birthPlace: 'Palangka Raya',
            address: { street: 'Jl. Melati No. 7', rt: '002', rw: '001', desaCode: '62.71.01.1001' },
            consent: true,
          },
          complainant: null,
          relationship: 'self',
          anonymous: false,
          confidential: false,
          complaint: {
            category: 'non-kepesertaan',
            contactType: 'pengaduan',
            programmeCodes: ['PKH'],
            sector: 'sosial-ekonomi',
            description: `Bantuan PKH tahap ketiga belum diterima (${p.name}).`,
            documentsReceived: ['KTP', 'KK'],
          },
        },
        'application/json',
        { 'idempotency-key': `fixture-${key}` },
      );
    const caseOf = (receiptNumber: unknown) =>
      waitFor(
        async () =>
          (await http('GET', '/v1/cases?queue=mine', spv)).items?.find((c) => c.receiptNumber === receiptNumber),
        { timeoutMs: 60_000, message: `case of ${String(receiptNumber)}` },
      );

    // Siti: referred to PKH, answered "resolved" by the programme owner.
    const siti = await register(people[0]!, 'siti');
    const sitiCase = String((await caseOf(siti.receiptNumber)).caseId);
    await http('POST', `/v1/cases/${sitiCase}/actions`, spv, { action: 'forward', expectedVersion: 1 });
    await http('POST', `/v1/cases/${sitiCase}/actions`, mj, { action: 'approve', expectedVersion: 2 });
    const sent = await http('POST', `/v1/cases/${sitiCase}/actions`, bo, {
      action: 'send',
      expectedVersion: 3,
      note: 'Mohon cek penyaluran PKH tahap III.',
    });
    const referralId = String((sent.referrals as Array<{ referralId: string }>)[0]!.referralId);
    await http('POST', `/v1/owner/referrals/${referralId}/responses`, po, {
      responseId: `pkh-fixture-${referralId.slice(-12)}`,
      answer: 'resolved',
      note: 'Dana disalurkan ulang 1 Desember.',
    });
    // Budi: waiting for the supervisor (the upgraded version must carry it on).
    const budi = await register(people[1]!, 'budi');
    const budiCase = String((await caseOf(budi.receiptNumber)).caseId);
    // Rina: not in the registry (waits for verivali).
    const rina = await register(people[2]!, 'rina');

    // Everything settled: the referral answered in intake's status, reporting's read model complete.
    const db = new pg.Client({ connectionString: url.href });
    await db.connect();
    await waitFor(
      async () =>
        (await db.query(`SELECT current_step FROM intake.complaint WHERE id = $1`, [siti.complaintId])).rows[0]
          ?.current_step === 'resolved',
      { timeoutMs: 60_000, message: "Siti's complaint resolved in intake" },
    );
    await waitFor(
      async () => Number((await db.query(`SELECT count(*) FROM reporting.rpt_complaint`)).rows[0].count) >= 3,
      { timeoutMs: 60_000, message: 'reporting has the complaints' },
    );
    await new Promise((r) => setTimeout(r, 3000)); // outboxes relayed, inboxes settled
    const migrations: Record<string, string[]> = {};
    for (const s of SCHEMAS)
      migrations[s] = (await db.query(`SELECT name FROM "${s}".migrations ORDER BY id`)).rows.map(
        (r: { name: string }) => r.name,
      );
    const versions = Object.fromEntries(
      (
        await db.query(`SELECT id, version FROM referral.referral_case WHERE id = ANY($1)`, [[sitiCase, budiCase]])
      ).rows.map((r: { id: string; version: number }) => [r.id, r.version]),
    );
    await db.end();

    for (const app of apps.reverse()) await app.close();
    apps.length = 0;

    mkdirSync(join(here, 'fixtures'), { recursive: true });
    // Without psql's meta-commands (`\restrict`, pg_dump ≥ 15.14): the test runs the SQL with the `pg` client.
    const dump = execFileSync(
      'pg_dump',
      [
        '--column-inserts',
        '--no-owner',
        '--no-privileges',
        '--no-comments',
        ...SCHEMAS.flatMap((s) => ['-n', s]),
        url.href,
      ],
      { maxBuffer: 256 * 1024 * 1024 },
    )
      .toString('utf8')
      .split('\n')
      .filter((line) => !line.startsWith('\\'))
      .join('\n');
    writeFileSync(join(here, 'fixtures', `${RELEASE}.sql`), dump);
    const pick = (r: Record<string, unknown>) => ({
      complaintId: r.complaintId,
      receiptNumber: r.receiptNumber,
      trackingCode: r.trackingCode,
    });
    writeFileSync(
      join(here, 'fixtures', `${RELEASE}.json`),
      `${JSON.stringify(
        {
          release: RELEASE,
          commit: execFileSync('git', ['rev-parse', 'HEAD']).toString().trim(),
          password: PASSWORD,
          complaints: {
            siti: { ...pick(siti), caseId: sitiCase, caseVersion: versions[sitiCase], referralId },
            budi: { ...pick(budi), caseId: budiCase, caseVersion: versions[budiCase] },
            rina: pick(rina),
          },
          people: Object.fromEntries(people.map((p) => [p.key, { nik: p.nik, noKk: p.kk, name: p.name }])),
          migrations,
        },
        null,
        2,
      )}\n`,
    );
    process.stdout.write(
      `wrote fixtures/${RELEASE}.sql (${(dump.length / 1024).toFixed(0)} KB) and fixtures/${RELEASE}.json\n`,
    );
  } finally {
    for (const app of apps.reverse()) await app.close().catch(() => undefined);
    await nats.dispose();
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
    await admin.end();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
