import { Type } from 'class-transformer';
import { IsISO8601, IsObject, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { Actor } from './actor.js';
import { Nullable } from '../nullable.js';

/**
 * Every message on the bus — event, request or owner message — travels in this envelope.
 * WIRE-STABLE: ministries and other kab/kota deployments parse it.
 *
 * - `id` is a UUIDv7 and doubles as the JetStream `Nats-Msg-Id`, so a re-published event is
 *   deduplicated by the server within its window and by the consumer's inbox forever after.
 * - `correlationId` is the same for everything one user action led to; `causationId` is the id of
 *   the message that directly caused this one (null for the first).
 */
export interface Envelope<TData = unknown, TSubject extends string = string> {
  id: string;
  subject: TSubject;
  occurredAt: string;
  producer: string;
  kabKotaCode: string;
  correlationId: string;
  causationId: string | null;
  actor: Actor | null;
  data: TData;
}

/** An RFC 9562 UUID of version 1–8 with the RFC variant (not the nil or max UUID). */
export const MESSAGE_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[1-8][0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$/;

/**
 * Validation class of the envelope fields (the `data` payload is validated separately against the
 * class its subject declares).
 */
export class EnvelopeMeta {
  /**
   * Message id: any RFC 9562 UUID (versions 1–8; the platform's own are v7). Programme owners'
   * clients often make v4 ids, and deduplication needs uniqueness, not time order. The nil and max
   * UUIDs are refused: every message would share them and be dropped as a duplicate.
   */
  @Matches(MESSAGE_ID, { message: 'id harus berupa UUID (RFC 9562, versi 1–8)' })
  id!: string;

  /** The subject the message was published on (the concrete one for owner subjects). */
  @IsString()
  @MaxLength(255)
  subject!: string;

  /** When the fact happened (events) or the request was made, ISO-8601 UTC. */
  @IsISO8601({ strict: true })
  occurredAt!: string;

  /**
   * Name of the producing service, or `owner:<code>` for programme owners. On a request it must be
   * the caller of the wire subject; on an owner answer, naming another owner than the subject's
   * gets the answer refused.
   */
  @Matches(/^([a-z][a-z0-9-]*|owner:[a-z][a-z0-9-]*)$/)
  producer!: string;

  /** Kemendagri code of the kab/kota deployment that produced the message, e.g. `62.71`. */
  @Matches(/^\d{2}\.\d{2}$/)
  kabKotaCode!: string;

  /** Id shared by everything one user action led to (the gateway's request id). */
  @IsString()
  @MaxLength(120)
  correlationId!: string;

  /** Id of the message that caused this one; null for the first. */
  @IsOptional()
  @Nullable({ optional: true })
  @IsString()
  @MaxLength(120)
  causationId!: string | null;

  /**
   * Who caused it; null only for messages no person or client caused. On a request it is bound to
   * the sending service (`callerMayAssert`); on an event it is information, never a right.
   */
  @IsOptional()
  @Nullable({ optional: true })
  @IsObject()
  @ValidateNested()
  @Type(() => Actor)
  actor!: Actor | null;

  /** The payload, validated against its subject's class. */
  @IsObject()
  data!: Record<string, unknown>;
}
