import { programmeParticipation } from './programme-participation.js';
import { SEED_PROGRAMMES } from './programme-catalogue.js';

describe(programmeParticipation.name, () => {
  const household = {
    programmesReceived: ['PKH', 'PBI'],
    programmesNeeded: ['BPNT'],
    members: [
      { name: 'A', relationship: 'anak' as const, programmesNeeded: ['PIP'] },
      { name: 'B', relationship: 'orang-tua' as const, programmesReceived: ['PBI'] },
    ],
  };

  it('cross-checks what the household reports with the registry flags, the registry\u2019s KIP being the catalogue\u2019s PIP', () => {
    const rows = programmeParticipation(
      { household, registryCheck: 'in-registry', registryProgrammes: ['PKH', 'KIP'] },
      SEED_PROGRAMMES,
    );
    expect(rows).toEqual([
      { programmeCode: 'BPNT', reportedReceived: false, inRegistry: false, needed: true, check: 'sesuai', members: [] },
      {
        programmeCode: 'PBI',
        reportedReceived: true,
        inRegistry: false,
        needed: false,
        check: 'tidak-ada-di-dtks',
        members: [1],
      },
      {
        programmeCode: 'PIP',
        reportedReceived: false,
        inRegistry: true,
        needed: true,
        check: 'tidak-dilaporkan',
        members: [0],
      },
      { programmeCode: 'PKH', reportedReceived: true, inRegistry: true, needed: false, check: 'sesuai', members: [] },
    ]);
  });

  it('says nothing about the registry when the subject was not found or not checked', () => {
    for (const registryCheck of ['not-in-registry', 'pending', 'no-identity'] as const) {
      const rows = programmeParticipation({ household, registryCheck, registryProgrammes: [] }, SEED_PROGRAMMES);
      expect(rows.every((r) => r.inRegistry === null && r.check === 'tidak-diketahui')).toBe(true);
    }
  });

  it('lists the registry\u2019s flags alone when nothing was recorded about the household', () => {
    expect(
      programmeParticipation(
        { household: {}, registryCheck: 'in-registry', registryProgrammes: ['PKH'] },
        SEED_PROGRAMMES,
      ),
    ).toEqual([
      {
        programmeCode: 'PKH',
        reportedReceived: false,
        inRegistry: true,
        needed: false,
        check: 'tidak-dilaporkan',
        members: [],
      },
    ]);
  });
});
