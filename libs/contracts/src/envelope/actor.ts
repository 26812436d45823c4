import { ArrayUnique, IsArray, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ACTOR_KINDS, ROLES, type ActorKind, type Role } from './roles.js';

/** A Kemendagri region code in dotted form: `62`, `62.71`, `62.71.01` or `62.71.01.1001`. */
export const REGION_CODE = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

/**
 * Who caused a message: the authenticated caller at the gateway, carried unchanged through every
 * request and event it leads to, so each service can check role and region scope again (defence
 * in depth) and audit logs name a person, not a service.
 */
export class Actor {
  /** `user` (an operator), `owner-client` (a programme owner's API key) or `system` (a service). */
  @IsIn([...ACTOR_KINDS])
  kind!: ActorKind;

  /** Stable id of the user or client (UUIDv7), or `system:<service>` for services. */
  @IsString()
  @MaxLength(120)
  id!: string;

  /** Roles held by the caller; empty for `system`. */
  @IsArray()
  @ArrayUnique()
  @IsIn([...ROLES], { each: true })
  roles!: Role[];

  /**
   * Region codes the caller may see (kab/kota, kecamatan or desa). Empty means no regional
   * access; `system` actors act for the whole deployment.
   */
  @IsArray()
  @Matches(REGION_CODE, { each: true })
  regionScope!: string[];

  /** Programme-owner code for PO users and owner clients (e.g. `kemensos-pkh`). */
  @IsOptional()
  @Matches(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/)
  ownerCode?: string;
}

/** The actor of a service acting on its own behalf. */
export function systemActor(service: string): Actor {
  return Object.assign(new Actor(), { kind: 'system', id: `system:${service}`, roles: [], regionScope: [] });
}
