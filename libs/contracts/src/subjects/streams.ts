/**
 * JetStream stream layout. WIRE-STABLE: stream names are referenced by ministries' durable
 * consumers and by NATS permissions (`deploy/nats/`). Do not rename without a migration plan.
 *
 * One stream per owning service for its events, two for the programme-owner channel, one for dead
 * letters. No stream ever captures `slrt.rpc.>` (a stream on request subjects would answer them).
 */
export interface StreamDeclaration {
  /** Stream name, upper-case. */
  name: string;
  /** Subjects the stream captures. */
  subjects: string[];
  /** Why the stream exists, for operators reading `nats stream info`. */
  description: string;
  /**
   * Default age limit of the stream's messages in days (the provisioner may be given another);
   * absent: kept by the other limits only.
   */
  maxAgeDays?: number;
}

/**
 * Default age limit of `SLRT_OWNER_OUT` (referrals with personal data for programme owners): a
 * referral older than this is gone from the stream, whether or not the owner read it; an owner
 * offline longer re-reads its open referrals over HTTP (`listOwnerReferrals`). The provisioner's
 * `NATS_OWNER_OUT_MAX_AGE_DAYS` overrides it (deploy/nats/README.md).
 */
export const OWNER_OUT_MAX_AGE_DAYS = 30;

export const STREAMS = [
  {
    name: 'SLRT_GATEWAY',
    subjects: ['slrt.evt.gateway.>'],
    description: 'Events of the gateway (users, sessions, audit).',
  },
  { name: 'SLRT_INTAKE', subjects: ['slrt.evt.intake.>'], description: 'Complaints registered by FO and FS.' },
  {
    name: 'SLRT_REGISTRY',
    subjects: ['slrt.evt.registry.>'],
    description: 'DTKS/DTSEN snapshots, prelist, SIKS-NG exchange.',
  },
  { name: 'SLRT_REFERRAL', subjects: ['slrt.evt.referral.>'], description: 'Cases, reviews, referrals, deadlines.' },
  {
    name: 'SLRT_NOTIFICATION',
    subjects: ['slrt.evt.notification.>'],
    description: 'Notifications to citizens and tasks for FS.',
  },
  { name: 'SLRT_REPORTING', subjects: ['slrt.evt.reporting.>'], description: 'Report generation events.' },
  {
    name: 'SLRT_OWNER_OUT',
    subjects: ['slrt.owner.*.referral.>', 'slrt.owner.*.feedback.>'],
    description: 'Referrals to programme owners and feedback on their answers (ministries consume these).',
    maxAgeDays: OWNER_OUT_MAX_AGE_DAYS,
  },
  {
    name: 'SLRT_OWNER_IN',
    subjects: ['slrt.owner.*.response.>'],
    description: 'Programme owners\u2019 answers to referrals.',
  },
  {
    name: 'SLRT_ROLLUP',
    subjects: ['slrt.rollup.>'],
    description: 'Monthly aggregates of kab/kota for their province hub (only a hub\u2019s stream holds data).',
  },
  {
    name: 'SLRT_DLQ',
    subjects: ['slrt.dlq.>'],
    description: 'Messages a consumer could not process, with the reason.',
  },
] as const satisfies readonly StreamDeclaration[];

export type StreamName = (typeof STREAMS)[number]['name'];

/** The stream that captures `subject`, by the first matching declaration. */
export function streamForSubject(subject: string): StreamDeclaration | undefined {
  return STREAMS.find((s) => s.subjects.some((pattern) => subjectMatches(pattern, subject)));
}

/** NATS wildcard matching: `*` one token, `>` one or more trailing tokens. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}
