#!/usr/bin/env node
// @ts-check
// The one source of the platform's NATS users and permissions, used by production (deploy/nats),
// the launcher (`npm start`, `npm test`, `npm run migrate`) and the tests' private servers.
//
// CLI (production): writes the accounts block with passwords taken from the environment at
// server start ($NATS_<USER>_PASSWORD), never written into the file:
//   node deploy/nats/generate.mjs [owner-code …] > deploy/nats/accounts.conf
// Module: `accountsConfig({ owners, passwords })` with literal passwords (the launcher keeps them
// in .data/nats/credentials.json, mode 0600; tests generate fresh ones).
//
// Least privilege, per identity:
// - a service publishes its own events `slrt.evt.<svc>.>` and DLQ `slrt.dlq.<svc>.>`, the requests
//   of RPC_CALLS (a request for `slrt.rpc.<svc>.<name>.v<N>` travels on that subject plus the
//   caller's name as last token, so nobody can send under another caller's name), referral also
//   the owner-out subjects (referrals and feedback), reporting also the roll-up subjects `slrt.rollup.>`
//   (to a province hub); it answers its own `slrt.rpc.<svc>.>` (allow_responses) and receives
//   replies only on its own inbox prefix `_INBOX_<svc>`. JetStream: account info, its own stream's
//   info (readiness), and for each of its own durables (libs/messaging/src/durables.json) consumer
//   info, pull (MSG.NEXT) and `$JS.ACK.<stream>.<durable>.>`. No create/update/delete/purge.
// - `provisioner` (migrate step, launcher, test setup) creates and updates streams and every durable
//   consumer, the programme owners' included: `$JS.API.>`, replies on `_INBOX_provisioner`.
// - a programme owner reads its pre-provisioned durables `owner-<code>` (referrals) and
//   `owner-<code>-feedback` (feedback on its answers) on SLRT_OWNER_OUT (info, pull, ack), answers on `slrt.owner.<code>.response.>`, receives on `_INBOX_<code>`. No
//   consumer create/update/delete at all (legacy or filtered), no stream API, no direct get.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
// The province and national links' users (links.mjs imports this module too: only functions are
// used across, at call time).
import { leafUsers, nationalOwnerUser } from './links.mjs';

export const SERVICES = /** @type {const} */ ([
  'gateway',
  'intake',
  'registry',
  'referral',
  'notification',
  'reporting',
]);
export const PROVISIONER = 'provisioner';

/**
 * Requests each service may send, in wire form (declared subject + `.<caller>`). The only place
 * these allowances are written down.
 * @type {Record<string, string[]>}
 */
export const RPC_CALLS = {
  // The gateway forwards the users' requests to every service.
  gateway: ['slrt.rpc.*.*.*.gateway'],
  // Intake triages a complaint against the registry (lookup-nik answers system:intake only), and
  // validates a complaint's programme codes against referral's catalogue (list-programmes), and asks
  // referral which owners received and read a complaint's persons (the citizen's access log).
  intake: [
    'slrt.rpc.registry.lookup-nik.v1.intake',
    'slrt.rpc.referral.list-programmes.v1.intake',
    'slrt.rpc.referral.get-complaint-disclosures.v1.intake',
  ],
  // Registry asks intake for a complaint's subject when it drafts a prelist entry (system:registry, audited by intake).
  registry: ['slrt.rpc.intake.get-complaint.v1.registry'],
  // Referral reads the person's data of a complaint for a referral.
  referral: ['slrt.rpc.intake.get-complaint.v1.referral'],
  // Notification asks intake for a complaint's contacts (answered for system:notification only, never logged).
  notification: ['slrt.rpc.intake.get-notification-contacts.v1.notification'],
  // Reporting reads the holiday calendar to count durations in working days (answered for system:reporting).
  reporting: ['slrt.rpc.referral.list-holidays.v1.reporting'],
};

/**
 * A roll-up source on the hub one level up (issue 13). On a province hub, a kab/kota's publisher:
 * the user `rollup-<code>` (code without dots, `rollup-6271`) may publish de-identified aggregates
 * on `slrt.rollup.<code>.>` only (stream SLRT_ROLLUP), so no kab/kota can report in another's name.
 * On the national hub, a province's forwarder: `rollup-62` may publish on the subjects of its own
 * kab/kota only, `slrt.rollup.6201.>` … `slrt.rollup.6299.>` (NATS wildcards match whole tokens, so
 * the 99 possible kab/kota codes of the province are listed; a kab/kota made by a split is covered
 * without regenerating), so no province can forward another's kab/kota. The reporting service
 * connects to the upper hub with it (`REPORTING_ROLLUP_NATS_USER`). A hub lists its sources with
 * `--rollup-sources 62.71,62.01,…` (a province hub) or `--rollup-sources 62,63,…` (the national hub).
 * @param {string} code kab/kota (`62.71`) or province (`62`) code
 */
export function rollupUser(code) {
  if (!/^\d{2}(\.\d{2})?$/.test(code))
    throw new Error(`invalid roll-up source ${code}: a kab/kota (62.71) or province (62) code`);
  return `rollup-${code.replace('.', '')}`;
}
const ROLLUP_USER = /^rollup-(\d{2}|\d{4})$/;

/** Services that send referrals to programme owners (stream SLRT_OWNER_OUT). */
export const OWNER_OUT_PUBLISHERS = ['referral'];

export const DEFAULT_OWNERS = [
  'kemensos-pkh',
  'kemensos-sembako',
  'kemensos-pusdatin',
  'kemendikbud',
  'kemenag',
  'bpjs-kesehatan',
  'dinkes',
  'disdukcapil',
  'dinsos',
  'baznas',
];

/**
 * The durable consumer each programme owner reads (pre-provisioned by the provisioner; documented
 * in deploy/nats/README.md — keep both in step).
 * @param {string} code
 */
export function ownerDurable(code) {
  return {
    stream: 'SLRT_OWNER_OUT',
    durable: `owner-${code}`,
    subject: `slrt.owner.${code}.referral.>`,
    ackWaitMs: 60_000,
    // Never given up on: a referral stays until the owner acknowledges it.
    maxDeliver: -1,
    maxAckPending: 1000,
    deliverPolicy: 'all',
  };
}

/**
 * The durable through which each programme owner reads the feedback on its own answers (applied /
 * refused, `slrt.owner.<code>.feedback.>`); same settings as `ownerDurable`.
 * @param {string} code
 */
export function ownerFeedbackDurable(code) {
  return { ...ownerDurable(code), durable: `owner-${code}-feedback`, subject: `slrt.owner.${code}.feedback.>` };
}

/**
 * @typedef {{ service: string, durable: string, stream: string, subject: string, maxDeliver?: number, concurrency?: number }} DurableDef
 */

/** The services' durable consumers (libs/messaging/src/durables.json). @returns {DurableDef[]} */
export function serviceDurables() {
  const file = fileURLToPath(new URL('../../libs/messaging/src/durables.json', import.meta.url));
  return JSON.parse(readFileSync(file, 'utf8')).durables;
}

/** @param {string} code */
export function assertOwnerCode(code) {
  if (
    !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(code) ||
    SERVICES.includes(/** @type {any} */ (code)) ||
    code === PROVISIONER ||
    code.startsWith('rollup-')
  )
    throw new Error(`invalid owner code ${code}`);
}

/** Inbox prefix a user must connect with (nats.js `inboxPrefix`). @param {string} user */
export const inboxPrefix = (user) => `_INBOX_${user}`;

/** Environment variable holding a user's password in production. @param {string} user */
export const passwordVariable = (user) => `NATS_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_PASSWORD`;

/** The stream a service's own events go to (readiness check). @param {string} svc */
const ownStream = (svc) => `SLRT_${svc.toUpperCase()}`;

/**
 * Permissions of one user.
 * @param {string} user
 * @param {{ durables?: DurableDef[] }} [o] durables: the services' durables (default durables.json)
 * @returns {{ publish: string[], subscribe: string[], allowResponses: boolean, comment: string }}
 */
export function permissions(user, o = {}) {
  const durables = o.durables ?? serviceDurables();
  if (user === PROVISIONER) {
    return {
      publish: ['$JS.API.>'],
      subscribe: [`${inboxPrefix(user)}.>`],
      allowResponses: false,
      comment: 'provisioner: creates and updates streams and every durable consumer (migrate step); nothing else',
    };
  }
  if (SERVICES.includes(/** @type {any} */ (user))) {
    const own = durables.filter((d) => d.service === user);
    const publish = [
      `slrt.evt.${user}.>`,
      `slrt.dlq.${user}.>`,
      ...(RPC_CALLS[user] ?? []),
      ...(OWNER_OUT_PUBLISHERS.includes(user) ? ['slrt.owner.*.referral.>', 'slrt.owner.*.feedback.>'] : []),
      '$JS.API.INFO',
      `$JS.API.STREAM.INFO.${ownStream(user)}`,
      ...own.flatMap((d) => [
        `$JS.API.CONSUMER.INFO.${d.stream}.${d.durable}`,
        `$JS.API.CONSUMER.MSG.NEXT.${d.stream}.${d.durable}`,
        `$JS.ACK.${d.stream}.${d.durable}.>`,
      ]),
    ];
    const reads = own.length ? ` (durables: ${own.map((d) => d.durable).join(', ')})` : '';
    return {
      publish,
      subscribe: [`slrt.rpc.${user}.>`, `${inboxPrefix(user)}.>`],
      allowResponses: true,
      comment: `${user}: its own events and DLQ, the requests it may send, its own durables${reads}`,
    };
  }
  const rollup = ROLLUP_USER.exec(user);
  if (rollup && rollup[1].length === 2) {
    const province = rollup[1];
    return {
      publish: Array.from({ length: 99 }, (_, i) => `slrt.rollup.${province}${String(i + 1).padStart(2, '0')}.>`),
      subscribe: [`${inboxPrefix(user)}.>`],
      allowResponses: false,
      comment: `roll-up source province ${province}: forwards its kab/kota's de-identified monthly aggregates on slrt.rollup.${province}01.> … slrt.rollup.${province}99.> only (PubAcks on its inbox)`,
    };
  }
  if (rollup) {
    return {
      publish: [`slrt.rollup.${rollup[1]}.>`],
      subscribe: [`${inboxPrefix(user)}.>`],
      allowResponses: false,
      comment: `roll-up source ${rollup[1]}: publishes its de-identified monthly aggregates on slrt.rollup.${rollup[1]}.> only (PubAcks on its inbox)`,
    };
  }
  assertOwnerCode(user);
  const d = ownerDurable(user);
  const f = ownerFeedbackDurable(user);
  return {
    publish: [
      `slrt.owner.${user}.response.>`,
      ...[d, f].flatMap((x) => [
        `$JS.API.CONSUMER.INFO.${x.stream}.${x.durable}`,
        `$JS.API.CONSUMER.MSG.NEXT.${x.stream}.${x.durable}`,
        `$JS.ACK.${x.stream}.${x.durable}.>`,
      ]),
    ],
    subscribe: [`${inboxPrefix(user)}.>`],
    allowResponses: false,
    comment: `programme owner ${user}: reads only its referrals and the feedback on its answers through its pre-provisioned durables ${d.durable} and ${f.durable}, answers only on its own subjects`,
  };
}

/**
 * Every user of a deployment with these owners (and, on a province hub, these roll-up sources).
 * @param {string[]} owners @param {string[]} [rollupSources]
 */
export function allUsers(owners = DEFAULT_OWNERS, rollupSources = []) {
  return [...SERVICES, PROVISIONER, ...owners, ...rollupSources.map(rollupUser)];
}

/** Fresh random passwords for every user. @param {string[]} users @returns {Record<string, string>} */
export function generatePasswords(users) {
  return Object.fromEntries(users.map((u) => [u, `p${randomBytes(24).toString('hex')}`]));
}

/**
 * Whether nats-server reads `value`, substituted for `$NATS_<USER>_PASSWORD`, as a plain string:
 * the config parser types a variable's value, so one starting with a digit or a sign is taken for
 * a number (and fails, or loses characters), and brackets or quotes for other values. A letter
 * followed by letters and digits is always a string.
 * @param {string} value
 */
export function isSafePassword(value) {
  return /^[A-Za-z][A-Za-z0-9]{15,127}$/.test(value);
}

const list = (/** @type {string[]} */ xs) => `[${xs.map((x) => JSON.stringify(x)).join(', ')}]`;

/**
 * The `accounts { … }` block: account SLRT with JetStream and one user per identity.
 * @typedef {{ user: string, publish: string[], subscribe: string[], connectionTypes: string[], comment: string }} ExtraUser
 */

/**
 * @param {{ owners?: string[], passwords?: Record<string, string>, durables?: DurableDef[], rollupSources?: string[], extraUsers?: ExtraUser[] }} [o]
 *   passwords: literal passwords (launcher, tests); without, each comes from $NATS_<USER>_PASSWORD.
 *   rollupSources: on a province hub, the kab/kota whose `rollup-<code>` users may publish there;
 *   on the national hub, the provinces (`62`) whose `rollup-62` users forward their kab/kota's.
 *   durables: the services' durables (tests may add their own probes; default durables.json).
 *   extraUsers: users made elsewhere (deploy/nats/links.mjs: a hub's leaf users, the national
 *   owners at the national hub), with their permissions and allowed connection types.
 */
export function accountsConfig(o = {}) {
  const owners = o.owners ?? DEFAULT_OWNERS;
  for (const code of owners) assertOwnerCode(code);
  const lines = [];
  const password = (/** @type {string} */ user) =>
    o.passwords ? JSON.stringify(o.passwords[user] ?? missing(user)) : `$${passwordVariable(user)}`;
  for (const user of allUsers(owners, o.rollupSources ?? [])) {
    const p = permissions(user, o.durables ? { durables: o.durables } : {});
    lines.push(`      # ${p.comment}.`);
    lines.push(
      `      { user: ${JSON.stringify(user)}, password: ${password(user)}, permissions: { publish: { allow: ${list(p.publish)} }, subscribe: { allow: ${list(p.subscribe)} }${p.allowResponses ? ', allow_responses: true' : ''} } }`,
    );
  }
  const generated = allUsers(owners, o.rollupSources ?? []);
  for (const u of o.extraUsers ?? []) {
    if (generated.includes(u.user)) throw new Error(`NATS user ${u.user} is defined twice`);
    lines.push(`      # ${u.comment}.`);
    lines.push(
      `      { user: ${JSON.stringify(u.user)}, password: ${password(u.user)}, permissions: { publish: { allow: ${list(u.publish)} }, subscribe: { allow: ${list(u.subscribe)} } }${u.connectionTypes.length ? `, allowed_connection_types: ${list(u.connectionTypes)}` : ''} }`,
    );
  }
  return `# GENERATED by deploy/nats/generate.mjs — edit the generator, not this file.
# Owners: ${owners.join(', ')}.${o.rollupSources?.length ? ` Roll-up sources: ${o.rollupSources.join(', ')}.` : ''} ${o.passwords ? 'Passwords are literal: keep this file private (mode 0600).' : 'Passwords come from the environment (NATS_<USER>_PASSWORD).'}
# Every user must connect with inboxPrefix "_INBOX_<user>": replies (PubAcks, pulled messages,
# request replies) then reach only it.
accounts {
  SLRT {
    jetstream: enabled
    users: [
${lines.join('\n')}
    ]
  }
}
`;
}

/**
 * @typedef {{ serverName: string, name?: string, host?: string, port: number, routes: string[] }} ClusterNode
 *   serverName: unique per node (JetStream needs it); name: the cluster's name (default `slrt`);
 *   port: this node's route listener; routes: `nats-route://host:port` of the other nodes.
 */

/** The `server_name` and `cluster` block of one node of a JetStream cluster. @param {ClusterNode} c */
export function clusterBlock(c) {
  return `server_name: ${JSON.stringify(c.serverName)}
cluster {
  name: ${JSON.stringify(c.name ?? 'slrt')}
  listen: ${JSON.stringify(`${c.host ?? '127.0.0.1'}:${c.port}`)}
  routes: [
${c.routes.map((r) => `    ${JSON.stringify(r)}`).join('\n')}
  ]
}
`;
}

/** @param {string} user @returns {never} */
function missing(user) {
  throw new Error(`no password given for NATS user ${user}`);
}

/**
 * A complete server config (launcher and tests): listen address, JetStream store and the
 * accounts. `tls`: cert/key (and optionally a CA to verify clients) to require TLS. `cluster`: this
 * node's name and its place in a JetStream cluster (route listener and the other nodes' routes;
 * streams are then provisioned with NATS_STREAM_REPLICAS=3).
 * `jetstreamDomain`, `serverName`, `leafnodes` (a block from deploy/nats/links.mjs) and
 * `extraUsers`: a level of the province and national links.
 * @param {{ port: number, host?: string, storeDir: string, owners?: string[], passwords: Record<string, string>, durables?: DurableDef[], tls?: { cert: string, key: string }, cluster?: ClusterNode, rollupSources?: string[], jetstreamDomain?: string, serverName?: string, leafnodes?: string, extraUsers?: ExtraUser[] }} o
 */
export function serverConfig(o) {
  return `# GENERATED by deploy/nats/generate.mjs — private: contains passwords.
listen: ${JSON.stringify(`${o.host ?? '127.0.0.1'}:${o.port}`)}
max_payload: 1MB
${o.serverName && !o.cluster ? `server_name: ${JSON.stringify(o.serverName)}\n` : ''}jetstream {
  store_dir: ${JSON.stringify(o.storeDir)}
${o.jetstreamDomain ? `  domain: ${JSON.stringify(o.jetstreamDomain)}\n` : ''}}
${o.cluster ? clusterBlock(o.cluster) : ''}${o.leafnodes ?? ''}${o.tls ? `tls {\n  cert_file: ${JSON.stringify(o.tls.cert)}\n  key_file: ${JSON.stringify(o.tls.key)}\n}\n` : ''}${accountsConfig({ ...(o.owners ? { owners: o.owners } : {}), passwords: o.passwords, ...(o.durables ? { durables: o.durables } : {}), ...(o.rollupSources ? { rollupSources: o.rollupSources } : {}), ...(o.extraUsers ? { extraUsers: o.extraUsers } : {}) })}`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // node deploy/nats/generate.mjs [owner …] [--rollup-sources 62.71,62.01]   (the latter on a province hub)
  //   a hub of the province and national links (deploy/nats/links.mjs) also takes
  //   --province-links 62.71,62.01 (a province hub: one leaf user per kab/kota) or
  //   --national-links 62.71,63.01 --national-owners kemensos-pkh,… (the national hub: one leaf
  //   user per province, and the national owners' users reading SLRT_NATIONAL_OUT).
  const args = process.argv.slice(2);
  /** @type {Record<string, string[]>} */
  const flags = {};
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i].startsWith('--')) flags[args[i].slice(2)] = (args[++i] ?? '').split(',').filter(Boolean);
    else rest.push(args[i]);
  }
  for (const f of Object.keys(flags))
    if (!['rollup-sources', 'province-links', 'national-links', 'national-owners'].includes(f))
      throw new Error(`unknown option --${f}`);
  const rollupSources = flags['rollup-sources'] ?? [];
  // A national owner reads at the national hub as a national owner, not as a local one.
  const owners = (rest.length ? rest : DEFAULT_OWNERS).filter((c) => !(flags['national-owners'] ?? []).includes(c));
  const extraUsers = [
    ...(flags['province-links'] ? leafUsers({ level: 'province', links: flags['province-links'] }) : []),
    ...(flags['national-links'] ? leafUsers({ level: 'national', links: flags['national-links'] }) : []),
    ...(flags['national-owners'] ?? []).map(nationalOwnerUser),
  ];
  process.stdout.write(
    accountsConfig({
      owners,
      ...(rollupSources.length ? { rollupSources } : {}),
      ...(extraUsers.length ? { extraUsers } : {}),
    }),
  );
}
