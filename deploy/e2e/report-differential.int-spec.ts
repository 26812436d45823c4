/* eslint-disable max-lines -- integration spec of e2e: the monthly report equals counts made in the source services’ tables: its tests share one booted stack, which takes seconds to start */
import ExcelJS from 'exceljs';
import pg from 'pg';
import { generateKk, generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { ReportsService } from '../../services/reporting/src/reports/reports.service.js';
import { FullStack } from './support/full-stack.js';

/** Start of the local month (Asia/Jakarta, UTC+7) that holds `at`, as an instant; `add` months on. */
const monthStart = (at: Date, add = 0) => {
  const local = new Date(at.getTime() + 7 * 3600_000);
  return new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth() + add, 1) - 7 * 3600_000);
};

/**
 * The monthly SLRT report against its sources (issue #13's differential test): a month seeded
 * through the real services over the API — complaints in two kecamatan on two channels, referrals
 * to PKH answered "resolved", "rejected" (with a reason) and "accepted", a case settled at the
 * Puskesos, a complaint withdrawn, one left open — then the report's XLSX is read back and each of
 * its figures is compared with the same count made directly in intake's and referral's own tables.
 */
describe('e2e: the monthly report equals counts made in the source services\u2019 tables', () => {
  let stack: FullStack;
  let db: pg.Client;

  const http = async (
    method: string,
    path: string,
    token: string,
    body?: unknown,
    contentType = 'application/json',
    extra: Record<string, string> = {},
  ) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body !== undefined ? { 'content-type': contentType } : {}),
        ...extra,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${text.slice(0, 400)}`);
    return JSON.parse(text) as Record<string, unknown> & { items?: Array<Record<string, unknown>> };
  };

  beforeAll(async () => {
    stack = await FullStack.start('rptdiff');
    db = new pg.Client({ connectionString: stack.schemas[0]!.url });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await stack?.close();
  });

  it('every figure of Ringkasan, Per Desa, Pemilik Program, Alasan Penolakan and the open cases is the count in intake and referral', async () => {
    const [admin, fo, spv, mj, bo, po] = (await Promise.all(
      ['demo.admin', 'demo.fo', 'demo.spv', 'demo.mj', 'demo.bo', 'demo.po.pkh'].map((u) => stack.token(u)),
    )) as [string, string, string, string, string, string];
    const person = (desa: string, serial: number, sex: 'F' | 'M') => ({
      nik: generateNik({ regionCode: desa.slice(0, 8), birthDate: '1985-04-10', sex, serial }),
      noKk: generateKk({ regionCode: desa.slice(0, 8), issueDate: '2011-01-01', serial }),
      desa,
      sex,
      name: `Warga ${serial}`,
    });
    const K1 = '62.71.01.1001';
    const K2 = '62.71.02.1002';
    const people = {
      a: person(K1, 411, 'F'),
      b: person(K1, 412, 'M'),
      c: person(K2, 413, 'F'),
      d: person(K2, 414, 'M'),
      f: person(K1, 415, 'F'),
    };
    const csv = ['nik,no_kk,nama,tanggal_lahir,jenis_kelamin,hubungan_keluarga,alamat,desa_kode,desil,pkh,bpnt,pbi,kip']
      .concat(
        Object.values(people).map(
          (p) =>
            `${p.nik},${p.noKk},${p.name},1985-04-10,${p.sex === 'F' ? 'P' : 'L'},Kepala Keluarga,"Jl. Uji 1",${p.desa},2,0,0,1,0`,
        ),
      )
      .join('\n');
    const job = await http(
      'POST',
      '/v1/registry/imports?dataPeriod=2026-09&profile=dtsen',
      admin,
      `${csv}\n`,
      'text/csv',
    );
    // The second kecamatan's counter and supervisor (the demo ones work in Pahandut).
    const password = 'Uji-Laporan-Kecamatan-Dua-2026';
    await http('POST', '/v1/users', admin, {
      username: 'fo.kec2',
      displayName: 'FO Kecamatan 2',
      password,
      roles: ['FO'],
      regionScope: [K2],
    });
    await http('POST', '/v1/users', admin, {
      username: 'spv.kec2',
      displayName: 'SPV Kecamatan 2',
      password,
      roles: ['SPV'],
      regionScope: [K2.slice(0, 8)],
    });
    const login = async (username: string) =>
      String(
        (
          (await (
            await fetch(`${stack.base}/v1/auth/login`, {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ username, password }),
            })
          ).json()) as { accessToken: string }
        ).accessToken,
      );
    const [fo2, spv2] = [await login('fo.kec2'), await login('spv.kec2')];
    const foOf = (desa: string) => (desa === K2 ? fo2 : fo);
    const spvOf = (desa: string) => (desa === K2 ? spv2 : spv);
    await waitFor(
      async () => (await http('GET', `/v1/registry/imports/${String(job.jobId)}`, admin)).status === 'succeeded',
      { timeoutMs: 60_000, message: 'snapshot imported' },
    );

    const register = (
      key: string,
      p: { nik?: string; noKk?: string; desa: string; sex: 'F' | 'M'; name: string },
      o: { channel?: string; category?: string } = {},
    ) =>
      http(
        'POST',
        '/v1/complaints',
        foOf(p.desa),
        {
          channel: o.channel ?? 'PUSKESOS_FO',
          place: 'Puskesos Kelurahan Pahandut',
          subject: {
            ...(p.nik ? { nik: p.nik, noKk: p.noKk } : {}),
            name: p.name,
            birthDate: '1985-04-10',
            sex: p.sex,
            birthPlace: 'Palangka Raya',
            address: { street: 'Jl. Uji 1', rt: '001', rw: '001', desaCode: p.desa },
            consent: true,
          },
          complainant: null,
          relationship: 'self',
          anonymous: false,
          confidential: false,
          complaint: {
            category: o.category ?? 'non-kepesertaan',
            contactType: 'pengaduan',
            programmeCodes: ['PKH'],
            sector: 'sosial-ekonomi',
            description: `Pengaduan uji laporan ${key}.`,
            documentsReceived: ['KTP'],
          },
        },
        'application/json',
        { 'idempotency-key': `rptdiff-${key}` },
      );
    const caseOf = async (receipt: unknown, desa: string) =>
      String(
        (
          await waitFor(
            async () =>
              (await http('GET', '/v1/cases?queue=mine', spvOf(desa))).items?.find((c) => c.receiptNumber === receipt),
            { timeoutMs: 60_000, message: `case of ${String(receipt)}` },
          )
        ).caseId,
      );
    const refer = async (receipt: unknown, desa: string) => {
      const id = await caseOf(receipt, desa);
      const f = await http('POST', `/v1/cases/${id}/actions`, spvOf(desa), { action: 'forward', expectedVersion: 1 });
      const a = await http('POST', `/v1/cases/${id}/actions`, mj, { action: 'approve', expectedVersion: f.version });
      const s = await http('POST', `/v1/cases/${id}/actions`, bo, {
        action: 'send',
        expectedVersion: a.version,
        note: 'Mohon ditindaklanjuti.',
      });
      return String((s.referrals as Array<{ referralId: string }>)[0]!.referralId);
    };
    const answer = (referralId: string, body: Record<string, unknown>) =>
      http('POST', `/v1/owner/referrals/${referralId}/responses`, po, {
        responseId: `pkh-rptdiff-${referralId.slice(-12)}`,
        ...body,
      });

    await answer(await refer((await register('a', people.a)).receiptNumber, K1), {
      answer: 'resolved',
      note: 'Sudah disalurkan ulang.',
    });
    await answer(await refer((await register('b', people.b)).receiptNumber, K1), {
      answer: 'rejected',
      reasonCode: 'NOT_ELIGIBLE',
      note: 'Tidak memenuhi syarat PKH.',
    });
    await answer(await refer((await register('c', people.c)).receiptNumber, K2), {
      answer: 'accepted',
      note: 'Diproses pada tahap berikutnya.',
    });
    const dCase = await caseOf((await register('d', people.d)).receiptNumber, K2);
    await http('POST', `/v1/cases/${dCase}/puskesos-resolution`, bo, {
      expectedVersion: 1,
      requestId: `rptdiff-d-${dCase}`,
      kind: 'informasi',
      actionTaken: 'Warga diberi penjelasan jadwal penyaluran tahap berikutnya.',
    });
    const e = await register('e', { desa: K2, sex: 'M', name: 'Warga Tanpa NIK' }, { channel: 'SEKRETARIAT_FO' });
    await http('POST', `/v1/complaints/${String(e.complaintId)}/withdraw`, fo2, {
      reason: 'Warga mencabut pengaduannya.',
    });
    await register('f', people.f, { category: 'kepesertaan' });

    // Intake has heard the owners' answers; reporting has every event (its read model is fed asynchronously).
    const s = Object.fromEntries(
      ['in', 'rf', 'rp'].map((k) => [k, stack.schemas.find((x) => x.schema.startsWith(`rptdiff${k}_`))!.schema]),
    ) as { in: string; rf: string; rp: string };
    const terminalSql = `('resolved', 'rejected', 'withdrawn', 'closed')`;
    await waitFor(
      async () =>
        Number(
          (await db.query(`SELECT count(*) FROM "${s.in}".complaint WHERE current_step IN ${terminalSql}`)).rows[0]
            .count,
        ) >= 3,
      { timeoutMs: 60_000, message: 'intake closed the resolved, rejected and withdrawn complaints' },
    );
    await new Promise((r) => setTimeout(r, 2000));
    await waitFor(
      async () => {
        const [a, b] = await Promise.all([
          db.query(`SELECT count(*)::int AS n FROM "${s.in}".complaint_status`),
          db.query(
            `SELECT (SELECT count(*) FROM "${s.rp}".rpt_complaint)::int AS c, (SELECT count(*) FROM "${s.rp}".rpt_referral)::int AS r`,
          ),
        ]);
        return a.rows[0].n > 0 && b.rows[0].c === 6 && b.rows[0].r === 3;
      },
      { timeoutMs: 60_000, message: 'reporting has every complaint and referral' },
    );
    await new Promise((r) => setTimeout(r, 3000)); // the last status and answer events

    const now = new Date();
    const from = monthStart(now);
    const to = monthStart(now, 1);
    const month = new Date(from.getTime() + 7 * 3600_000).toISOString().slice(0, 7);
    const reports = stack.apps[4]!.get(ReportsService);
    const { content } = await reports.generate('62.71', month, 'xlsx', now);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(content as unknown as ArrayBuffer);
    /** A sheet as { key of the row → { header → value } } (header row 6, data below, `Jumlah` row excluded). */
    const sheet = (name: string, key: (r: Record<string, unknown>) => string) => {
      const ws = wb.getWorksheet(name)!;
      const header = (ws.getRow(6).values as unknown[]).slice(1) as string[];
      const out: Record<string, Record<string, unknown>> = {};
      for (let i = 7; i <= ws.rowCount; i++) {
        const values = (ws.getRow(i).values as unknown[]).slice(1);
        const row = Object.fromEntries(header.map((h, k) => [h, values[k] ?? null]));
        if (Object.values(row).includes('Jumlah')) continue;
        out[key(row)] = row;
      }
      return out;
    };
    const q = async (sql: string) => (await db.query(sql, [from, to])).rows as Array<Record<string, unknown>>;
    const within = (col: string) => `${col} >= $1 AND ${col} < $2`;

    // Ringkasan, per kecamatan, from intake's complaint and status history and referral's tables.
    const closedSql = `SELECT c.id, c.desa_code, c.current_step AS step FROM "${s.in}".complaint c
      WHERE c.current_step IN ${terminalSql} AND (SELECT max(occurred_at) FROM "${s.in}".complaint_status h WHERE h.complaint_id = c.id AND h.step = c.current_step) >= $1
        AND (SELECT max(occurred_at) FROM "${s.in}".complaint_status h WHERE h.complaint_id = c.id AND h.step = c.current_step) < $2`;
    const firstAnswers = `SELECT DISTINCT ON (r.id) r.id, r.owner_code, k.desa_code, o.answer, o.payload->>'reasonCode' AS reason, o.received_at
      FROM "${s.rf}".referral r JOIN "${s.rf}".referral_case k ON k.id = r.case_id JOIN "${s.rf}".owner_response o ON o.referral_id = r.id AND o.applied
      ORDER BY r.id, o.received_at`;
    const expectedSummary = await q(`
      WITH kec AS (
        SELECT substr(desa_code, 1, 8) AS k FROM "${s.in}".complaint WHERE ${within('registered_at')}
        UNION SELECT substr(k.desa_code, 1, 8) FROM "${s.rf}".referral r JOIN "${s.rf}".referral_case k ON k.id = r.case_id WHERE ${within('r.sent_at')}
        UNION SELECT substr(desa_code, 1, 8) FROM "${s.rf}".local_resolution WHERE ${within('resolved_at')})
      SELECT kec.k AS "Kode",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE substr(c.desa_code, 1, 8) = kec.k AND ${within('c.registered_at')})::int AS "Pengaduan diterima",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE substr(c.desa_code, 1, 8) = kec.k AND ${within('c.registered_at')} AND c.channel <> 'FASILITATOR_VISIT')::int AS "Kanal FO",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE substr(c.desa_code, 1, 8) = kec.k AND ${within('c.registered_at')} AND c.channel = 'FASILITATOR_VISIT')::int AS "Kanal FS",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE substr(c.desa_code, 1, 8) = kec.k AND ${within('c.registered_at')} AND c.category = 'kepesertaan')::int AS "Kepesertaan",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE substr(c.desa_code, 1, 8) = kec.k AND ${within('c.registered_at')} AND c.category <> 'kepesertaan')::int AS "Non-kepesertaan",
        (SELECT count(*) FROM "${s.rf}".referral r JOIN "${s.rf}".referral_case k ON k.id = r.case_id WHERE substr(k.desa_code, 1, 8) = kec.k AND ${within('r.sent_at')})::int AS "Rujukan dikirim",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE substr(a.desa_code, 1, 8) = kec.k AND ${within('a.received_at')})::int AS "Tanggapan pemilik program",
        (SELECT count(*) FROM (${closedSql}) x WHERE substr(x.desa_code, 1, 8) = kec.k AND x.step = 'resolved')::int AS "Selesai",
        (SELECT count(*) FROM (${closedSql}) x WHERE substr(x.desa_code, 1, 8) = kec.k AND x.step = 'rejected')::int AS "Ditolak",
        (SELECT count(*) FROM (${closedSql}) x WHERE substr(x.desa_code, 1, 8) = kec.k AND x.step IN ('withdrawn', 'closed'))::int AS "Dicabut/ditutup",
        (SELECT count(*) FROM "${s.rf}".local_resolution l WHERE substr(l.desa_code, 1, 8) = kec.k AND ${within('l.resolved_at')})::int AS "Diselesaikan di Puskesos"
      FROM kec ORDER BY kec.k`);
    const summary = sheet('Ringkasan', (r) => String(r.Kode));
    const fields = Object.keys(expectedSummary[0]!).filter((h) => h !== 'Kode');
    // Every kecamatan of the kab/kota has its row; those without activity are all zeros.
    expect(Object.keys(summary)).toEqual(expect.arrayContaining(expectedSummary.map((r) => String(r.Kode))));
    for (const [kode, row] of Object.entries(summary))
      if (!expectedSummary.some((e) => e.Kode === kode))
        expect({ kode, counts: fields.map((h) => row[h]) }).toEqual({ kode, counts: fields.map(() => 0) });
    for (const e of expectedSummary)
      expect({ kode: e.Kode, ...Object.fromEntries(fields.map((h) => [h, summary[String(e.Kode)]![h]])) }).toEqual({
        kode: e.Kode,
        ...Object.fromEntries(fields.map((h) => [h, e[h]])),
      });
    // The seed shows in it as planned (the comparison above is not of two empty tables).
    const total = (h: string) => Object.values(summary).reduce((n, r) => n + (r[h] as number), 0);
    expect([
      total('Pengaduan diterima'),
      total('Rujukan dikirim'),
      total('Tanggapan pemilik program'),
      total('Diselesaikan di Puskesos'),
      total('Dicabut/ditutup'),
      total('Kepesertaan'),
    ]).toEqual([6, 3, 3, 1, 1, 1]);

    // Per Desa.
    const expectedDesa = await q(`
      SELECT d AS "Kode desa",
        (SELECT count(*) FROM "${s.in}".complaint c WHERE c.desa_code = d AND ${within('c.registered_at')})::int AS "Pengaduan diterima",
        (SELECT count(*) FROM "${s.rf}".referral r JOIN "${s.rf}".referral_case k ON k.id = r.case_id WHERE k.desa_code = d AND ${within('r.sent_at')})::int AS "Rujukan dikirim",
        (SELECT count(*) FROM (${closedSql}) x WHERE x.desa_code = d AND x.step = 'resolved')::int AS "Selesai"
      FROM (SELECT desa_code AS d FROM "${s.in}".complaint WHERE ${within('registered_at')}
            UNION SELECT k.desa_code FROM "${s.rf}".referral r JOIN "${s.rf}".referral_case k ON k.id = r.case_id WHERE ${within('r.sent_at')}
            UNION SELECT desa_code FROM (${closedSql}) x) ds ORDER BY d`);
    const desa = sheet('Per Desa', (r) => String(r['Kode desa']));
    expect(
      Object.values(desa).map((r) => ({
        'Kode desa': r['Kode desa'],
        'Pengaduan diterima': r['Pengaduan diterima'],
        'Rujukan dikirim': r['Rujukan dikirim'],
        Selesai: r.Selesai,
      })),
    ).toEqual(expectedDesa);

    // Pemilik Program and Alasan Penolakan, from referral's referrals and first applied answers.
    const expectedOwners = await q(`
      SELECT o AS "Pemilik program",
        (SELECT count(*) FROM "${s.rf}".referral r WHERE r.owner_code = o AND ${within('r.sent_at')})::int AS "Rujukan dikirim",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE a.owner_code = o AND ${within('a.received_at')})::int AS "Tanggapan",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE a.owner_code = o AND ${within('a.received_at')} AND a.answer = 'accepted')::int AS "Diterima",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE a.owner_code = o AND ${within('a.received_at')} AND a.answer = 'rejected')::int AS "Ditolak",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE a.owner_code = o AND ${within('a.received_at')} AND a.answer = 'review-requested')::int AS "Minta tinjau ulang",
        (SELECT count(*) FROM (${firstAnswers}) a WHERE a.owner_code = o AND ${within('a.received_at')} AND a.answer = 'resolved')::int AS "Selesai"
      FROM (SELECT DISTINCT owner_code AS o FROM "${s.rf}".referral WHERE ${within('sent_at')}) os ORDER BY o`);
    const owners = sheet('Pemilik Program', (r) => String(r['Pemilik program']));
    const ownerFields = Object.keys(expectedOwners[0]!);
    expect(Object.values(owners).map((r) => Object.fromEntries(ownerFields.map((h) => [h, r[h]])))).toEqual(
      expectedOwners,
    );
    expect(expectedOwners.map(({ 'Pemilik program': _owner, ...counts }) => counts)).toEqual([
      { 'Rujukan dikirim': 3, Tanggapan: 3, Diterima: 1, Ditolak: 1, 'Minta tinjau ulang': 0, Selesai: 1 },
    ]);
    const expectedReasons = await q(
      `SELECT owner_code AS "Pemilik program", coalesce(reason, 'UNSPECIFIED') AS "Kode alasan", count(*)::int AS "Jumlah" FROM (${firstAnswers}) a WHERE a.answer = 'rejected' AND ${within('a.received_at')} GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    const reasons = sheet('Alasan Penolakan', (r) => `${String(r['Pemilik program'])}/${String(r['Kode alasan'])}`);
    expect(
      Object.values(reasons).map((r) => ({
        'Pemilik program': r['Pemilik program'],
        'Kode alasan': r['Kode alasan'],
        Jumlah: r.Jumlah,
      })),
    ).toEqual(expectedReasons);
    expect(expectedReasons).toHaveLength(1);

    // Open cases with a deadline (Tenggat), per kecamatan, from referral's cases.
    const expectedOpen = await q(
      `SELECT substr(desa_code, 1, 8) AS k, count(*)::int AS n FROM "${s.rf}".referral_case WHERE state NOT IN ('resolved', 'closed', 'withdrawn', 'rejected-by-owner') AND due_at IS NOT NULL AND $1::timestamptz <= $2::timestamptz GROUP BY 1 ORDER BY 1`,
    );
    const sla = sheet('Tenggat', (r) => String(r.Kode));
    expect(
      Object.values(sla)
        .filter((r) => (r['Kasus terbuka bertenggat'] as number) > 0)
        .map((r) => ({ k: r.Kode, n: r['Kasus terbuka bertenggat'] })),
    ).toEqual(expectedOpen);
  }, 300_000);
});
