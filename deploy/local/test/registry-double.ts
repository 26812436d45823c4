import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import pg from 'pg';
import { BaseServiceEnv, loadConfig } from '@slrt/config';
import type { LookupNikRequestV1, LookupNikResponseV1 } from '@slrt/contracts';
import { OnRequest, createMessagingTables, createServiceApp } from '@slrt/messaging';
import { createTestSchema } from '@slrt/testing';

let known = '';

@Controller()
class RegistryLookupDouble {
  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  lookup(@Payload() data: LookupNikRequestV1): LookupNikResponseV1 {
    return data.nik === known
      ? { found: true, householdId: 'hh-e2e', desil: 2, programmeFlags: ['PKH'], dataPeriod: '2026-09' }
      : { found: false, householdId: null, desil: null, programmeFlags: [], dataPeriod: '2026-09' };
  }
}
@Module({ controllers: [RegistryLookupDouble] })
class RegistryLookupDoubleModule {}

/** Answers registry lookups for the end-to-end test: `nik` is in the registry, others are not. */
export async function startRegistryDouble(natsUrl: string, nik: string) {
  known = nik;
  const schema = await createTestSchema('e2ereg');
  const c = new pg.Client({ connectionString: schema.url });
  await c.connect();
  await createMessagingTables({ query: (sql: string) => c.query(sql) } as never, schema.schema);
  await c.end();
  const env = loadConfig('registry', BaseServiceEnv, { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema, NATS_URL: natsUrl, LOG_LEVEL: 'silent' });
  const { app } = await createServiceApp({ service: 'registry', env, imports: [RegistryLookupDoubleModule], messaging: { relay: false } });
  return {
    app,
    async close() {
      await app.close();
      await schema.drop();
    },
  };
}
