import type { ProgrammeParticipationV1 } from '@slrt/contracts';
import type { ComplaintRecord } from './complaint.records.js';
import type { ProgrammeLookup } from './programme-catalogue.js';

/**
 * Each programme the household receives, needs, or (in DTKS/DTSEN) is flagged for, cross-checked:
 * what the household reports received against the registry's flags when the subject was found.
 */
export function programmeParticipation(
  r: Pick<ComplaintRecord, 'household' | 'registryCheck' | 'registryProgrammes'>,
  catalogue: ProgrammeLookup,
): ProgrammeParticipationV1[] {
  const members = r.household.members ?? [];
  const received = new Set([
    ...(r.household.programmesReceived ?? []),
    ...members.flatMap((x) => x.programmesReceived ?? []),
  ]);
  const needed = new Set([
    ...(r.household.programmesNeeded ?? []),
    ...members.flatMap((x) => x.programmesNeeded ?? []),
  ]);
  const known = r.registryCheck === 'in-registry';
  // Registry flags in the catalogue's codes (the registry's KIP is the catalogue's PIP).
  const flags = new Set(known ? r.registryProgrammes.map((f) => catalogue.find(f, { inactiveToo: true }) ?? f) : []);
  const codes = [...new Set([...received, ...needed, ...flags])].sort();
  return codes.map((code) => {
    const reportedReceived = received.has(code);
    const inRegistry = known ? flags.has(code) : null;
    const check =
      inRegistry === null
        ? 'tidak-diketahui'
        : reportedReceived === inRegistry
          ? 'sesuai'
          : reportedReceived
            ? 'tidak-ada-di-dtks'
            : 'tidak-dilaporkan';
    const concerned = members.flatMap((x, i) =>
      (x.programmesReceived ?? []).includes(code) || (x.programmesNeeded ?? []).includes(code) ? [i] : [],
    );
    return { programmeCode: code, reportedReceived, inRegistry, needed: needed.has(code), check, members: concerned };
  });
}
