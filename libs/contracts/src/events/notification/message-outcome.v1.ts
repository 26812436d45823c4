import { IsIn, IsISO8601, IsUUID, Matches } from 'class-validator';

export const MESSAGE_CHANNELS_OUT = ['sms', 'whatsapp', 'email', 'letter', 'fs-visit'] as const;
export const MESSAGE_OUTCOMES = ['delivered', 'failed', 'undeliverable'] as const;
export type MessageOutcome = (typeof MESSAGE_OUTCOMES)[number];

/**
 * A message to a citizen reached its outcome (`slrt.evt.notification.message.outcome.v1`, stream
 * `SLRT_NOTIFICATION`): delivered (provider report, or a letter or FS visit recorded delivered by
 * the FS), failed (provider refusal, attempts exhausted, uncertain hand-over) or undeliverable. An
 * FS visit recorded either way is an **FS visit done**. No personal data: ids, the desa code, the
 * channel, the complaint's step and who the message was for (subject or complainant).
 */
export class MessageOutcomeV1 {
  @IsUUID() messageId!: string;
  @IsUUID() complaintId!: string;
  @Matches(/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/) desaCode!: string;
  @IsIn([...MESSAGE_CHANNELS_OUT]) channel!: (typeof MESSAGE_CHANNELS_OUT)[number];
  /** The complaint's timeline step the message told about (`received`, `referred`, `resolved`, …). */
  @Matches(/^[a-z][a-z-]{1,40}$/) step!: string;
  @IsIn(['subject', 'complainant']) recipient!: 'subject' | 'complainant';
  @IsIn([...MESSAGE_OUTCOMES]) outcome!: MessageOutcome;
  /** When the outcome was recorded. */
  @IsISO8601({ strict: true }) at!: string;
}
