import { IsIn, IsOptional } from 'class-validator';
import { VULNERABLE_GROUPS } from '@slrt/domain';

/**
 * School types a PIP complaint names (the pupil's school): general schools (Kemendikbud) SD, SMP,
 * SMA, SMK, SLB; madrasah (Kemenag) MI, MTS, MA; and PESANTREN (Kemenag). WIRE-STABLE: routing
 * rules match these values.
 */
export const SCHOOL_TYPES = ['SD', 'SMP', 'SMA', 'SMK', 'SLB', 'MI', 'MTS', 'MA', 'PESANTREN'] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

/**
 * The attributes routing rules may test, with the values each may take (`routing_rule.conditions`
 * in referral: `{ "<attribute>": ["<value>", …] }`). One place: intake validates the complaint's
 * attributes with the class below, referral validates a rule's conditions against this table.
 */
export const ROUTING_ATTRIBUTES = {
  schoolType: SCHOOL_TYPES,
  // Not a complaint attribute but the persons' priority groups (intake's `priorityGroups`), tested by referral's routing.
  priorityGroup: VULNERABLE_GROUPS,
} as const satisfies Record<string, readonly string[]>;
export type RoutingAttribute = keyof typeof ROUTING_ATTRIBUTES;

/**
 * What a complaint says beyond its programmes that decides who can act on it (routing), e.g. the
 * pupil's school type for PIP. No personal data. Absent attributes match no condition.
 */
export class ComplaintAttributesV1 {
  /** The pupil's school type (PIP): MI/MTS/MA/PESANTREN go to Kemenag, SD/SMP/SMA/SMK/SLB to Kemendikbud. */
  @IsOptional()
  @IsIn([...SCHOOL_TYPES], { message: `Jenis sekolah harus salah satu dari: ${SCHOOL_TYPES.join(', ')}` })
  schoolType?: SchoolType;
}
