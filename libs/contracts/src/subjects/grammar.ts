/**
 * The subject grammar of the platform. WIRE-STABLE: subjects are stored in streams, in consumers'
 * filters, in NATS permissions of ministries and in other kab/kota deployments. Do not change a
 * rule without a migration plan (a new `vN` subject published alongside the old one).
 *
 * - event:        `slrt.evt.<owner>.<entity>.<event>.v<N>`       e.g. `slrt.evt.intake.complaint.registered.v1`
 * - request:      `slrt.rpc.<owner>.<verb-noun>.v<N>`            e.g. `slrt.rpc.registry.lookup-nik.v1`
 *   on the wire:  `slrt.rpc.<owner>.<verb-noun>.v<N>.<caller>`   e.g. `slrt.rpc.registry.lookup-nik.v1.intake`
 *                 (see `rpcWireSubject`: the caller token is the sending service's name, and NATS
 *                 permissions let each service publish requests only with its own name there)
 * - to an owner:  `slrt.owner.<owner-code>.referral.<event>.v<N>`
 * - from owner:   `slrt.owner.<owner-code>.response.<event>.v<N>`
 * - owner feedback: `slrt.owner.<owner-code>.feedback.<event>.v<N>` (what became of each answer)
 * - roll-up:      `slrt.rollup.<region>.<name>.v<N>`            e.g. `slrt.rollup.6271.monthly.v1`
 *                 (a kab/kota's — or a province's — de-identified aggregates to the level above;
 *                 the region token is the region code without its dots, `rollupSubject`)
 * - dead letters: `slrt.dlq.<service>.<durable>` (not a contract subject: carries any payload)
 */

/** Services that own subjects. Each owns the `slrt.evt.<service>.>` and `slrt.rpc.<service>.>` trees. */
export const SERVICES = ['gateway', 'intake', 'registry', 'referral', 'notification', 'reporting'] as const;
export type ServiceName = (typeof SERVICES)[number];

const TOKEN = '[a-z][a-z0-9]*(?:-[a-z0-9]+)*';
const SERVICE = `(?:${SERVICES.join('|')})`;
const VERSION = 'v[1-9][0-9]*';

/** `slrt.evt.<owner>.<entity>.<event>.v<N>`; entity and event are kebab-case, event in past tense. */
export const EVENT_SUBJECT = new RegExp(`^slrt\\.evt\\.(${SERVICE})\\.(${TOKEN})\\.(${TOKEN})\\.(${VERSION})$`);
/** `slrt.rpc.<owner>.<verb-noun>.v<N>`; the name has at least one hyphen (`lookup-nik`, `register-complaint`). */
export const RPC_SUBJECT = new RegExp(`^slrt\\.rpc\\.(${SERVICE})\\.([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\\.(${VERSION})$`);
/**
 * Programme-owner subjects. In declarations the owner code is the wildcard `*`; on the wire it is
 * a lower-case owner code such as `kemensos-pkh`.
 */
export const OWNER_OUT_SUBJECT = new RegExp(`^slrt\\.owner\\.(\\*|${TOKEN})\\.referral\\.(${TOKEN})\\.(${VERSION})$`);
export const OWNER_IN_SUBJECT = new RegExp(`^slrt\\.owner\\.(\\*|${TOKEN})\\.response\\.(${TOKEN})\\.(${VERSION})$`);
/**
 * Feedback to a programme owner on its own answers (`slrt.owner.<code>.feedback.answer-applied.v1`,
 * `…answer-refused.v1`), published by referral into `SLRT_OWNER_OUT` and read through the owner's
 * durable `owner-<code>-feedback`.
 */
export const OWNER_FEEDBACK_SUBJECT = new RegExp(
  `^slrt\\.owner\\.(\\*|${TOKEN})\\.feedback\\.(${TOKEN})\\.(${VERSION})$`,
);
/**
 * Roll-up subjects (issue 13): `slrt.rollup.<region>.<name>.v<N>`, the region a kab/kota (`6271`)
 * or a province (`62`) code without its dots; `*` in declarations.
 */
export const ROLLUP_SUBJECT = new RegExp(`^slrt\\.rollup\\.(\\*|\\d{2}(?:\\d{2})?)\\.(${TOKEN})\\.(${VERSION})$`);
/** A programme-owner code as used in subjects, NATS user names and durable names. */
export const OWNER_CODE = new RegExp(`^${TOKEN}$`);

export type SubjectKind = 'event' | 'rpc' | 'owner-out' | 'owner-in' | 'owner-feedback' | 'rollup';

/** What a subject says about itself. */
export interface ParsedSubject {
  kind: SubjectKind;
  /** Owning service for `event`/`rpc`; the owner code (or `*`) for owner subjects; the region token (or `*`) for roll-up subjects. */
  owner: string;
  /** `<entity>.<event>` for events, the verb-noun for requests, `<event>` for owner subjects. */
  name: string;
  version: number;
}

/** Parses a subject against the grammar; `null` when it is not a platform subject. */
export function parseSubject(subject: string): ParsedSubject | null {
  let m = EVENT_SUBJECT.exec(subject);
  if (m) return { kind: 'event', owner: m[1]!, name: `${m[2]}.${m[3]}`, version: Number(m[4]!.slice(1)) };
  m = RPC_SUBJECT.exec(subject);
  if (m) return { kind: 'rpc', owner: m[1]!, name: m[2]!, version: Number(m[3]!.slice(1)) };
  m = OWNER_OUT_SUBJECT.exec(subject);
  if (m) return { kind: 'owner-out', owner: m[1]!, name: m[2]!, version: Number(m[3]!.slice(1)) };
  m = OWNER_IN_SUBJECT.exec(subject);
  if (m) return { kind: 'owner-in', owner: m[1]!, name: m[2]!, version: Number(m[3]!.slice(1)) };
  m = OWNER_FEEDBACK_SUBJECT.exec(subject);
  if (m) return { kind: 'owner-feedback', owner: m[1]!, name: m[2]!, version: Number(m[3]!.slice(1)) };
  m = ROLLUP_SUBJECT.exec(subject);
  if (m) return { kind: 'rollup', owner: m[1]!, name: m[2]!, version: Number(m[3]!.slice(1)) };
  return null;
}

/**
 * The subject a request for `declared` travels on: `<declared>.<caller>`, where `caller` is the
 * name of the calling service (one of `SERVICES`). WIRE-STABLE. Declared subjects (the catalog,
 * `@OnRequest`) keep their five tokens; only the wire carries the sixth.
 *
 * The caller token is the sender's identity: NATS server permissions allow each service's user to
 * publish on `slrt.rpc.*.*.*.<its own name>` only, so a handler can trust it, unlike anything in
 * the message body. The responding service binds the envelope's `actor` to it
 * (`callerMayAssert`); a request on the bare declared subject finds no responder.
 */
export function rpcWireSubject(declared: string, caller: ServiceName): string {
  if (!RPC_SUBJECT.test(declared)) throw new Error(`Not a declared request subject: "${declared}"`);
  if (!(SERVICES as readonly string[]).includes(caller)) throw new Error(`Unknown calling service "${caller}"`);
  return `${declared}.${caller}`;
}

/** A request's wire subject taken apart: the declared subject and the calling service. */
export interface RpcWireSubject {
  declared: string;
  caller: ServiceName;
}

/**
 * Parses a request's wire subject (`rpcWireSubject`); `null` when it is not one — a bare declared
 * subject, an unknown caller, or anything else.
 */
export function parseRpcWireSubject(subject: string): RpcWireSubject | null {
  const dot = subject.lastIndexOf('.');
  if (dot < 0) return null;
  const declared = subject.slice(0, dot);
  const caller = subject.slice(dot + 1);
  if (!RPC_SUBJECT.test(declared) || !(SERVICES as readonly string[]).includes(caller)) return null;
  return { declared, caller: caller as ServiceName };
}

/**
 * Replaces the `*` owner token of a declared owner subject by a concrete owner code:
 * `ownerSubject('slrt.owner.*.referral.sent.v1', 'kemensos-pkh')`.
 */
export function ownerSubject<S extends `slrt.owner.*.${string}`>(declared: S, ownerCode: string): string {
  if (!OWNER_CODE.test(ownerCode)) throw new Error(`Invalid owner code "${ownerCode}"`);
  return declared.replace('slrt.owner.*.', `slrt.owner.${ownerCode}.`);
}

/** Turns a concrete owner subject back into its declared form (`*` for the owner code). */
export function declaredOwnerSubject(subject: string): string {
  return subject.replace(/^slrt\.owner\.[^.]+\./, 'slrt.owner.*.');
}

/**
 * Replaces the `*` region token of a declared roll-up subject by a region code without its dots:
 * `rollupSubject('slrt.rollup.*.monthly.v1', '62.71')` → `slrt.rollup.6271.monthly.v1`.
 */
export function rollupSubject<S extends `slrt.rollup.*.${string}`>(declared: S, regionCode: string): string {
  if (!/^\d{2}(\.\d{2})?$/.test(regionCode))
    throw new Error(`Invalid roll-up region code "${regionCode}" (a kab/kota 62.71 or a province 62)`);
  return declared.replace('slrt.rollup.*.', `slrt.rollup.${regionCode.replace('.', '')}.`);
}

/**
 * The declared form of a concrete event subject: owner subjects and roll-up subjects get their
 * `*` back; other subjects are their own declared form.
 */
export function declaredEventSubject(subject: string): string {
  if (subject.startsWith('slrt.owner.')) return declaredOwnerSubject(subject);
  if (subject.startsWith('slrt.rollup.')) return subject.replace(/^slrt\.rollup\.[^.]+\./, 'slrt.rollup.*.');
  return subject;
}

/** The dead-letter subject for a consumer: `slrt.dlq.<service>.<durable>`. */
export function dlqSubject(service: string, durable: string): string {
  return `slrt.dlq.${service}.${durable}`;
}
