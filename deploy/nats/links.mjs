#!/usr/bin/env node
// @ts-check
// Province and national links (issue 16): a kab/kota's nats-server is a leaf node of its province
// hub, a province hub a leaf node of the national hub. Generated here, from code, for every level:
// the JetStream domain, the leaf-node remote with its deny lists (the lower side's own guard), the
// hub's leaf users with allow lists (the upper side's guard), and the link streams the provisioner
// makes. Nothing but configuration: no service runs on the link.
//
// What crosses (and nothing else):
// - a national owner's referrals and the feedback on its answers: the kab/kota's SLRT_NATIONAL_OUT
//   (subjects `slrt.owner.<national-code>.referral.>` / `.feedback.>`, never captured by
//   SLRT_OWNER_OUT there) is SOURCED by the national hub's SLRT_NATIONAL_OUT through the kab/kota's
//   JetStream domain: the consumer-create request of that one stream goes down, its deliveries
//   (deliver prefix `link.<kk>.out`) come up;
// - a national owner's answers: published at the national hub on
//   `slrt.national.<kk>.<owner>.response.<kind>.v1` (stream SLRT_ANSWERS_<kk> there), SOURCED by the
//   kab/kota's SLRT_NATIONAL_IN (deliver prefix `link.<kk>.in`), which republishes each on the local
//   answer subject `slrt.owner.<owner>.response.<kind>.v1` into SLRT_OWNER_IN, where referral reads
//   it unchanged;
// - the replies of those API requests (`$JSC.R.>`) and the sources' flow control
//   (`$JS.FC.<stream>.>`).
// Roll-ups do NOT use the link: reporting publishes them on its own authenticated connection to the
// hub (`rollup-<code>`, generate.mjs), see deploy/nats/README.md "Province and national links".
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SERVICES, PROVISIONER, inboxPrefix, assertOwnerCode } from './generate.mjs';

/** The national hub's JetStream domain. */
export const NATIONAL_DOMAIN = 'national';

/** @param {string} code kab/kota `62.71` */
function assertKabKota(code) {
  if (!/^\d{2}\.\d{2}$/.test(code)) throw new Error(`invalid kab/kota code ${code}: like 62.71`);
}

/** The subject token of a kab/kota: its code without the dot (`62.71` → `6271`). @param {string} code */
export function kkToken(code) {
  assertKabKota(code);
  return code.replace('.', '');
}

/**
 * The JetStream domain of a level: `kk6271` (kab/kota 62.71), `prov62` (province 62), `national`.
 * @param {string} code `62.71`, `62` or `national`
 */
export function jetstreamDomain(code) {
  if (code === 'national') return NATIONAL_DOMAIN;
  if (/^\d{2}$/.test(code)) return `prov${code}`;
  return `kk${kkToken(code)}`;
}

/** The hub-side user a lower level's leaf connection authenticates as: `leaf-6271`, `leaf-62`. @param {string} code */
export function leafUser(code) {
  if (/^\d{2}$/.test(code)) return `leaf-${code}`;
  return `leaf-${kkToken(code)}`;
}

/** The stream at the national hub that holds a kab/kota's answers from national owners. @param {string} kk */
export const answersStream = (kk) => `SLRT_ANSWERS_${kkToken(kk)}`;
/** Deliver prefix of the national hub's source of a kab/kota's SLRT_NATIONAL_OUT. @param {string} kk */
export const outDeliverPrefix = (kk) => `link.${kkToken(kk)}.out`;
/** Deliver prefix of the kab/kota's source of its answers at the national hub. @param {string} kk */
export const inDeliverPrefix = (kk) => `link.${kkToken(kk)}.in`;
/** The national answer subject of an owner for a kab/kota. @param {string} kk @param {string} owner @param {string} kind */
export const nationalAnswerSubject = (kk, owner, kind) => `slrt.national.${kkToken(kk)}.${owner}.response.${kind}.v1`;

/**
 * What a lower level's leaf connection may carry, enforced by the hub on its leaf user (allow
 * lists: `publish` = what the lower level may send up, `subscribe` = what the hub sends down).
 * `kabKota`: the kab/kota behind the connection (one for a kab/kota's own link, the province's list
 * for a province's link to the national hub).
 * @param {string[]} kabKota
 */
export function leafPermissions(kabKota) {
  if (!kabKota.length) throw new Error('a leaf link carries at least one kab/kota');
  const publish = [];
  const subscribe = [];
  for (const kk of kabKota) {
    const a = answersStream(kk);
    // Up: the kab/kota's source asks the national hub for its own answers stream only…
    publish.push(
      `$JS.${NATIONAL_DOMAIN}.API.CONSUMER.CREATE.${a}`,
      `$JS.${NATIONAL_DOMAIN}.API.CONSUMER.CREATE.${a}.>`,
    );
    // …its flow-control replies, and the deliveries of its SLRT_NATIONAL_OUT to the national source.
    publish.push(`$JS.FC.${a}.>`, `${outDeliverPrefix(kk)}.>`);
    // Down: the national hub's source asks the kab/kota for SLRT_NATIONAL_OUT only…
    const d = jetstreamDomain(kk);
    subscribe.push(
      `$JS.${d}.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT`,
      `$JS.${d}.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT.>`,
    );
    // …and the deliveries of the kab/kota's own answers stream.
    subscribe.push(`${inDeliverPrefix(kk)}.>`);
  }
  publish.push('$JSC.R.>');
  subscribe.push('$JS.FC.SLRT_NATIONAL_OUT.>', '$JSC.R.>');
  return { publish, subscribe };
}

/**
 * The platform's stream names (libs/contracts/src/subjects/streams.ts: this plain-Node generator
 * reads them from the source; test/links.spec.ts checks the list against STREAMS).
 */
export function platformStreams() {
  const file = fileURLToPath(new URL('../../libs/contracts/src/subjects/streams.ts', import.meta.url));
  return [...readFileSync(file, 'utf8').matchAll(/name: '(SLRT_[A-Z_]+)'/g)].map((m) => m[1]);
}

/**
 * The lower level's own guard on its leaf connection (`deny_exports`: never sent up,
 * `deny_imports`: never accepted from above), whatever the hub allows: no platform subject
 * (events, requests, owner subjects, DLQ, roll-ups) either way, no inbox of its users, no
 * JetStream API of its own domain but the consumer create of SLRT_NATIONAL_OUT.
 * @param {{ code: string, owners?: string[] }} o code: the lower level (`62.71` or `62`); owners: its local owners (their inboxes)
 */
export function remoteDenies(o) {
  const d = jetstreamDomain(o.code);
  const inboxes = [...SERVICES, PROVISIONER, ...(o.owners ?? [])].map((u) => `${inboxPrefix(u)}.>`);
  const common = ['slrt.>', '_INBOX.>', ...inboxes, '$JS.API.>', '$JS.ACK.>', '$JS.EVENT.>', '$KV.>', '$O.>'];
  const ownApi = [
    `$JS.${d}.API.INFO`,
    `$JS.${d}.API.ACCOUNT.>`,
    `$JS.${d}.API.STREAM.>`,
    `$JS.${d}.API.DIRECT.>`,
    `$JS.${d}.API.META.>`,
    `$JS.${d}.API.SERVER.>`,
    `$JS.${d}.API.$KV.>`,
    `$JS.${d}.API.$OBJ.>`,
    `$JS.${d}.API.CONSUMER.DURABLE.>`,
    `$JS.${d}.API.CONSUMER.LIST.>`,
    `$JS.${d}.API.CONSUMER.NAMES.>`,
    `$JS.${d}.API.CONSUMER.LEADER.>`,
    // Every consumer API on every other stream (a province hub has no link stream of its own: all).
    ...[...platformStreams(), 'SLRT_NATIONAL_IN', ...(/^\d{2}$/.test(o.code) ? ['SLRT_NATIONAL_OUT'] : [])].flatMap(
      (s) => [`$JS.${d}.API.CONSUMER.*.${s}`, `$JS.${d}.API.CONSUMER.*.${s}.>`],
    ),
  ];
  return { denyExports: common, denyImports: [...common, ...ownApi] };
}

const list = (/** @type {string[]} */ xs, indent = '      ') =>
  `[\n${xs.map((x) => `${indent}  ${JSON.stringify(x)}`).join(',\n')}\n${indent}]`;

/**
 * The `leafnodes { … }` block of a level. A lower level (kab/kota, province) has a `remote` to its
 * hub, authenticating as `leaf-<code>` (URL with credentials from $NATS_LEAF_URL unless given); a hub
 * (province, national) has a `listen` for its lower levels' leaf connections. TLS (production):
 * `tls.cert`/`tls.key` make the hub's leaf listener require TLS with that certificate; `tls.ca`
 * makes the remote verify its hub's certificate against that CA.
 * @param {{ code: string, hubUrl?: string, password?: string, listen?: string, owners?: string[], tls?: { ca?: string | undefined, cert?: string | undefined, key?: string | undefined } }} o
 */
export function leafnodesBlock(o) {
  const lines = ['leafnodes {'];
  if (o.listen) lines.push(`  listen: ${JSON.stringify(o.listen)}`);
  // TLS handshakes get 10 s: links to a province are often slow (as deploy/server's client listener).
  const [cert, key] = [JSON.stringify(o.tls?.cert), JSON.stringify(o.tls?.key)];
  if (o.listen && o.tls?.cert && o.tls.key) lines.push(`  tls { cert_file: ${cert}, key_file: ${key}, timeout: 10 }`);
  if (o.hubUrl) {
    const u = new URL(o.hubUrl);
    const user = leafUser(o.code);
    const d = remoteDenies(o);
    lines.push('  remotes: [');
    lines.push('    {');
    // nats-server 2.9 takes a remote's user and password from its URL only: given (tests), they
    // are written into it; else the whole URL comes from $NATS_LEAF_URL
    // (`nats-leaf://leaf-6271:<password>@prov62.example.go.id:7422`), never into the file.
    lines.push(
      `      url: ${o.password ? JSON.stringify(`${u.protocol}//${user}:${o.password}@${u.host}`) : '$NATS_LEAF_URL'}`,
    );
    lines.push(`      account: "SLRT"`);
    if (o.tls?.ca) lines.push(`      tls: { ca_file: ${JSON.stringify(o.tls.ca)}, timeout: 10 }`);
    lines.push(`      deny_exports: ${list(d.denyExports)}`);
    lines.push(`      deny_imports: ${list(d.denyImports)}`);
    lines.push('    }');
    lines.push('  ]');
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/**
 * The hub's leaf users, for the accounts block (`accountsConfig({ extraUsers })`): one per lower
 * level, leaf connections only (`allowed_connection_types`), with `leafPermissions`.
 * On a province hub `links` is its kab/kota (`62.71`, …): one `leaf-6271` each. On the national hub
 * `links` is every linked kab/kota of every province: one `leaf-62` per province, carrying its kab/kota.
 * @param {{ level: 'province' | 'national', links: string[] }} o
 * @returns {Array<{ user: string, publish: string[], subscribe: string[], connectionTypes: string[], comment: string }>}
 */
export function leafUsers(o) {
  for (const kk of o.links) assertKabKota(kk);
  const groups =
    o.level === 'province'
      ? o.links.map((kk) => ({ code: kk, kabKota: [kk] }))
      : [...new Set(o.links.map((kk) => kk.slice(0, 2)))].map((p) => ({
          code: p,
          kabKota: o.links.filter((kk) => kk.startsWith(`${p}.`)),
        }));
  return groups.map((g) => ({
    user: leafUser(g.code),
    ...leafPermissions(g.kabKota),
    connectionTypes: ['LEAFNODE'],
    comment: `leaf link of ${g.code.includes('.') ? 'kab/kota' : 'province'} ${g.code}: only the national owners' referral/feedback sources and answer sources of ${g.kabKota.join(', ')} (JetStream API of those streams, their deliveries and replies)`,
  }));
}

/**
 * A national programme owner's user at the national hub: reads `owner-<code>` and
 * `owner-<code>-feedback` on SLRT_NATIONAL_OUT (referrals and feedback of every linked kab/kota),
 * answers on `slrt.national.*.<code>.response.>` (the kab/kota's token first).
 * @param {string} code
 */
export function nationalOwnerUser(code) {
  assertOwnerCode(code);
  const durables = [`owner-${code}`, `owner-${code}-feedback`];
  return {
    user: code,
    publish: [
      `slrt.national.*.${code}.response.>`,
      ...durables.flatMap((d) => [
        `$JS.API.CONSUMER.INFO.SLRT_NATIONAL_OUT.${d}`,
        `$JS.API.CONSUMER.MSG.NEXT.SLRT_NATIONAL_OUT.${d}`,
        `$JS.ACK.SLRT_NATIONAL_OUT.${d}.>`,
      ]),
    ],
    subscribe: [`${inboxPrefix(code)}.>`],
    connectionTypes: [],
    comment: `national programme owner ${code}: reads its referrals and feedback of every linked kab/kota through ${durables.join(' and ')} on SLRT_NATIONAL_OUT, answers on slrt.national.<kab-kota>.${code}.response.> only`,
  };
}

const DAY_NS = 24 * 3600 * 1e9;

/**
 * The link streams of a level (created or updated by `provisionLinks`, after the platform's own
 * provisioning, which leaves the national owners out of SLRT_OWNER_OUT: `nationalOwners`).
 * - kab/kota `62.71`: SLRT_NATIONAL_OUT (the national owners' referral and feedback subjects, same
 *   age limit as SLRT_OWNER_OUT) and SLRT_NATIONAL_IN (sources SLRT_ANSWERS_6271 at the national
 *   hub, republishes each answer on `slrt.owner.<owner>.response.<kind>.v1` into SLRT_OWNER_IN).
 * - national: SLRT_NATIONAL_OUT sourcing every linked kab/kota's, and SLRT_ANSWERS_<kk> per kab/kota.
 * - province: none (it only carries).
 * @param {{ level: 'kabkota' | 'province' | 'national', code?: string, links?: string[], nationalOwners: string[], maxAgeDays?: number }} o
 * @returns {Array<Record<string, any>>} nats.js StreamConfig objects
 */
export function linkStreams(o) {
  const maxAge = (o.maxAgeDays ?? 30) * DAY_NS;
  const base = { storage: 'file', retention: 'limits', discard: 'old', duplicate_window: 120e9, num_replicas: 1 };
  if (o.level === 'kabkota') {
    const kk = o.code ?? '';
    const t = kkToken(kk);
    if (!o.nationalOwners.length) return [];
    return [
      {
        ...base,
        name: 'SLRT_NATIONAL_OUT',
        description:
          'Referrals to national programme owners and feedback on their answers (sourced by the national hub).',
        subjects: nationalOutSubjects(o.nationalOwners),
        max_age: maxAge,
      },
      {
        ...base,
        name: 'SLRT_NATIONAL_IN',
        description: `National owners' answers for ${kk} (sourced from the national hub, republished into SLRT_OWNER_IN).`,
        subjects: [`slrt.national.${t}.>`],
        sources: [
          {
            name: answersStream(kk),
            external: { api: `$JS.${NATIONAL_DOMAIN}.API`, deliver: inDeliverPrefix(kk) },
          },
        ],
        republish: {
          src: `slrt.national.${t}.*.response.*.v1`,
          dest: 'slrt.owner.{{wildcard(1)}}.response.{{wildcard(2)}}.v1',
        },
      },
    ];
  }
  if (o.level === 'national') {
    const links = o.links ?? [];
    return [
      {
        ...base,
        name: 'SLRT_NATIONAL_OUT',
        description:
          'Referrals of every linked kab/kota to national programme owners, and the feedback on their answers.',
        subjects: [],
        sources: links.map((kk) => ({
          name: 'SLRT_NATIONAL_OUT',
          external: { api: `$JS.${jetstreamDomain(kk)}.API`, deliver: outDeliverPrefix(kk) },
        })),
        max_age: maxAge,
      },
      ...links.map((kk) => ({
        ...base,
        name: answersStream(kk),
        description: `National owners' answers to the referrals of ${kk} (sourced by its SLRT_NATIONAL_IN).`,
        subjects: [`slrt.national.${kkToken(kk)}.>`],
      })),
    ];
  }
  return [];
}

/** SLRT_NATIONAL_OUT's subjects at a kab/kota. @param {string[]} owners */
export function nationalOutSubjects(owners) {
  for (const c of owners) assertOwnerCode(c);
  return owners.flatMap((c) => [`slrt.owner.${c}.referral.>`, `slrt.owner.${c}.feedback.>`]);
}

/**
 * The national owners' durables at the national hub (same settings as their local ones,
 * generate.mjs `ownerDurable`, on SLRT_NATIONAL_OUT).
 * @param {string[]} owners
 */
export function nationalOwnerDurables(owners) {
  return owners.flatMap((c) =>
    [
      [`owner-${c}`, `slrt.owner.${c}.referral.>`],
      [`owner-${c}-feedback`, `slrt.owner.${c}.feedback.>`],
    ].map(([durable, filter]) => ({
      durable_name: durable,
      filter_subject: filter,
      ack_policy: 'explicit',
      deliver_policy: 'all',
      ack_wait: 60e9,
      max_deliver: -1,
      max_ack_pending: 1000,
      description: `national programme owner ${c}`,
    })),
  );
}

/**
 * Creates or updates the link streams of a level (and at the national hub the national owners'
 * durables), as the provisioner. Idempotent.
 * @param {import('@nats-io/jetstream').JetStreamManager} jsm
 * @param {Parameters<typeof linkStreams>[0]} o
 */
export async function provisionLinks(jsm, o) {
  for (const cfg of linkStreams(o)) {
    try {
      await jsm.streams.info(cfg.name);
      await jsm.streams.update(cfg.name, /** @type {any} */ (cfg));
    } catch (err) {
      if (!(err instanceof Error) || !/not found/i.test(err.message)) throw err;
      await jsm.streams.add(/** @type {any} */ (cfg));
    }
  }
  if (o.level === 'national')
    for (const c of nationalOwnerDurables(o.nationalOwners)) {
      try {
        await jsm.consumers.info('SLRT_NATIONAL_OUT', c.durable_name);
      } catch (err) {
        if (!(err instanceof Error) || !/not found/i.test(err.message)) throw err;
        await jsm.consumers.add('SLRT_NATIONAL_OUT', /** @type {any} */ (c));
      }
    }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Configuration (prints the jetstream domain and the leafnodes block; the hub's leaf users and
  // national owners: generate.mjs --province-links / --national-links / --national-owners):
  //   node deploy/nats/links.mjs kabkota 62.71 --hub nats-leaf://prov62.example.go.id:7422 [--owners dinsos,…]
  //   node deploy/nats/links.mjs province 62 --hub nats-leaf://national.example.go.id:7422 --listen 0.0.0.0:7422
  //   node deploy/nats/links.mjs national --listen 0.0.0.0:7422
  // TLS (production): a hub's listener --tls-cert /etc/nats/tls/server.crt --tls-key /etc/nats/tls/server.key;
  // a remote trusts its hub's CA with --tls-ca /etc/nats/tls/hub-ca.crt.
  // Link streams (after the platform's provisioning; NATS_URL, NATS_USER=provisioner, NATS_PASSWORD, NATS_TLS_CA):
  //   node deploy/nats/links.mjs provision kabkota 62.71 --national-owners kemensos-pkh,…
  //   node deploy/nats/links.mjs provision national --links 62.71,63.01 --national-owners kemensos-pkh,…
  const argv = process.argv.slice(2);
  const provision = argv[0] === 'provision';
  const [level, ...more] = provision ? argv.slice(1) : argv;
  const code = level === 'national' || more[0]?.startsWith('--') ? undefined : more[0];
  const rest = code ? more.slice(1) : more;
  const opt = (/** @type {string} */ name) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const csv = (/** @type {string} */ name) => (opt(name) ?? '').split(',').filter(Boolean);
  if (!['kabkota', 'province', 'national'].includes(level ?? '')) {
    process.stderr.write('usage: links.mjs [provision] kabkota <62.71> | province <62> | national [options]\n');
    process.exit(2);
  }
  const self = level === 'national' ? 'national' : (code ?? '');
  if (provision) {
    const { connect } = await import('@nats-io/transport-node');
    const { jetstreamManager } = await import('@nats-io/jetstream');
    const env = process.env;
    const nc = await connect({
      servers: (env.NATS_URL ?? 'nats://127.0.0.1:4222').split(','),
      ...(env.NATS_USER
        ? { user: env.NATS_USER, pass: env.NATS_PASSWORD ?? '', inboxPrefix: inboxPrefix(env.NATS_USER) }
        : {}),
      ...(env.NATS_TLS_CA ? { tls: { caFile: env.NATS_TLS_CA } } : {}),
    });
    try {
      const o = {
        level: /** @type {'kabkota' | 'province' | 'national'} */ (level),
        ...(code ? { code } : {}),
        links: csv('--links'),
        nationalOwners: csv('--national-owners'),
        ...(env.NATS_OWNER_OUT_MAX_AGE_DAYS?.trim() ? { maxAgeDays: Number(env.NATS_OWNER_OUT_MAX_AGE_DAYS) } : {}),
      };
      await provisionLinks(await jetstreamManager(nc), o);
      process.stdout.write(
        `provisioned the link streams of ${level} ${self}: ${
          linkStreams(o)
            .map((s) => s.name)
            .join(', ') || 'none'
        }\n`,
      );
    } finally {
      await nc.close();
    }
  } else {
    const hub = opt('--hub');
    const listen = opt('--listen');
    process.stdout.write(
      [
        `# GENERATED by deploy/nats/links.mjs — ${level} ${self}.`,
        `# In the jetstream block: domain: ${jetstreamDomain(self)}`,
        leafnodesBlock({
          code: self,
          ...(hub ? { hubUrl: hub } : {}),
          ...(listen ? { listen } : {}),
          owners: csv('--owners'),
          tls: { ca: opt('--tls-ca'), cert: opt('--tls-cert'), key: opt('--tls-key') },
        }),
      ].join('\n'),
    );
  }
}
