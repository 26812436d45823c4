/**
 * Intake's part in the referral benchmark, answered from the bench process: `get-complaint` with
 * the person's data a referral carries (what referral asks intake for on `send`). The bench's own
 * stand-in for a service it does not measure, answering the real contract; no test code.
 */
import { Controller, Module } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import type { ComplaintDetailV1, GetComplaintRequestV1 } from '@slrt/contracts';
import { OnRequest } from '@slrt/messaging';

@Controller()
class IntakeStandIn {
  @OnRequest('slrt.rpc.intake.get-complaint.v1')
  get(@Payload() data: GetComplaintRequestV1): ComplaintDetailV1 {
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
      documentsReceived: ['KTP', 'KKS'],
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
          nik: data.reveal ? '6271015507900001' : '************0001',
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

@Module({ controllers: [IntakeStandIn] })
export class IntakeStandInModule {}
