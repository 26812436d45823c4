import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';

/** The month of now in Asia/Jakarta (UTC+7), `YYYY-MM`. */
const localMonth = () => new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 7);

/**
 * The reporting read model fed by the real services: a complaint registered over the API by an FO
 * (intake, registry check, referral's case) shows in the KPIs the kab/kota manager reads, with
 * the freshness of the data; no personal data is in the answer.
 */
describe('reporting fed by the real intake, registry and referral services', () => {
  let stack: FullStack;

  beforeAll(async () => {
    stack = await FullStack.start('rptloop');
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it("counts complaints registered over the API in the KPIs of their desa and month, as intake's own table does", async () => {
    const fo = await stack.token('demo.fo');
    for (const n of [1, 2, 3]) {
      const res = await fetch(`${stack.base}/v1/complaints`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${fo}`,
          'content-type': 'application/json',
          'idempotency-key': `rpt-loop-000${n}`,
        },
        body: JSON.stringify({
          channel: 'PUSKESOS_FO',
          place: 'Puskesos Kelurahan Pahandut',
          subject: {
            nik: `627101550790000${n}`,
            noKk: '6271011203150002',
            name: 'Siti Aminah',
            birthDate: '1990-07-15',
            sex: 'F',
            address: { street: 'Jl. Contoh No. 1', desaCode: '62.71.01.1001' },
            phone: '0812-3456-7890',
            consent: true,
          },
          relationship: 'self',
          anonymous: false,
          confidential: false,
          complaint: {
            category: 'non-kepesertaan',
            contactType: 'pengaduan',
            programmeCodes: ['PKH'],
            sector: 'sosial-ekonomi',
            description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
            documentsReceived: ['KTP', 'KK'],
          },
        }),
      });
      expect(res.status).toBe(201);
    }
    const mj = await stack.token('demo.mj');
    const month = localMonth();
    type Kpis = {
      rows: Array<{ key: string; complaintsReceived: number; autoTriaged: number; triageDays: { count: number } }>;
      freshness: { dataUpTo: string | null };
    };
    const kpis = await waitFor(
      async () => {
        const r = await fetch(`${stack.base}/v1/reports/kpis?fromMonth=${month}&toMonth=${month}&groupBy=desa`, {
          headers: { authorization: `Bearer ${mj}` },
        });
        const body = (await r.json()) as Kpis;
        return body.rows.some((x) => x.complaintsReceived === 3 && x.triageDays.count === 3) ? body : null;
      },
      { timeoutMs: 60_000, intervalMs: 200, message: 'the complaints in the KPIs' },
    );
    expect(kpis.freshness.dataUpTo).not.toBeNull();
    // Differential: the same figures counted directly in intake's own table.
    const intake = stack.schemas[0]!;
    const db = new pg.Client({ connectionString: intake.url });
    await db.connect();
    try {
      const rows = (
        await db.query(
          `SELECT desa_code AS key, count(*)::int AS received, count(*) FILTER (WHERE registry_check <> 'pending')::int AS checked FROM "${intake.schema}".complaint GROUP BY desa_code ORDER BY desa_code`,
        )
      ).rows as Array<{ key: string; received: number; checked: number }>;
      expect(
        kpis.rows.map((r) => ({ key: r.key, received: r.complaintsReceived, checked: r.triageDays.count })),
      ).toEqual(rows);
    } finally {
      await db.end();
    }
    const text = JSON.stringify(kpis);
    for (const personal of ['6271015507900001', 'Siti', '0812']) expect(text).not.toContain(personal);
  });
});
