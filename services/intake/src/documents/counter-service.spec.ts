import { counterServiceLines } from './complaint-receipt.js';

describe(counterServiceLines.name, () => {
  const registeredAt = new Date('2026-11-23T03:20:00Z'); // 10.20 WIB
  const standard = {
    standardMinutes: 30,
    fee: 'Tidak dipungut biaya',
    requirements: ['Fotokopi KK', 'SKTM bila belum terdaftar DTKS'],
  };

  it('prints the standard, the requirements and the minutes from arrival to receipt against it', () => {
    expect(
      counterServiceLines({
        registeredAt,
        timeZone: 'Asia/Jakarta',
        counterService: { ...standard, arrivedAt: new Date('2026-11-23T03:02:00Z'), minutes: 18 },
      }),
    ).toEqual({
      standard: 'Selesai dalam 30 menit; Tidak dipungut biaya',
      requirements: 'Fotokopi KK; SKTM bila belum terdaftar DTKS',
      served: 'Tiba 10.02 WIB, resi 10.20 WIB: 18 menit (sesuai standar)',
    });
  });

  it('says when the standard was not kept, in the deployment\u2019s own zone', () => {
    const lines = counterServiceLines({
      registeredAt,
      timeZone: 'Asia/Jayapura',
      counterService: { ...standard, arrivedAt: new Date('2026-11-23T02:40:00Z'), minutes: 40 },
    });
    expect(lines?.served).toBe('Tiba 11.40 WIT, resi 12.20 WIT: 40 menit (melebihi standar)');
  });

  it('prints the standard without a served time when the arrival was not recorded, and nothing without a standard', () => {
    expect(
      counterServiceLines({
        registeredAt,
        timeZone: 'Asia/Jakarta',
        counterService: { ...standard, requirements: [], arrivedAt: null, minutes: null },
      }),
    ).toEqual({ standard: 'Selesai dalam 30 menit; Tidak dipungut biaya', requirements: null, served: null });
    expect(counterServiceLines({ registeredAt, timeZone: 'Asia/Jakarta' })).toBeNull();
  });
});
