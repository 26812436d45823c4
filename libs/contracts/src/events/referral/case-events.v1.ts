import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { DESA_CODE, RECEIPT_NUMBER } from '../intake/complaint-registered.v1.js';
import { CASE_ACTIONS, CASE_STATES, type CaseAction, type CaseState } from './case-states.js';

/** A case was opened for a complaint (`slrt.evt.referral.case.opened.v1`). */
export class CaseOpenedV1 {
  @IsUUID('7') caseId!: string;
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  /** `non-kepesertaan` cases go to the programme's owner, `kepesertaan` to the registry side. */
  @IsIn(['kepesertaan', 'non-kepesertaan']) category!: 'kepesertaan' | 'non-kepesertaan';
  @IsArray() @ArrayMaxSize(20) @Matches(/^[A-Z][A-Z0-9_-]*$/, { each: true }) programmeCodes!: string[];
  @IsIn([...CASE_STATES]) state!: CaseState;
  /** Deadline of the first step; null for `awaiting-registry` (the registry's timetable, no supervisor deadline). */
  @ValidateIf((o: CaseOpenedV1) => o.dueAt !== null) @IsISO8601({ strict: true }) dueAt!: string | null;
  @IsISO8601({ strict: true }) openedAt!: string;
}

/**
 * A case moved (`slrt.evt.referral.case.transitioned.v1`): every transition, by an operator, an
 * owner's answer or the platform. Carries no personal data.
 */
export class CaseTransitionedV1 {
  @IsUUID('7') caseId!: string;
  @IsUUID('7') complaintId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsIn([...CASE_ACTIONS]) action!: CaseAction;
  @IsIn([...CASE_STATES]) from!: CaseState;
  @IsIn([...CASE_STATES]) to!: CaseState;
  /** Role of who acted (`PO` for owners, `SYSTEM` for the platform). */
  @Matches(/^[A-Z_]{2,20}$/) actorRole!: string;
  /** Owner codes involved (send, owner answers). */
  @IsArray() @ArrayMaxSize(10) @IsString({ each: true }) ownerCodes!: string[];
  /** Deadline of the new step; null when the case ended. */
  @ValidateIf((o: CaseTransitionedV1) => o.dueAt !== null) @IsISO8601({ strict: true }) dueAt!: string | null;
  @IsISO8601({ strict: true }) at!: string;
  /**
   * Machine reason of an owner's rejection (`owner-reject`: one of OWNER_REJECTION_REASONS), so the
   * citizen can be told why in plain words; absent or null otherwise. Optional: older events lack it.
   */
  @IsOptional() @Matches(/^[A-Z][A-Z0-9_]*$/) @MaxLength(60) reasonCode?: string | null;
  /**
   * `owner-forward`: the owner that passed its referral up a level (`ownerCodes` names the new,
   * higher owner); absent otherwise. Reporting closes that owner's referral with it.
   */
  @IsOptional() @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/) forwardedFrom?: string;
}

/** A step's deadline is near or passed (`slrt.evt.referral.case.deadline-escalated.v1`). */
export class CaseDeadlineEscalatedV1 {
  @IsUUID('7') caseId!: string;
  @Matches(RECEIPT_NUMBER) receiptNumber!: string;
  @Matches(DESA_CODE) desaCode!: string;
  @IsIn([...CASE_STATES]) state!: CaseState;
  @IsIn(['at-risk', 'breached']) level!: 'at-risk' | 'breached';
  /** Who must be reminded: the step's assignee role, an owner code, or `MJ` (the manager). */
  @IsString() @MaxLength(60) notify!: string;
  @IsOptional() @IsString() @MaxLength(60) ownerCode?: string;
  @IsISO8601({ strict: true }) dueAt!: string;
  @IsISO8601({ strict: true }) at!: string;
}
