/* eslint-disable max-lines -- integration spec of npm start (deploy/local/slrt.mjs start): its tests share one booted stack, which takes seconds to start */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { rpcWireSubject } from '@slrt/contracts';
import { generateKk, generateNik } from '@slrt/domain';
import { freePort, startNatsServer, testDatabaseUrl, waitFor, type TestNatsServer } from '@slrt/testing';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];

/**
 * `npm start` as a user runs it (against given PostgreSQL and NATS): builds, migrates every
 * service, starts them, reports them ready, and stops them all cleanly on Ctrl-C.
 */
describe('npm start (deploy/local/slrt.mjs start)', () => {
  const database = `slrt_launch_${randomBytes(4).toString('hex')}`;
  const admin = testDatabaseUrl();
  let nats: TestNatsServer;
  let launcher: ChildProcess | null = null;
  let output = '';
  const attachmentDir = mkdtempSync(join(tmpdir(), 'slrt-e2e-attach-'));
  const registryDir = mkdtempSync(join(tmpdir(), 'slrt-e2e-registry-'));
  const ports: Record<string, number> = {};
  const opsPorts: Record<string, number> = {};

  beforeAll(async () => {
    nats = await startNatsServer();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`CREATE DATABASE "${database}"`);
    await c.end();
    for (const s of SERVICES) [ports[s], opsPorts[s]] = [await freePort(), await freePort()];
  });

  afterAll(async () => {
    if (launcher && launcher.exitCode === null) launcher.kill('SIGKILL');
    await nats?.dispose();
    const c = new pg.Client({ connectionString: admin });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await c.end();
    rmSync(attachmentDir, { recursive: true, force: true });
    rmSync(registryDir, { recursive: true, force: true });
  });

  const url = new URL(admin);
  const gateway = () => `http://127.0.0.1:${ports.gateway}`;
  const api = async (
    method: string,
    path: string,
    opts: { token?: string; body?: unknown; headers?: Record<string, string>; raw?: Buffer; type?: string } = {},
  ) => {
    const res = await fetch(`${gateway()}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.type ? { 'content-type': opts.type } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : opts.raw ? { body: opts.raw } : {}),
    });
    const buffer = Buffer.from(await res.arrayBuffer());
    return {
      status: res.status,
      type: res.headers.get('content-type') ?? '',
      buffer,
      json: () => JSON.parse(buffer.toString('utf8')),
    };
  };
  const login = async (username: string) =>
    (await api('POST', '/v1/auth/login', { body: { username, password: 'launcher-test-demo' } })).json()
      .accessToken as string;

  it('migrates and starts every service, each ready with its database and NATS', async () => {
    url.pathname = `/${database}`;
    launcher = spawn(process.execPath, ['deploy/local/slrt.mjs', 'start', '--demo'], {
      cwd: root,
      env: {
        ...process.env,
        DATABASE_URL: url.href,
        NATS_URL: nats.url,
        // An operator's NATS: each user's password in NATS_<USER>_PASSWORD, as deploy/nats reads them.
        ...Object.fromEntries(
          ['provisioner', ...SERVICES].map((u) => [`NATS_${u.toUpperCase()}_PASSWORD`, nats.credentials(u).password!]),
        ),
        SLRT_LOG_FORMAT: 'json',
        LOG_LEVEL: 'warn',
        SLRT_ADMIN_PASSWORD: 'launcher-test-admin',
        SLRT_DEMO_PASSWORD: 'launcher-test-demo',
        INTAKE_ATTACHMENT_DIR: attachmentDir,
        REGISTRY_IMPORT_DIR: registryDir,
        ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_HTTP_PORT`, String(ports[s])])),
        ...Object.fromEntries(SERVICES.map((s) => [`${s.toUpperCase()}_OPS_PORT`, String(opsPorts[s])])),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    launcher.stdout!.on('data', (d) => (output += d));
    launcher.stderr!.on('data', (d) => (output += d));
    await waitFor(() => output.includes('All services are ready'), {
      timeoutMs: 120_000,
      intervalMs: 200,
      message: `launcher ready; output so far:\n${output}`,
    });

    for (const s of SERVICES) {
      // Health and metrics answer on the operations port only.
      const res = await fetch(`http://127.0.0.1:${opsPorts[s]}/health/ready`);
      expect({ service: s, status: res.status, body: await res.json() }).toEqual({
        service: s,
        status: 200,
        body: { status: 'ok', checks: { database: 'up', nats: 'up' } },
      });
      const metrics = await (await fetch(`http://127.0.0.1:${opsPorts[s]}/metrics`)).text();
      expect(metrics).toContain(`service="${s}"`);
      expect((await fetch(`http://127.0.0.1:${ports[s]}/metrics`)).status).toBe(404);
    }
    // Passwords never reach the log (the ones given here, nor generated ones).
    expect(output).not.toContain('launcher-test-admin');
    expect(output).not.toContain('launcher-test-demo');
    const c = new pg.Client({ connectionString: url.href });
    await c.connect();
    const tables = await c.query(
      `SELECT table_schema FROM information_schema.tables WHERE table_name = 'outbox' ORDER BY 1`,
    );
    await c.end();
    expect(tables.rows.map((r) => r.table_schema)).toEqual([...SERVICES].sort());
  }, 180_000);

  it('serves the FO through the gateway: register without NIK, Dukcapil letter and receipt as PDF, attachment, public status', async () => {
    const fo = await login('demo.fo');
    const complaint = {
      channel: 'PUSKESOS_FO',
      subject: {
        name: 'Yohanes Ringkai',
        birthDate: '1960-02-01',
        sex: 'M',
        address: { street: 'Jl. Bukit Hindu', rt: '001', rw: '002', desaCode: '62.71.01.1001' },
        consent: true,
      },
      complainant: null,
      relationship: 'self',
      anonymous: false,
      confidential: false,
      complaint: {
        category: 'kepesertaan',
        contactType: 'pengaduan',
        programmeCodes: ['PBI'],
        sector: 'kesehatan',
        description: 'Belum punya KTP sehingga tidak bisa didaftarkan PBI.',
        documentsReceived: ['SURAT_KETERANGAN_DESA'],
      },
    };
    const registered = await api('POST', '/v1/complaints', {
      token: fo,
      body: complaint,
      headers: { 'idempotency-key': 'e2e-fo-0000001' },
    });
    expect(registered.status).toBe(201);
    const c = registered.json();
    expect(c).toMatchObject({
      registryCheck: 'no-identity',
      nextStep: 'civil-registration',
      receiptNumber: expect.stringMatching(/^6271-/),
    });
    const again = await api('POST', '/v1/complaints', {
      token: fo,
      body: complaint,
      headers: { 'idempotency-key': 'e2e-fo-0000001' },
    });
    expect(again.json()).toMatchObject({ complaintId: c.complaintId, replayed: true });

    const letter = await api('GET', `/v1/complaints/${c.complaintId}/civil-registration-letter`, { token: fo });
    expect(letter.status).toBe(200);
    expect(letter.type).toBe('application/pdf');
    expect(letter.buffer.subarray(0, 5).toString()).toBe('%PDF-');
    const receipt = await api('GET', `/v1/complaints/${c.complaintId}/receipt?layout=thermal-80`, { token: fo });
    expect(receipt.type).toBe('application/pdf');

    const photo = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), randomBytes(700_000)]);
    const attached = await api('POST', `/v1/complaints/${c.complaintId}/attachments`, {
      token: fo,
      raw: photo,
      type: 'image/jpeg',
      headers: { 'x-file-name': 'rumah.jpg' },
    });
    expect(attached.status).toBe(201);
    const download = await api('GET', `/v1/attachments/${attached.json().attachmentId}`, { token: fo });
    expect(download.buffer.equals(photo)).toBe(true);

    const status = await api('GET', `/v1/public/complaint-status?nomor=${c.receiptNumber}&kode=${c.trackingCode}`);
    expect(status.json()).toMatchObject({ stage: 'menunggu-adminduk' });
    const wrong = await api('GET', `/v1/public/complaint-status?nomor=${c.receiptNumber}&kode=ZZZZ-ZZZZ`);
    expect(wrong.status).toBe(404);
    expect(wrong.type).toMatch(/problem\+json/);
    // Another kelurahan's FO cannot read it: the record is "not found", never shown.
    const admin = await login('demo.admin');
    await api('POST', '/v1/users', {
      token: admin,
      body: {
        username: 'fo.panarung',
        displayName: 'FO Panarung',
        password: 'kata-sandi-kuat-1',
        roles: ['FO'],
        regionScope: ['62.71.01.1002'],
      },
    });
    const other = (
      await api('POST', '/v1/auth/login', { body: { username: 'fo.panarung', password: 'kata-sandi-kuat-1' } })
    ).json().accessToken;
    expect((await api('GET', `/v1/complaints/${c.complaintId}`, { token: other })).status).toBe(404);
  }, 60_000);

  it('refers a complaint end to end: registry import → FO → registry triage → SPV → MJ → BO → an outside NATS consumer answers → the case shows it; then the owner answers over HTTP', async () => {
    // The registry knows this person: a one-household DTSEN snapshot imported like any other.
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1975-03-09', sex: 'F', serial: 4242 });
    const noKk = generateKk({ regionCode: '62.71.01', issueDate: '2016-05-02', serial: 4242 });
    writeFileSync(
      join(registryDir, 'e2e.csv'),
      `nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip\n${nik},${noKk},Maria Ulin,1975-03-09,P,Kepala Keluarga,Jl. Tjilik Riwut,62.71.01.1001,2,1,1,1,0\n`,
    );
    // Speaking as the gateway does (its NATS user, its caller name on the request subject).
    const bus = await connect(nats.connectOptions('gateway'));
    const ask = async (subject: string, data: unknown) => {
      const envelope = {
        id: uuidv7(),
        subject,
        occurredAt: new Date().toISOString(),
        producer: 'gateway',
        kabKotaCode: '62.71',
        correlationId: uuidv7(),
        causationId: null,
        actor: { kind: 'user', id: 'e2e-admin', roles: ['ADMIN'], regionScope: ['62.71'] },
        data,
      };
      // Sent as the gateway would (its caller token): services answer a user actor only from the gateway.
      return JSON.parse(
        (await bus.request(rpcWireSubject(subject, 'gateway'), JSON.stringify(envelope), { timeout: 10_000 })).string(),
      );
    };
    const started = await ask('slrt.rpc.registry.import-snapshot.v1', {
      fileName: 'e2e.csv',
      dataPeriod: '2026-09',
      profile: 'dtsen',
    });
    expect(started.ok).toBe(true);
    await waitFor(
      async () =>
        (await ask('slrt.rpc.registry.get-import-job.v1', { jobId: started.data.jobId })).data.status === 'succeeded',
      { timeoutMs: 20_000, message: 'registry snapshot imported' },
    );
    await bus.close();
    const fo = await login('demo.fo');
    const registered = await api('POST', '/v1/complaints', {
      token: fo,
      headers: { 'idempotency-key': 'e2e-referral-0001' },
      body: {
        channel: 'SEKRETARIAT_FO',
        subject: {
          nik,
          name: 'Maria Ulin',
          birthDate: '1975-03-09',
          sex: 'F',
          address: { desaCode: '62.71.01.1001' },
          phone: '0812-5555-0101',
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
          description: 'Bantuan PKH tahap III belum diterima.',
          documentsReceived: ['KTP', 'KK'],
        },
      },
    });
    expect(registered.json()).toMatchObject({ registryCheck: 'in-registry', nextStep: 'review' });
    const complaintId = registered.json().complaintId;

    // A ministry's consumer: the plain NATS client with its own user and inbox prefix, reading the
    // durable the launcher's provisioning step made for it (it cannot create one).
    const nc = await connect(nats.connectOptions('kemensos-pkh'));
    const js = jetstream(nc);
    const received: Array<{
      subject: string;
      data: { referralId: string; kabKotaCode: string; subject: Record<string, string> };
    }> = [];
    const messages = await (await js.consumers.get('SLRT_OWNER_OUT', 'owner-kemensos-pkh')).consume();
    void (async () => {
      for await (const m of messages) {
        received.push({ subject: m.subject, data: (m.json() as { data: (typeof received)[number]['data'] }).data });
        m.ack();
      }
    })();

    try {
      const spv = await login('demo.spv');
      const caseId = await waitFor(
        async () =>
          (await api('GET', '/v1/cases?queue=mine', { token: spv }))
            .json()
            .items.find((c: { complaintId: string }) => c.complaintId === complaintId)?.caseId,
        { timeoutMs: 20_000, message: 'case opened' },
      );
      const act = async (user: string, action: string, version: number, extra: Record<string, unknown> = {}) => {
        const res = await api('POST', `/v1/cases/${caseId}/actions`, {
          token: await login(user),
          body: { action, expectedVersion: version, ...extra },
        });
        expect({ action, status: res.status }).toEqual({ action, status: 200 });
        return res.json();
      };
      await act('demo.spv', 'forward', 1);
      const illegal = await api('POST', `/v1/cases/${caseId}/actions`, {
        token: await login('demo.bo'),
        body: { action: 'send', expectedVersion: 2 },
      });
      expect(illegal.status).toBe(409);
      expect(illegal.json().allowed).toEqual([]);
      await act('demo.mj', 'approve', 2);
      const sent = await act('demo.bo', 'send', 3, { note: 'Mohon cek penyaluran PKH tahap III.' });
      expect(sent.state).toBe('referred');

      const referral = await waitFor(
        () => received.find((r) => r.subject === 'slrt.owner.kemensos-pkh.referral.sent.v1'),
        { timeoutMs: 20_000, message: 'referral received by the outside consumer' },
      );
      expect(referral.data).toMatchObject({ kabKotaCode: '62.71', subject: { nik, name: 'Maria Ulin' } });
      const answer = {
        id: uuidv7(),
        subject: 'slrt.owner.kemensos-pkh.response.accepted.v1',
        occurredAt: new Date().toISOString(),
        producer: 'owner:kemensos-pkh',
        kabKotaCode: '62.71',
        correlationId: uuidv7(),
        causationId: null,
        actor: null,
        data: {
          referralId: referral.data.referralId,
          note: 'Diteruskan ke pendamping PKH.',
          respondedAt: new Date().toISOString(),
        },
      };
      await js.publish(answer.subject, JSON.stringify(answer), { msgID: answer.id });
      await waitFor(
        async () => (await api('GET', `/v1/cases/${caseId}`, { token: spv })).json().state === 'owner-accepted',
        { timeoutMs: 20_000, message: 'owner answer applied' },
      );

      // The same owner over HTTP; another owner sees nothing and cannot answer.
      const admin = await login('demo.admin');
      await api('POST', '/v1/users', {
        token: admin,
        body: {
          username: 'po.bpjs',
          displayName: 'PO BPJS',
          password: 'kata-sandi-kuat-1',
          roles: ['PO'],
          regionScope: ['62.71'],
          ownerCode: 'bpjs-kesehatan',
        },
      });
      const bpjs = (
        await api('POST', '/v1/auth/login', { body: { username: 'po.bpjs', password: 'kata-sandi-kuat-1' } })
      ).json().accessToken;
      expect((await api('GET', '/v1/owner/referrals', { token: bpjs })).json().items).toEqual([]);
      expect(
        (
          await api('POST', `/v1/owner/referrals/${referral.data.referralId}/responses`, {
            token: bpjs,
            body: { responseId: 'bpjs-0000000001', answer: 'resolved', note: 'x y z' },
          })
        ).status,
      ).toBe(404);
      const pkh = await login('demo.po.pkh');
      expect(
        (await api('GET', '/v1/owner/referrals', { token: pkh }))
          .json()
          .items.map((r: { referralId: string }) => r.referralId),
      ).toContain(referral.data.referralId);
      const resolved = await api('POST', `/v1/owner/referrals/${referral.data.referralId}/responses`, {
        token: pkh,
        body: { responseId: 'pkh-0000000001', answer: 'resolved', note: 'Dana disalurkan ulang 1 Desember.' },
      });
      expect(resolved.json()).toMatchObject({ status: 'resolved', repeated: false });
      const done = (await api('GET', `/v1/cases/${caseId}`, { token: spv })).json();
      expect(done.state).toBe('resolved');
      expect(done.history.map((h: { action: string }) => h.action)).toEqual([
        'forward',
        'approve',
        'send',
        'owner-accept',
        'owner-resolve',
      ]);
    } finally {
      await messages.close();
      await nc.close();
    }
  }, 120_000);

  it('starts a service killed with kill -9 again, says so in the log, and it answers as before', async () => {
    // The notification process of this launcher: the child whose environment carries our OPS_PORT.
    const pid = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .find((d) => {
        try {
          const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
          return (
            cmd.includes('run-service.mjs') &&
            readFileSync(`/proc/${d}/environ`, 'utf8').split('\0').includes(`OPS_PORT=${opsPorts.notification}`)
          );
        } catch {
          return false; // gone meanwhile, or not ours
        }
      });
    expect(pid).toBeDefined();
    process.kill(Number(pid), 'SIGKILL');
    await waitFor(() => /notification exited unexpectedly \(SIGKILL\); restarting it in 1 s/.test(output), {
      timeoutMs: 20_000,
    });
    await waitFor(() => /notification is ready again/.test(output), { timeoutMs: 90_000 });
    const ready = await fetch(`http://127.0.0.1:${opsPorts.notification}/health/ready`);
    expect(ready.status).toBe(200);
    // The other services were left running.
    expect(output).not.toMatch(/stopping the others/);
    for (const s of SERVICES) expect((await fetch(`http://127.0.0.1:${opsPorts[s]}/health/live`)).status).toBe(200);
  }, 150_000);

  it('stops every service cleanly on Ctrl-C (SIGINT)', async () => {
    launcher!.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => launcher!.once('exit', (c) => resolve(c)));
    expect(code).toBe(0);
    expect(output).not.toMatch(/stopping the others/);
  }, 180_000);
});
