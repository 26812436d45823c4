import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { testDatabaseUrl } from '@slrt/testing';
import { createDataSourceOptions, migrationSchema, runMigrations } from '../src/index.js';

const initSql = fileURLToPath(new URL('../../../deploy/postgres/init.sql', import.meta.url));
const services = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];

function psqlAvailable(): boolean {
  try {
    execFileSync('psql', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function query(url: string, sql: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}

// The role script is psql (meta-commands); on a machine without the psql client it cannot run.
const describeWithPsql = psqlAvailable() ? describe : describe.skip;

describeWithPsql('deploy/postgres/init.sql', () => {
  const admin = new URL(testDatabaseUrl());
  const db = `roles_${randomBytes(4).toString('hex')}`;
  const prefix = `t${randomBytes(3).toString('hex')}_`;
  const password = randomBytes(12).toString('hex');
  const dbUrl = (user?: string) => {
    const u = new URL(admin.href);
    u.pathname = `/${db}`;
    if (user) {
      u.username = user;
      u.password = password;
    }
    return u.href;
  };

  beforeAll(async () => {
    await query(admin.href, `CREATE DATABASE "${db}"`);
    const vars = services.flatMap((s) => ['-v', `${s}_password=${password}`]);
    const run = () => execFileSync('psql', ['-q', '-v', 'ON_ERROR_STOP=1', '-v', `role_prefix=${prefix}`, ...vars, '-f', initSql, dbUrl()], { stdio: 'pipe' });
    run();
    run(); // idempotent
  });

  afterAll(async () => {
    await query(admin.href, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    for (const s of services) await query(admin.href, `DROP ROLE IF EXISTS "${prefix}${s}"`);
  });

  it('lets a service create and read tables in its own schema', async () => {
    const url = dbUrl(`${prefix}intake`);
    await query(url, 'CREATE TABLE complaint (id int)');
    await query(url, 'INSERT INTO complaint VALUES (1)');
    expect((await query(url, 'SELECT count(*)::int AS n FROM intake.complaint')).rows).toEqual([{ n: 1 }]);
  });

  it('refuses a service any access to another service\u2019s schema', async () => {
    await query(dbUrl(`${prefix}registry`), 'CREATE TABLE person (nik text)');
    const intake = dbUrl(`${prefix}intake`);
    await expect(query(intake, 'SELECT * FROM registry.person')).rejects.toThrow(/permission denied/);
    await expect(query(intake, 'CREATE TABLE registry.sneaky (id int)')).rejects.toThrow(/permission denied/);
    await expect(query(intake, 'CREATE TABLE public.sneaky (id int)')).rejects.toThrow(/permission denied/);
  });

  it('lets a service role run its own migrations (schema exists, role may not create schemas) and create sequences', async () => {
    class CreateLedger1700000000000 implements MigrationInterface {
      name = 'CreateLedger1700000000000';
      async up(q: QueryRunner) {
        await q.query(`CREATE TABLE "${migrationSchema(q)}".ledger (id int)`);
        await q.query(`CREATE SEQUENCE "${migrationSchema(q)}".receipt_seq_test`);
      }
      async down(q: QueryRunner) {
        await q.query(`DROP TABLE "${migrationSchema(q)}".ledger`);
      }
    }
    const options = createDataSourceOptions({ url: dbUrl(`${prefix}referral`), schema: 'referral', applicationName: 'roles-test', migrations: [CreateLedger1700000000000] });
    expect((await runMigrations(options, 'up')).applied).toEqual(['CreateLedger1700000000000']);
    expect((await query(dbUrl(`${prefix}referral`), `SELECT nextval('referral.receipt_seq_test')::int AS n`)).rows).toEqual([{ n: 1 }]);
  });
});
