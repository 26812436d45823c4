import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { ComplaintDetailV1, GetComplaintRequestV1 } from '@slrt/contracts';
import { OnRequest, type RpcRequestContext } from '@slrt/messaging';

export const NIK = '6271015507900001';

/** Who asked the double, newest last: the sending service, the actor and the operator named (`onBehalfOf`). */
export const intakeAsked: Array<{ caller: string; actorId: string; onBehalfOf: string | null; complaintId: string }> =
  [];

/** Stands in for intake on the bus: answers get-complaint with a complaint whose subject is known. */
@Controller()
class IntakeDouble {
  @OnRequest('slrt.rpc.intake.get-complaint.v1')
  get(@Payload() data: GetComplaintRequestV1, @Ctx() ctx: RpcRequestContext): ComplaintDetailV1 {
    intakeAsked.push({
      caller: ctx.caller,
      actorId: ctx.actor.id,
      onBehalfOf: data.onBehalfOf ?? null,
      complaintId: data.complaintId,
    });
    return {
      complaintId: data.complaintId,
      receiptNumber: '6271-2611-000123',
      trackingCode: 'K7PQ-4QX2',
      status: 'triaged',
      registryCheck: 'in-registry',
      nextStep: 'review',
      possibleDuplicateOf: null,
      registeredAt: '2026-11-20T02:15:03.000Z',
      recordedAt: '2026-11-20T02:15:00.000Z',
      version: 1,
      warnings: [],
      channel: 'PUSKESOS_FO',
      place: null,
      officerId: 'fo-1',
      officerRole: 'FO',
      category: 'non-kepesertaan',
      contactType: 'pengaduan',
      programmeCodes: ['PKH'],
      sector: 'sosial-ekonomi',
      description: 'Bantuan PKH belum diterima.',
      documentsReceived: ['KTP', 'KKS', 'FOTO_RUMAH'],
      relationship: 'self',
      anonymous: false,
      confidential: false,
      desaCode: '62.71.01.1001',
      desil: 2,
      registryProgrammes: ['PKH'],
      dataPeriod: '2026-09',
      linkedComplaints: [],
      persons: [
        {
          role: 'subject',
          name: 'Siti Aminah',
          nik: data.reveal ? NIK : '************0001',
          noKk: null,
          birthDate: '1990-07-15',
          birthPlace: null,
          sex: 'F',
          street: 'Jl. Contoh 1',
          rt: '002',
          rw: '003',
          desaCode: '62.71.01.1001',
          phone: data.reveal ? '+6281234567890' : '+62812*****890',
          consent: true,
          revealed: Boolean(data.reveal),
        },
      ],
    };
  }
}
@Module({ controllers: [IntakeDouble] })
export class IntakeDoubleModule {}
