import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROGRAMME_CATALOGUE, PROGRAMME_OWNERS, REGISTRY_OWNER_CODE } from '@slrt/domain';
import { migrationSchema } from '@slrt/persistence';

/**
 * National holidays 2026 (SKB 3 Menteri). SEED DATA *(verify against the year's decree)*: an
 * administrator edits `holiday` rows; collective leave (cuti bersama) is added per deployment.
 */
const HOLIDAYS_2026: Array<[string, string]> = [
  ['2026-01-01', 'Tahun Baru 2026 Masehi'],
  ['2026-01-16', 'Isra Mikraj Nabi Muhammad SAW'],
  ['2026-02-17', 'Tahun Baru Imlek 2577 Kongzili'],
  ['2026-03-19', 'Hari Suci Nyepi Tahun Baru Saka 1948'],
  ['2026-03-20', 'Idul Fitri 1447 Hijriah'],
  ['2026-03-21', 'Idul Fitri 1447 Hijriah'],
  ['2026-04-03', 'Wafat Yesus Kristus'],
  ['2026-05-01', 'Hari Buruh Internasional'],
  ['2026-05-14', 'Kenaikan Yesus Kristus'],
  ['2026-05-27', 'Idul Adha 1447 Hijriah'],
  ['2026-05-31', 'Hari Raya Waisak 2570 BE'],
  ['2026-06-01', 'Hari Lahir Pancasila'],
  ['2026-06-16', 'Tahun Baru Islam 1448 Hijriah'],
  ['2026-08-17', 'Hari Kemerdekaan Republik Indonesia'],
  ['2026-08-25', 'Maulid Nabi Muhammad SAW'],
  ['2026-12-25', 'Hari Raya Natal'],
];

/** What each owner needs to know about the person, and how fast it answers (seed, editable). */
const OWNER_DEFAULTS: Record<string, { personalFields: string[]; responseDays: number; documents: string[] }> = {
  'kemensos-pkh': {
    personalFields: ['name', 'nik', 'noKk', 'address', 'desaCode'],
    responseDays: 10,
    documents: ['KTP', 'KK', 'KKS'],
  },
  'kemensos-sembako': {
    personalFields: ['name', 'nik', 'noKk', 'address', 'desaCode'],
    responseDays: 10,
    documents: ['KTP', 'KK', 'KKS'],
  },
  'kemensos-pusdatin': {
    personalFields: ['name', 'nik', 'noKk', 'birthDate', 'address', 'desaCode'],
    responseDays: 20,
    documents: ['KTP', 'KK'],
  },
  'bpjs-kesehatan': {
    personalFields: ['name', 'nik', 'noKk', 'birthDate'],
    responseDays: 10,
    documents: ['KTP', 'KK', 'KIS'],
  },
  disdukcapil: {
    personalFields: ['name', 'nik', 'noKk', 'birthDate', 'address', 'desaCode', 'phone'],
    responseDays: 5,
    documents: ['KK', 'AKTA_LAHIR', 'SURAT_KETERANGAN_DESA'],
  },
  baznas: { personalFields: ['name', 'address', 'desaCode', 'phone'], responseDays: 10, documents: ['KTP', 'SKTM'] },
};

/** Cases, their history, referrals to owners, owners' answers, the owner directory, routing rules, holidays. */
export class CreateCaseTables1763900000000 implements MigrationInterface {
  name = 'CreateCaseTables1763900000000';

  async up(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    await q.query(`
      CREATE TABLE "${s}".programme_owner (
        code text PRIMARY KEY,
        name text NOT NULL,
        level text NOT NULL,
        non_government boolean NOT NULL DEFAULT false,
        programme_codes text[] NOT NULL DEFAULT '{}',
        service_area text[] NOT NULL DEFAULT '{}',
        required_documents text[] NOT NULL DEFAULT '{}',
        personal_fields text[] NOT NULL DEFAULT '{name}',
        response_days integer NOT NULL DEFAULT 14,
        contact text,
        active boolean NOT NULL DEFAULT true,
        verify boolean NOT NULL DEFAULT false
      )`);
    await q.query(`
      CREATE TABLE "${s}".routing_rule (
        id serial PRIMARY KEY,
        category text NOT NULL,
        programme_code text,
        attribute_key text,
        attribute_value text,
        owner_codes text[] NOT NULL,
        priority integer NOT NULL DEFAULT 100,
        note text
      )`);
    await q.query(`CREATE TABLE "${s}".holiday (date date PRIMARY KEY, name text NOT NULL)`);
    await q.query(`
      CREATE TABLE "${s}".referral_case (
        id uuid PRIMARY KEY,
        complaint_id uuid NOT NULL UNIQUE,
        receipt_number text NOT NULL,
        desa_code text NOT NULL,
        category text NOT NULL,
        programme_codes text[] NOT NULL,
        suggested_owners text[] NOT NULL DEFAULT '{}',
        state text NOT NULL,
        version integer NOT NULL DEFAULT 1,
        step_started_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz,
        at_risk_at timestamptz,
        escalation_level smallint NOT NULL DEFAULT 0,
        reopened_from uuid,
        opened_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_case_queue_idx ON "${s}".referral_case (state, desa_code text_pattern_ops)`);
    await q.query(`CREATE INDEX referral_case_due_idx ON "${s}".referral_case (due_at) WHERE due_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE "${s}".case_history (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES "${s}".referral_case (id),
        action text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        actor_id text NOT NULL,
        actor_role text NOT NULL,
        note text,
        owner_codes text[] NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_history_case_idx ON "${s}".case_history (case_id, id)`);
    await q.query(`
      CREATE TABLE "${s}".referral (
        id uuid PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES "${s}".referral_case (id),
        owner_code text NOT NULL REFERENCES "${s}".programme_owner (code),
        status text NOT NULL,
        summary text NOT NULL,
        payload jsonb NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        due_at timestamptz NOT NULL,
        at_risk_at timestamptz NOT NULL,
        escalation_level smallint NOT NULL DEFAULT 0,
        last_answer text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX referral_owner_idx ON "${s}".referral (owner_code, sent_at DESC)`);
    await q.query(`
      CREATE TABLE "${s}".owner_response (
        owner_code text NOT NULL,
        response_id text NOT NULL,
        referral_id uuid,
        answer text NOT NULL,
        applied boolean NOT NULL,
        refusal text,
        payload jsonb NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (owner_code, response_id)
      )`);

    // Seed data (editable by ADMIN): owners, routing rules, holidays.
    for (const o of PROGRAMME_OWNERS) {
      const d = OWNER_DEFAULTS[o.code] ?? { personalFields: ['name', 'desaCode'], responseDays: 14, documents: [] };
      const programmes = PROGRAMME_CATALOGUE.filter(
        (p) => p.defaultOwnerCode === o.code || p.otherOwnerCodes.includes(o.code),
      ).map((p) => p.code);
      await q.query(
        `INSERT INTO "${s}".programme_owner (code, name, level, non_government, programme_codes, service_area, required_documents, personal_fields, response_days, verify)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (code) DO NOTHING`,
        [
          o.code,
          o.name,
          o.level,
          o.nonGovernment,
          programmes,
          ['62'],
          d.documents,
          d.personalFields,
          d.responseDays,
          o.verify,
        ],
      );
    }
    for (const p of PROGRAMME_CATALOGUE) {
      await q.query(
        `INSERT INTO "${s}".routing_rule (category, programme_code, owner_codes, priority, note) VALUES ('non-kepesertaan', $1, $2, 100, $3)`,
        [p.code, [p.defaultOwnerCode], `Pemilik program ${p.code}`],
      );
    }
    await q.query(
      `INSERT INTO "${s}".routing_rule (category, programme_code, attribute_key, attribute_value, owner_codes, priority, note)
       VALUES ('non-kepesertaan', 'PIP', 'schoolType', 'madrasah', '{kemenag}', 10, 'PIP siswa madrasah/pesantren: Kementerian Agama')`,
    );
    await q.query(
      `INSERT INTO "${s}".routing_rule (category, programme_code, owner_codes, priority, note) VALUES ('kepesertaan', NULL, $1, 100, 'Kepesertaan: usulan data melalui SIKS-NG')`,
      [[REGISTRY_OWNER_CODE]],
    );
    for (const [date, name] of HOLIDAYS_2026)
      await q.query(`INSERT INTO "${s}".holiday (date, name) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [date, name]);
  }

  async down(q: QueryRunner): Promise<void> {
    const s = migrationSchema(q);
    for (const t of [
      'owner_response',
      'referral',
      'case_history',
      'referral_case',
      'holiday',
      'routing_rule',
      'programme_owner',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${s}".${t}`);
    }
  }
}
