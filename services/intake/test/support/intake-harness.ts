import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import {
  SERVICES,
  assertingService,
  type Actor,
  type ListProgrammesRequestV1,
  type ListProgrammesResponseV1,
  type LookupNikRequestV1,
  type LookupNikResponseV1,
  type ProgrammeViewV1,
  type RpcRequest,
  type RpcResponse,
  type RpcSubject,
} from '@slrt/contracts';
import { PROGRAMME_CATALOGUE, generateKk, generateNik } from '@slrt/domain';
import {
  OnRequest,
  RpcCallError,
  RpcClient,
  createMessagingTables,
  createServiceApp,
  provisionNats,
  rpcSenders,
  type RpcRequestContext,
} from '@slrt/messaging';
import { runMigrations } from '@slrt/persistence';
import { createTestSchema, startNatsServer, type TestNatsServer, type TestSchema } from '@slrt/testing';
import { intakeService } from '../../src/app.js';
import { IntakeEnv } from '../../src/config/intake.env.js';
import { intakeDataSourceOptions } from '../../src/database/data-source.js';

/**
 * Stands in for the registry service on the bus (a test double of another service, answering the
 * real contract): knows a set of NIKs, and can be made slow (silent) or stopped.
 */
export const registryDouble = {
  known: new Map<string, LookupNikResponseV1>(),
  delayMs: 0,
  calls: 0,
  /** Who asked last: the sending service, the actor and the operator named (`onBehalfOf`). */
  last: null as { caller: string; actorId: string; onBehalfOf: string | null } | null,
};

@Controller()
class RegistryDoubleHandlers {
  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  async lookup(@Payload() data: LookupNikRequestV1, @Ctx() ctx: RpcRequestContext): Promise<LookupNikResponseV1> {
    registryDouble.calls++;
    registryDouble.last = { caller: ctx.caller, actorId: ctx.actor.id, onBehalfOf: data.onBehalfOf ?? null };
    if (registryDouble.delayMs) await new Promise((r) => setTimeout(r, registryDouble.delayMs));
    return (
      registryDouble.known.get(data.nik) ?? {
        found: false,
        householdId: null,
        desil: null,
        programmeFlags: [],
        dataPeriod: '2026-09',
      }
    );
  }
}

@Module({ controllers: [RegistryDoubleHandlers] })
class RegistryDoubleModule {}

const programme = (code: string, defaultOwnerCode: string, o: Partial<ProgrammeViewV1> = {}): ProgrammeViewV1 => ({
  code,
  aliases: [],
  name: code,
  sector: 'sosial-ekonomi',
  scope: 'nasional',
  funder: 'APBN',
  defaultOwnerCode,
  otherOwnerCodes: [],
  notes: '',
  description: '',
  eligibility: '',
  documentsNeeded: [],
  howToApply: '',
  publicInfo: false,
  active: true,
  version: 1,
  updatedAt: '2026-11-20T00:00:00.000Z',
  ...o,
});

/**
 * Stands in for referral's programme catalogue on the bus (`list-programmes`, asked by intake as
 * system:intake): the national seed plus the kab/kota's own programmes; can be made silent.
 */
export const referralDouble = {
  programmes: [
    ...PROGRAMME_CATALOGUE.map((p) =>
      programme(p.code, p.defaultOwnerCode, { aliases: [...p.aliases], scope: p.scope, name: p.name }),
    ),
    programme('BANSOS-KOTA', 'dinsos', {
      aliases: ['BSK'],
      scope: 'daerah',
      funder: 'APBD',
      name: 'Bantuan Sosial Kota Palangka Raya',
    }),
    programme('CSR-BEDAH-RUMAH', 'dinsos', { scope: 'daerah', funder: 'CSR', active: false }),
  ],
  delayMs: 0,
  calls: 0,
  last: null as { caller: string; actorId: string } | null,
};

@Controller()
class ReferralDoubleHandlers {
  @OnRequest('slrt.rpc.referral.list-programmes.v1')
  async programmes(
    @Payload() data: ListProgrammesRequestV1,
    @Ctx() ctx: RpcRequestContext,
  ): Promise<ListProgrammesResponseV1> {
    referralDouble.calls++;
    referralDouble.last = { caller: ctx.caller, actorId: ctx.actor.id };
    if (referralDouble.delayMs) await new Promise((r) => setTimeout(r, referralDouble.delayMs));
    return { items: referralDouble.programmes.filter((p) => p.active || data.includeInactive) };
  }
}

@Module({ controllers: [ReferralDoubleHandlers] })
class ReferralDoubleModule {}

export function operator(
  roles: Actor['roles'],
  regionScope: string[],
  id = `user-${roles.join('-').toLowerCase()}-${regionScope[0]}`,
): Actor {
  return { kind: 'user', id, roles, regionScope } as Actor;
}

let serial = 1;
/** A valid NIK (and KK) of a person registered in kecamatan 62.71.01 (Pahandut, Palangka Raya). */
export function person(sex: 'F' | 'M' = 'F', birthDate = '1985-04-12') {
  const s = serial++;
  return {
    nik: generateNik({ regionCode: '62.71.01', birthDate, sex, serial: s }),
    noKk: generateKk({ regionCode: '62.71.01', issueDate: '2015-03-12', serial: s }),
    birthDate,
    sex,
  };
}

/** A valid registration request; override what the test is about. */
export function registration(over: Record<string, unknown> = {}, subject: Record<string, unknown> = {}) {
  const p = person();
  return {
    idempotencyKey: `key-${Math.random().toString(36).slice(2)}-${Date.now()}`,
    channel: 'PUSKESOS_FO',
    place: 'Puskesos Kelurahan Pahandut',
    subject: {
      ...p,
      name: 'Siti Aminah',
      birthPlace: 'Palangka Raya',
      address: { street: 'Jl. Contoh 1', rt: '002', rw: '003', desaCode: '62.71.01.1001' },
      phone: '0812 3456 7890',
      consent: true,
      ...subject,
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
      description: 'Bantuan PKH tahap ketiga belum diterima sejak Agustus.',
      documentsReceived: ['KTP', 'KK'],
    },
    ...over,
  };
}

export interface IntakeHarness {
  nats: TestNatsServer;
  intakeSchema: TestSchema;
  intake: NestFastifyApplication;
  registry: NestFastifyApplication;
  /** Referral's stand-in (programme catalogue), running as the referral NATS user. */
  referral: NestFastifyApplication;
  rpc: RpcClient;
  db: pg.Client;
  env: IntakeEnv;
  call<S extends RpcSubject>(subject: S, data: unknown, actor: Actor): Promise<RpcResponse<S>>;
  /** A raw NATS request (no client-side checks, as a forger would send): the parsed reply, or the error. */
  raw(wireSubject: string, envelope: unknown): Promise<unknown>;
  fail(subject: RpcSubject, data: unknown, actor: Actor): Promise<RpcCallError['error']>;
  close(): Promise<void>;
}

/** Intake (real service, migrated schema) and a registry double on a private nats-server. */
export async function startIntake(extraEnv: Record<string, string> = {}): Promise<IntakeHarness> {
  const nats = await startNatsServer();
  await provisionNats({ ...nats.credentials('provisioner'), owners: nats.owners });
  const intakeSchema = await createTestSchema('intake');
  const registrySchema = await createTestSchema('reg');
  const referralSchema = await createTestSchema('refd');
  const base = { DATABASE_URL: intakeSchema.url, LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', NODE_ENV: 'test' };
  const env = loadConfig('intake', IntakeEnv, {
    ...base,
    ...nats.serviceEnv('intake'),
    DATABASE_SCHEMA: intakeSchema.schema,
    INTAKE_REGISTRY_TIMEOUT_MS: '300',
    INTAKE_REGISTRY_RETRY_MS: '200',
    INTAKE_PROGRAMMES_CACHE_MS: '0',
    INTAKE_PROGRAMMES_TIMEOUT_MS: '500',
    ...extraEnv,
  });
  await runMigrations(intakeDataSourceOptions(env), 'up');
  for (const t of [registrySchema, referralSchema]) {
    const rc = new pg.Client({ connectionString: t.url });
    await rc.connect();
    await createMessagingTables({ query: (sql: string) => rc.query(sql) } as never, t.schema);
    await rc.end();
  }
  const registry = (
    await createServiceApp({
      service: 'registry',
      env: loadConfig('registry', BaseServiceEnv, {
        ...base,
        ...nats.serviceEnv('registry'),
        DATABASE_SCHEMA: registrySchema.schema,
      }),
      imports: [RegistryDoubleModule],
    })
  ).app;
  const referral = (
    await createServiceApp({
      service: 'referral',
      env: loadConfig('referral', BaseServiceEnv, {
        ...base,
        ...nats.serviceEnv('referral'),
        DATABASE_URL: referralSchema.url,
        DATABASE_SCHEMA: referralSchema.schema,
      }),
      imports: [ReferralDoubleModule],
    })
  ).app;
  const intake = (await createServiceApp({ service: 'intake', env, ...intakeService(env) })).app;
  const db = new pg.Client({ connectionString: intakeSchema.url, options: `-c search_path=${intakeSchema.schema}` });
  await db.connect();
  // Each request is sent from the service that may assert its actor (users: the gateway), over that
  // service's own NATS user, as in production.
  const senders = rpcSenders({ credentials: (u) => nats.credentials(u), kabKotaCode: env.KAB_KOTA_CODE });
  const rpc = await senders.client('gateway');
  const call = async <S extends RpcSubject>(subject: S, data: unknown, actor: Actor) =>
    (await senders.client(assertingService(actor)!)).request(subject, data as RpcRequest<S>, {
      actor,
      timeoutMs: 10_000,
    });
  return {
    nats,
    intakeSchema,
    intake,
    registry,
    referral,
    rpc,
    db,
    env,
    call,
    async raw(wireSubject, envelope) {
      // Sent over the NATS user of the service named as the caller (the last token), registry's when none.
      const last = wireSubject.split('.')[5];
      const nc = await senders.connection(last && (SERVICES as readonly string[]).includes(last) ? last : 'registry');
      return nc.request(wireSubject, JSON.stringify(envelope), { timeout: 5000 }).then(
        (m) => JSON.parse(m.string()) as unknown,
        (err: unknown) => err,
      );
    },
    async fail(subject, data, actor) {
      try {
        await call(subject, data, actor);
      } catch (err) {
        if (err instanceof RpcCallError) return err.error;
        throw err;
      }
      throw new Error(`${subject} succeeded but a failure was expected`);
    },
    async close() {
      await intake.close();
      await registry.close();
      await referral.close();
      await senders.close();
      await db.end();
      await nats.dispose();
      await intakeSchema.drop();
      await registrySchema.drop();
      await referralSchema.drop();
    },
  };
}
