import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ComplaintDetailV1, GetComplaintRequestV1 } from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';

/** Synthetic subject of every complaint the double answers for (valid NIK of a woman born 1985-07-01). */
export const SUBJECT = {
  nik: '6271014107850003',
  noKk: '6271010101200002',
  name: 'Siti Sintetis',
  phone: '+6281234567890',
};

/** Controls the double: `available` false answers UNAVAILABLE (intake down); `calls` counts requests with their actor. */
export const intakeDouble = {
  available: true,
  calls: [] as Array<{ complaintId: string; actorId: string; reveal: boolean }>,
  /** Per complaint: fields of the detail to answer instead (e.g. a subject in the registry, programme participation). */
  overrides: new Map<string, Partial<ComplaintDetailV1>>(),
};

/** Stands in for intake on the bus: answers get-complaint with a complaint whose subject is not in the registry. */
@Controller()
class IntakeDouble {
  @OnRequest('slrt.rpc.intake.get-complaint.v1')
  get(@Payload() data: GetComplaintRequestV1, @Ctx() ctx: RpcRequestContext): ComplaintDetailV1 {
    intakeDouble.calls.push({ complaintId: data.complaintId, actorId: ctx.actor.id, reveal: Boolean(data.reveal) });
    if (!intakeDouble.available) throw new DomainError('UNAVAILABLE', 'Layanan sedang tidak tersedia.');
    const reveal = Boolean(data.reveal);
    const detail: ComplaintDetailV1 = {
      complaintId: data.complaintId,
      receiptNumber: '6271-2611-000321',
      trackingCode: 'K7PQ-4QX2',
      status: 'triaged',
      registryCheck: 'not-in-registry',
      nextStep: 'prelist',
      possibleDuplicateOf: null,
      registeredAt: '2026-11-20T02:15:03.000Z',
      recordedAt: '2026-11-20T02:15:00.000Z',
      version: 1,
      warnings: [],
      channel: 'PUSKESOS_FO',
      place: null,
      officerId: 'fo-1',
      officerRole: 'FO',
      category: 'kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      sector: 'sosial-ekonomi',
      description: 'Belum terdaftar di DTKS.',
      documentsReceived: [],
      relationship: 'self',
      anonymous: false,
      confidential: false,
      desaCode: '62.71.01.1001',
      desil: null,
      registryProgrammes: [],
      dataPeriod: null,
      linkedComplaints: [],
      persons: [
        {
          role: 'subject',
          name: SUBJECT.name,
          nik: reveal ? SUBJECT.nik : '************0003',
          noKk: reveal ? SUBJECT.noKk : '************0002',
          birthDate: reveal ? '1985-07-01' : '1985',
          birthPlace: null,
          sex: 'F',
          street: 'Jl. Sintetis No. 1',
          rt: '002',
          rw: '005',
          desaCode: '62.71.01.1001',
          phone: reveal ? SUBJECT.phone : '+62812*****890',
          consent: true,
          revealed: reveal,
        },
      ],
    };
    return { ...detail, ...intakeDouble.overrides.get(data.complaintId) };
  }
}
@Module({ controllers: [IntakeDouble] })
export class IntakeDoubleModule {}
