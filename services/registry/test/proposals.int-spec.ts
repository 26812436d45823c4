import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '@slrt/config';
import type { Actor } from '@slrt/contracts';
import { createServiceApp, DomainError } from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { registryService } from '../src/app.js';
import { RegistryEnv } from '../src/config/registry.env.js';
import { registryDataSourceOptions } from '../src/database/data-source.js';
import { PROPOSAL_TRANSITIONS, type ProposalTransitions } from '../src/proposals/proposal-transitions.js';

const siks = { kind: 'system', id: 'system:registry', roles: [], regionScope: [] } as unknown as Actor;

describe('registry proposals: prelist, data changes, PPKS and their lifecycle', () => {
  let nats: TestNatsServer;
  let schema: TestSchema;
  let env: RegistryEnv;
  let app: NestFastifyApplication;
  let db: pg.Client;
  let port: ProposalTransitions;

  const history = async (id: string) => (await db.query(`SELECT action, from_status AS "from", to_status AS "to", actor_role AS role FROM proposal_history WHERE proposal_id = $1 ORDER BY id`, [id])).rows;
  const events = async (id: string) =>
    (await db.query(`SELECT envelope->'data'->>'fromStatus' AS "from", envelope->'data'->>'toStatus' AS "to", envelope->'data'->>'action' AS action FROM outbox WHERE subject = 'slrt.evt.registry.proposal.status-changed.v1' AND envelope->'data'->>'proposalId' = $1 ORDER BY created_at, id`, [id])).rows;

  beforeAll(async () => {
    nats = await startNatsServer();
    schema = await createTestSchema('prop');
    env = loadConfig('registry', RegistryEnv, { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, NATS_URL: nats.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' });
    await runMigrations(registryDataSourceOptions(env), 'up');
    app = (await createServiceApp({ service: 'registry', env, ...registryService(env) })).app;
    port = app.get<ProposalTransitions>(PROPOSAL_TRANSITIONS);
    db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    await app?.close();
    await db?.end();
    await nats?.dispose();
    await schema?.drop();
  });

  describe('the migration', () => {
    it('seeds the 26 PPKS categories as version 1, all active', async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n, min(code) AS first, max(code) AS last, bool_and(active) AS active, max(version) AS v FROM ppks_category`);
      expect(rows[0]).toEqual({ n: 26, first: '01', last: '26', active: true, v: 1 });
    });
  });

  describe('the ProposalTransitions port (SIKS-NG exchange)', () => {
    const insertPpks = async (status: string) => {
      const id = uuidv7();
      await db.query(`INSERT INTO ppks_record (id, desa_code, name, category_code, category_version, condition_note, status, created_by) VALUES ($1, '62.71.01.1001', 'Sintetis', '08', 1, 'catatan', $2, 'test')`, [id, status]);
      return id;
    };

    it('submits exportable proposals with the batch, and refuses one that is not exportable (nothing changes)', async () => {
      const a = await insertPpks('recorded');
      const b = await insertPpks('withdrawn');
      const batchId = uuidv7();
      const ds = app.get(DataSource);
      const err = await ds.transaction((m) => port.markSubmitted(m, [{ kind: 'ppks', proposalId: a }, { kind: 'ppks', proposalId: b }], batchId, siks)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).rpcError).toMatchObject({ code: 'CONFLICT', reason: 'NOT_EXPORTABLE', allowed: [] });
      expect((await db.query(`SELECT status, batch_id FROM ppks_record WHERE id = $1`, [a])).rows[0]).toEqual({ status: 'recorded', batch_id: null });

      await ds.transaction((m) => port.markSubmitted(m, [{ kind: 'ppks', proposalId: a }], batchId, siks));
      expect((await db.query(`SELECT status, batch_id, version FROM ppks_record WHERE id = $1`, [a])).rows[0]).toEqual({ status: 'submitted', batch_id: batchId, version: 2 });
      expect(await history(a)).toEqual([{ action: 'submit', from: 'recorded', to: 'submitted', role: 'SYSTEM' }]);
      expect(await events(a)).toEqual([{ action: 'submit', from: 'recorded', to: 'submitted' }]);
    });

    it('applies a verivali result once, leaves a repeated one unchanged and refuses a move the state machine does not allow', async () => {
      const a = await insertPpks('recorded');
      const batchId = uuidv7();
      const ds = app.get(DataSource);
      await ds.transaction((m) => port.markSubmitted(m, [{ kind: 'ppks', proposalId: a }], batchId, siks));
      const result = { kind: 'ppks' as const, proposalId: a, status: 'accepted' as const, reason: null, members: [] };
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, result, batchId, siks))).toEqual({ outcome: 'applied' });
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, result, batchId, siks))).toEqual({ outcome: 'unchanged' });
      expect(await ds.transaction((m) => port.applyVerivaliResult(m, { ...result, status: 'ratified' }, batchId, siks))).toEqual({
        outcome: 'refused',
        reason: 'Data PPKS berstatus "accepted" tidak dapat diubah menjadi "ratified".',
      });
      expect(await events(a)).toEqual([
        { action: 'submit', from: 'recorded', to: 'submitted' },
        { action: 'apply-verivali', from: 'submitted', to: 'accepted' },
      ]);
    });
  });
});
