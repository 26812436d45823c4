/**
 * What the intake benchmarks share: the registry's triage lookup and referral's programme catalogue
 * answered from the bench process (as in production intake asks both; without the catalogue it
 * would wait for referral's timeout), a registration request as the front desk sends it, and a
 * closed loop of callers with warm-up and percentiles.
 */
import { randomUUID } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import type { ListProgrammesResponseV1, LookupNikResponseV1 } from '@slrt/contracts';
import { PROGRAMME_CATALOGUE, generateKk, generateNik } from '@slrt/domain';
import { OnRequest } from '@slrt/messaging';

@Controller()
class RegistryDouble {
  @OnRequest('slrt.rpc.registry.lookup-nik.v1')
  lookup(): LookupNikResponseV1 {
    return { found: true, householdId: 'hh', desil: 3, programmeFlags: ['PKH'], dataPeriod: '2026-09' };
  }

  @OnRequest('slrt.rpc.referral.list-programmes.v1')
  programmes(): ListProgrammesResponseV1 {
    return {
      items: PROGRAMME_CATALOGUE.map((p) => ({
        code: p.code,
        aliases: [...p.aliases],
        name: p.name,
        sector: p.sector,
        scope: p.scope,
        funder: p.scope === 'nasional' ? 'APBN' : 'APBD',
        defaultOwnerCode: p.defaultOwnerCode,
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
      })),
    };
  }
}
/** Nest module of the stand-ins above (run it in an app of the bench process). */
@Module({ controllers: [RegistryDouble] })
export class RegistryDoubleModule {}

let serial = 1;
/** A registration as the front desk sends it (fresh Idempotency-Key, a valid NIK and KK each time). */
export function registrationRequest() {
  const s = serial++;
  const nik = generateNik({
    regionCode: '62.71.01',
    birthDate: '1980-01-01',
    sex: s % 2 ? 'F' : 'M',
    serial: (s % 9999) + 1,
  });
  return {
    idempotencyKey: `bench-${randomUUID()}`,
    channel: 'PUSKESOS_FO',
    subject: {
      nik,
      noKk: generateKk({ regionCode: '62.71.01', issueDate: '2015-01-01', serial: (s % 9999) + 1 }),
      name: `Warga ${s}`,
      birthDate: '1980-01-01',
      sex: s % 2 ? 'F' : 'M',
      address: { desaCode: '62.71.01.1001' },
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
      description: 'Bantuan belum diterima bulan ini.',
      documentsReceived: ['KTP'],
    },
  };
}

export interface LoopResult {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** Calls that succeeded in the warm-up and the measured phase. */
  done: number;
}

/** `concurrency` callers calling `once` back to back: 1.5 s of warm-up, then `seconds` measured. */
export async function closedLoop(
  name: string,
  once: () => Promise<void>,
  concurrency: number,
  seconds: number,
): Promise<LoopResult> {
  const latencies: number[] = [];
  let errors = 0;
  let done = 0;
  const run = async (until: number, record: boolean) => {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) {
          const t0 = performance.now();
          try {
            await once();
            done++;
            if (record) latencies.push(performance.now() - t0);
          } catch (err) {
            if (errors++ === 0) process.stderr.write(`${name}: ${String(err)}\n`);
          }
        }
      }),
    );
  };
  await run(performance.now() + 1500, false);
  const t0 = performance.now();
  await run(t0 + seconds * 1000, true);
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return { name, rps: latencies.length / elapsed, p50: p(0.5), p99: p(0.99), errors, done };
}

/** One line of a result table. */
export const formatLoop = (r: LoopResult, width = 46) =>
  `${r.name.padEnd(width)} ${r.rps.toFixed(0).padStart(7)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  errors ${r.errors}`;
