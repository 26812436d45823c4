import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { testDatabaseUrl } from '@slrt/testing';
import { createDataSourceOptions, migrationSchema, runMigrations } from '../src/index.js';

const read = (name: string) => readFileSync(new URL(`../../../deploy/postgres/${name}`, import.meta.url), 'utf8');
const services = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'];

async function query(url: string, sql: string, params: unknown[] = []) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await c.query(sql, params);
  } finally {
    await c.end();
  }
}

/**
 * What init.sql does, run through the `pg` client (no psql needed, so this never skips): the
 * plain-SQL service-role.sql, then its function once per service, as init.sql calls it.
 */
async function runInit(url: string, prefix: string, password: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(read('service-role.sql'));
    for (const s of services)
      await c.query(`SELECT pg_temp.slrt_service_role($1, $2, $3)`, [s, `${prefix}${s}`, password]);
  } finally {
    await c.end();
  }
}

describe('deploy/postgres/init.sql', () => {
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
    await runInit(dbUrl(), prefix, password);
    await runInit(dbUrl(), prefix, password); // idempotent
  });

  afterAll(async () => {
    await query(admin.href, `DROP DATABASE IF EXISTS "${db}" WITH (FORCE)`);
    for (const s of services) await query(admin.href, `DROP ROLE IF EXISTS "${prefix}${s}"`);
  });

  it('hands psql\u2019s variables to service-role.sql for exactly the six services, each with its own password', () => {
    const sql = read('init.sql');
    expect(sql).toMatch(/^\\ir service-role\.sql$/m);
    const calls = [
      ...sql.matchAll(
        /^SELECT pg_temp\.slrt_service_role\('(\w+)', :'role_prefix' \|\| '(\w+)', :'(\w+)_password'\);$/gm,
      ),
    ].map((m) => [m[1], m[2], m[3]]);
    expect(calls).toEqual(services.map((s) => [s, s, s]));
  });

  it('creates one login role per service, owning its schema, with search_path pinned to it', async () => {
    const roles = await query(
      dbUrl(),
      `SELECT rolname, rolcanlogin, rolinherit, rolcreatedb, rolcreaterole, rolconfig FROM pg_roles WHERE rolname LIKE $1 ORDER BY rolname`,
      [`${prefix}%`],
    );
    expect(roles.rows).toEqual(
      [...services].sort().map((s) => ({
        rolname: `${prefix}${s}`,
        rolcanlogin: true,
        rolinherit: false,
        rolcreatedb: false,
        rolcreaterole: false,
        rolconfig: [`search_path=${s}`],
      })),
    );
    const owners = await query(
      dbUrl(),
      `SELECT nspname, pg_get_userbyid(nspowner) AS owner FROM pg_namespace WHERE nspname = ANY($1) ORDER BY nspname`,
      [services],
    );
    expect(owners.rows).toEqual([...services].sort().map((s) => ({ nspname: s, owner: `${prefix}${s}` })));
  });

  it('refuses a schema name that is not a plain identifier and a missing password, creating nothing', async () => {
    const c = new pg.Client({ connectionString: dbUrl() });
    await c.connect();
    try {
      await c.query(read('service-role.sql'));
      await expect(
        c.query(`SELECT pg_temp.slrt_service_role($1, $2, $3)`, [
          'intake"; DROP SCHEMA registry; --',
          `${prefix}evil`,
          password,
        ]),
      ).rejects.toThrow(/not a lower-case SQL identifier/);
      await expect(
        c.query(`SELECT pg_temp.slrt_service_role($1, $2, $3)`, ['spare', `${prefix}spare`, '']),
      ).rejects.toThrow(/no password/);
    } finally {
      await c.end();
    }
    expect(
      (
        await query(dbUrl(), `SELECT count(*)::int AS n FROM pg_roles WHERE rolname IN ($1, $2)`, [
          `${prefix}evil`,
          `${prefix}spare`,
        ])
      ).rows,
    ).toEqual([{ n: 0 }]);
    expect(
      (await query(dbUrl(), `SELECT count(*)::int AS n FROM pg_namespace WHERE nspname IN ('registry', 'spare')`)).rows,
    ).toEqual([{ n: 1 }]);
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
    const options = createDataSourceOptions({
      url: dbUrl(`${prefix}referral`),
      schema: 'referral',
      applicationName: 'roles-test',
      migrations: [CreateLedger1700000000000],
    });
    expect((await runMigrations(options, 'up')).applied).toEqual(['CreateLedger1700000000000']);
    expect(
      (await query(dbUrl(`${prefix}referral`), `SELECT nextval('referral.receipt_seq_test')::int AS n`)).rows,
    ).toEqual([{ n: 1 }]);
    await expect(query(dbUrl(`${prefix}referral`), 'CREATE SCHEMA elsewhere')).rejects.toThrow(/permission denied/);
  });
});
