import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { loadConfig } from '@slrt/config';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, testDatabaseUrl, waitFor, type TestSchema } from '@slrt/testing';
import { IntakeEnv } from '../../services/intake/src/config/intake.env.js';
import { intakeDataSourceOptions } from '../../services/intake/src/database/data-source.js';
import { RegistryEnv } from '../../services/registry/src/config/registry.env.js';
import { registryDataSourceOptions } from '../../services/registry/src/database/data-source.js';
import { ReferralEnv } from '../../services/referral/src/config/referral.env.js';
import { referralDataSourceOptions } from '../../services/referral/src/database/data-source.js';
import { NotificationEnv } from '../../services/notification/src/config/notification.env.js';
import { notificationDataSourceOptions } from '../../services/notification/src/database/data-source.js';
import { ReportingEnv } from '../../services/reporting/src/config/reporting.env.js';
import { reportingDataSourceOptions } from '../../services/reporting/src/database/data-source.js';
import { GatewayEnv } from '../../services/gateway/src/config/gateway.env.js';
import { gatewayDataSourceOptions } from '../../services/gateway/src/database/data-source.js';
import { FullStack } from './support/full-stack.js';

/**
 * An installation upgraded from a released version with its data: the database a release left
 * behind (`upgrade/fixtures/<release>.sql`, made by `upgrade/make-release-fixture.ts` in a checkout
 * of that release: a DTSEN snapshot, a complaint referred and resolved by PKH, one waiting for the
 * supervisor, one waiting for verivali) is restored into a fresh database, and today's services
 * start on it as `install.sh` does on an upgrade: every service migrates its schema forward, then
 * runs. The upgraded schemas must equal a fresh install's, the old records must read as before, and
 * the work in progress must carry on.
 */
const RELEASE = '2026.11-stop22';
const here = fileURLToPath(new URL('.', import.meta.url));
const fixture = JSON.parse(readFileSync(join(here, 'upgrade', 'fixtures', `${RELEASE}.json`), 'utf8')) as {
  commit: string;
  password: string;
  complaints: {
    siti: { complaintId: string; receiptNumber: string; trackingCode: string; caseId: string; referralId: string };
    budi: { complaintId: string; receiptNumber: string; trackingCode: string; caseId: string; caseVersion: number };
    rina: { complaintId: string; receiptNumber: string; trackingCode: string };
  };
  people: Record<'siti' | 'budi' | 'rina', { nik: string; noKk: string; name: string }>;
  migrations: Record<string, string[]>;
};
const SERVICES = ['intake', 'registry', 'referral', 'notification', 'reporting', 'gateway'] as const;

/** Every schema object a migration makes, named without its schema: what two installs must share. */
async function structure(db: pg.Client, schema: string): Promise<string[]> {
  /** Definitions name their schema (`"intake".complaint`, `t_ab12.complaint`): without it they compare. */
  const strip = (text = '') =>
    text
      .split(`"${schema}".`)
      .join('')
      .replace(new RegExp(`\\b${schema}\\.`, 'g'), '');
  const rows: string[] = [];
  // Not the registry's snapshot tables: one per import, made at run time (data, read by the lookup below).
  const runtimeTables = '^snapshot_[0-9a-f]{32}$';
  const q = async (sql: string, f: (r: Record<string, string>) => string) =>
    rows.push(...(await db.query(sql, sql.includes('$2') ? [schema, runtimeTables] : [schema])).rows.map(f));
  await q(
    `SELECT table_name, column_name, data_type, udt_name, is_nullable, coalesce(column_default, '') AS d, coalesce(character_maximum_length::text, '') AS len
       FROM information_schema.columns WHERE table_schema = $1 AND table_name <> 'migrations' AND table_name !~ $2`,
    (r) =>
      `column ${r.table_name}.${r.column_name} ${r.data_type}/${r.udt_name} null=${r.is_nullable} default=${strip(r.d)} len=${r.len}`,
  );
  await q(
    `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = $1 AND tablename <> 'migrations' AND tablename !~ $2`,
    (r) => `index ${r.tablename}.${r.indexname}: ${strip(r.indexdef)}`,
  );
  await q(
    `SELECT c.relname AS t, k.conname AS n, pg_get_constraintdef(k.oid) AS d FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname = $1 AND c.relname <> 'migrations' AND c.relname !~ $2`,
    (r) => `constraint ${r.t}.${r.n}: ${strip(r.d)}`,
  );
  await q(
    `SELECT p.proname AS n, pg_get_function_identity_arguments(p.oid) AS a, p.prosrc AS src FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = $1`,
    (r) => `function ${r.n}(${r.a}): ${strip(r.src)}`,
  );
  await q(
    `SELECT event_object_table AS t, trigger_name AS n, action_timing AS w, event_manipulation AS e, action_statement AS a FROM information_schema.triggers WHERE trigger_schema = $1`,
    (r) => `trigger ${r.t}.${r.n} ${r.w} ${r.e}: ${strip(r.a)}`,
  );
  // Not intake's receipt-number sequences: made at run time, one per kab/kota and month (data).
  await q(
    `SELECT sequence_name AS n, data_type AS t, increment AS i FROM information_schema.sequences WHERE sequence_schema = $1 AND sequence_name NOT LIKE 'receipt_seq_%'`,
    (r) => `sequence ${r.n} ${r.t} +${r.i}`,
  );
  // Views by name (their columns are above): the registry points `member_current` at the snapshot in force.
  await q(`SELECT table_name AS n FROM information_schema.views WHERE table_schema = $1`, (r) => `view ${r.n}`);
  return rows.sort();
}

describe(`e2e: an installation upgraded from release ${RELEASE} with its data`, () => {
  let database: string;
  let url: string;
  let db: pg.Client;
  let stack: FullStack;
  const fresh: TestSchema[] = [];

  const http = async (
    method: string,
    path: string,
    token: string | null,
    body?: unknown,
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    let json: Record<string, unknown> & { items?: Array<Record<string, unknown>> } = {};
    try {
      json = JSON.parse(text);
    } catch {
      /* an HTML page */
    }
    return { status: res.status, json, text };
  };
  const ok = async (...args: Parameters<typeof http>) => {
    const r = await http(...args);
    if (r.status >= 300) throw new Error(`${args[0]} ${args[1]} → ${r.status}: ${r.text.slice(0, 400)}`);
    return r.json;
  };
  /** Signs in with the password the release's demo users were given (today's run seeds another). */
  const login = async (username: string, password = fixture.password) => {
    const r = await http('POST', '/v1/auth/login', null, { username, password });
    return { status: r.status, token: String(r.json.accessToken) };
  };

  beforeAll(async () => {
    // The release's database, restored as it was left (its migrations table included).
    const server = new URL(testDatabaseUrl());
    database = `slrt_upgrade_${randomBytes(5).toString('hex')}`;
    const admin = new pg.Client({ connectionString: server.href });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${database}"`);
    await admin.end();
    const u = new URL(server.href);
    u.pathname = `/${database}`;
    url = u.href;
    db = new pg.Client({ connectionString: url });
    await db.connect();
    await db.query(readFileSync(join(here, 'upgrade', 'fixtures', `${RELEASE}.sql`), 'utf8'));
    await db.query(`SET search_path TO public`);
    // Today's services on it (FullStack migrates each schema forward before it starts the service);
    // new demo users get another password, so a sign-in with the release's proves its hashes kept.
    stack = await FullStack.start('upgrade', { SLRT_DEMO_PASSWORD: 'another-demo-password-456' }, { database: url });
  }, 180_000);

  afterAll(async () => {
    await stack?.close();
    for (const s of fresh) await s.drop().catch(() => undefined);
    await db?.end().catch(() => undefined);
    if (database) {
      const admin = new pg.Client({ connectionString: testDatabaseUrl() });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`).catch(() => undefined);
      await admin.end();
    }
  });

  it('migrates forward: every migration of the release kept, the new ones applied, and each schema equal to a fresh install of today', async () => {
    const envs = {
      intake: [IntakeEnv, intakeDataSourceOptions],
      registry: [RegistryEnv, registryDataSourceOptions],
      referral: [ReferralEnv, referralDataSourceOptions],
      notification: [NotificationEnv, notificationDataSourceOptions],
      reporting: [ReportingEnv, reportingDataSourceOptions],
      gateway: [GatewayEnv, gatewayDataSourceOptions],
    } as const;
    let added = 0;
    for (const service of SERVICES) {
      const applied = (await db.query(`SELECT name FROM "${service}".migrations ORDER BY id`)).rows.map(
        (r: { name: string }) => r.name,
      );
      // The release's migrations first, in their order, none renamed or dropped; then today's.
      expect(applied.slice(0, fixture.migrations[service]!.length)).toEqual(fixture.migrations[service]);
      added += applied.length - fixture.migrations[service]!.length;
      const schema = await createTestSchema(`upfresh${service.slice(0, 3)}`);
      fresh.push(schema);
      const [Env, options] = envs[service];
      const env = loadConfig(service, Env as never, {
        DATABASE_URL: schema.url,
        DATABASE_SCHEMA: schema.schema,
        NATS_URL: 'nats://127.0.0.1:1',
        NODE_ENV: 'test',
        JWT_SECRET: 'test-secret-that-is-long-enough-0123456789',
      });
      await runMigrations((options as (e: never) => Parameters<typeof runMigrations>[0])(env as never), 'up');
      const check = new pg.Client({ connectionString: schema.url });
      await check.connect();
      try {
        const freshNames = (await check.query(`SELECT name FROM "${schema.schema}".migrations ORDER BY id`)).rows.map(
          (r: { name: string }) => r.name,
        );
        expect(applied).toEqual(freshNames);
        expect(await structure(db, service)).toEqual(await structure(check, schema.schema));
      } finally {
        await check.end();
      }
    }
    // The release is old enough for the upgrade to do something (17 migrations at the time of writing).
    expect(added).toBeGreaterThan(0);
  }, 120_000);

  it('keeps the records: the old complaints read as before (NIK masked), the citizen follows them by receipt and code, staff sign in with their passwords', async () => {
    expect((await login('demo.fo')).status).toBe(200);
    expect((await login('demo.fo', 'another-demo-password-456')).status).toBe(401);
    const fo = (await login('demo.fo')).token;
    const { siti, budi } = fixture.complaints;
    const complaint = await ok('GET', `/v1/complaints/${siti.complaintId}`, fo);
    expect(complaint).toMatchObject({ receiptNumber: siti.receiptNumber });
    expect(JSON.stringify(complaint)).not.toContain(fixture.people.siti.nik);
    expect(JSON.stringify(complaint)).toContain(fixture.people.siti.nik.slice(0, 4));
    const list = await ok('GET', '/v1/complaints?pageSize=50', fo);
    expect(list.items?.map((c) => c.receiptNumber)).toEqual(
      expect.arrayContaining(Object.values(fixture.complaints).map((c) => c.receiptNumber)),
    );
    const page = await http('GET', `/status?nomor=${siti.receiptNumber}&kode=${siti.trackingCode}`, null);
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/selesai/i);
    expect(page.text).not.toContain('Siti Aminah');
    expect((await http('GET', `/status?nomor=${budi.receiptNumber}&kode=${budi.trackingCode}`, null)).status).toBe(200);
    // The registry's snapshot and audit of the release serve today's lookups.
    const lookup = await ok('POST', '/v1/registry/persons/search', fo, {
      by: 'nik',
      nik: fixture.people.siti.nik,
      purpose: { kind: 'service', reference: 'pemutakhiran' },
    });
    expect(lookup.matches).toHaveLength(1);
  });

  it("carries on the work in progress: Budi's case, waiting for the supervisor at the release, goes through the chain to PKH and is resolved", async () => {
    const [spv, mj, bo, po] = (await Promise.all(
      ['demo.spv', 'demo.mj', 'demo.bo', 'demo.po.pkh'].map(async (u) => (await login(u)).token),
    )) as [string, string, string, string];
    const { budi } = fixture.complaints;
    const forwarded = await ok('POST', `/v1/cases/${budi.caseId}/actions`, spv, {
      action: 'forward',
      expectedVersion: budi.caseVersion,
    });
    const approved = await ok('POST', `/v1/cases/${budi.caseId}/actions`, mj, {
      action: 'approve',
      expectedVersion: forwarded.version,
    });
    const sent = await ok('POST', `/v1/cases/${budi.caseId}/actions`, bo, {
      action: 'send',
      expectedVersion: approved.version,
      note: 'Mohon cek penyaluran PKH.',
    });
    const referralId = String((sent.referrals as Array<{ referralId: string }>)[0]!.referralId);
    await ok('POST', `/v1/owner/referrals/${referralId}/responses`, po, {
      responseId: `pkh-upgrade-${referralId.slice(-12)}`,
      answer: 'resolved',
      note: 'Sudah disalurkan.',
    });
    await waitFor(
      async () =>
        (await db.query(`SELECT current_step FROM intake.complaint WHERE id = $1`, [budi.complaintId])).rows[0]
          ?.current_step === 'resolved',
      { timeoutMs: 60_000, message: "Budi's complaint resolved in intake" },
    );
    // The release's answered referral stays answered, once.
    expect(
      Number(
        (await db.query(`SELECT count(*) FROM referral.referral WHERE case_id = $1`, [fixture.complaints.siti.caseId]))
          .rows[0].count,
      ),
    ).toBe(1);
  }, 120_000);

  it('registers new complaints after the old ones: receipt numbers go on without a clash, and reporting counts old and new', async () => {
    const fo = (await login('demo.fo')).token;
    const nik = fixture.people.rina.nik.slice(0, 12) + '0999';
    const r = await ok(
      'POST',
      '/v1/complaints',
      fo,
      {
        channel: 'PUSKESOS_FO',
        place: 'Puskesos Kelurahan Pahandut',
        subject: {
          nik,
          name: 'Warga Baru',
          birthDate: '1990-11-20',
          sex: 'F',
          birthPlace: 'Palangka Raya',
          address: { street: 'Jl. Kenanga 1', rt: '001', rw: '001', desaCode: '62.71.01.1001' },
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
          description: 'Pengaduan pertama setelah pemutakhiran sistem.',
          documentsReceived: ['KTP'],
        },
      },
      { 'idempotency-key': 'upgrade-new-0001' },
    );
    const old = Object.values(fixture.complaints).map((c) => c.receiptNumber);
    expect(old).not.toContain(r.receiptNumber);
    const [prefix, serial] = [String(r.receiptNumber).slice(0, 9), Number(String(r.receiptNumber).slice(10))];
    const sameMonth = old.filter((n) => n.startsWith(prefix)).map((n) => Number(n.slice(10)));
    if (sameMonth.length) expect(serial).toBeGreaterThan(Math.max(...sameMonth));
    await waitFor(
      async () => Number((await db.query(`SELECT count(*) FROM reporting.rpt_complaint`)).rows[0].count) === 4,
      { timeoutMs: 60_000, message: 'reporting counts the three old complaints and the new one' },
    );
  }, 120_000);
});
