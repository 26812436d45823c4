import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { STREAMS, streamForSubject, subjectMatches } from '@slrt/contracts';
import { SERVICE_DURABLES, streamSubjects } from '@slrt/messaging';
import { accountsConfig, ownerDurable } from '../generate.mjs';
import {
  jetstreamDomain,
  leafPermissions,
  leafUsers,
  leafnodesBlock,
  linkStreams,
  nationalAnswerSubject,
  nationalOutSubjects,
  nationalOwnerDurables,
  nationalOwnerUser,
  platformStreams,
  remoteDenies,
} from '../links.mjs';

const generator = fileURLToPath(new URL('../generate.mjs', import.meta.url));

/** nats-server's republish mapping: `{{wildcard(n)}}` is the n-th `*` of `src` in `subject`. */
function republish(src: string, dest: string, subject: string): string | null {
  if (!subjectMatches(src, subject)) return null;
  const s = subject.split('.');
  const wild = src.split('.').flatMap((t, i) => (t === '*' ? [s[i]!] : []));
  return dest.replace(/\{\{wildcard\((\d+)\)\}\}/g, (_, n: string) => wild[Number(n) - 1]!);
}

/** Two subject patterns can match one subject (nats-server refuses two streams whose subjects collide). */
function collide(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '>' || y[i] === '>') return i < x.length && i < y.length;
    if (x[i] === undefined || y[i] === undefined) return false;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}

describe('province and national links (deploy/nats/links.mjs)', () => {
  it('knows the platform\u2019s streams (read from streams.ts)', () => {
    expect(platformStreams()).toEqual(STREAMS.map((s) => s.name));
  });

  it('a kab/kota\u2019s link carries the JetStream API of its two link streams only, their deliveries and replies', () => {
    expect(leafPermissions(['62.71'])).toEqual({
      publish: [
        '$JS.national.API.CONSUMER.CREATE.SLRT_ANSWERS_6271',
        '$JS.national.API.CONSUMER.CREATE.SLRT_ANSWERS_6271.>',
        '$JS.FC.SLRT_ANSWERS_6271.>',
        'link.6271.out.>',
        '$JSC.R.>',
      ],
      subscribe: [
        '$JS.kk6271.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT',
        '$JS.kk6271.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT.>',
        'link.6271.in.>',
        '$JS.FC.SLRT_NATIONAL_OUT.>',
        '$JSC.R.>',
      ],
    });
  });

  it('never lets a platform subject, an inbox or a whole JetStream API cross, at any hub', () => {
    const users = [
      ...leafUsers({ level: 'province', links: ['62.71', '62.01'] }),
      ...leafUsers({ level: 'national', links: ['62.71', '62.01', '63.05'] }),
    ];
    for (const u of users)
      for (const s of [...u.publish, ...u.subscribe]) {
        expect(s).not.toMatch(/^(slrt\.|_INBOX|\$JS\.API\.|\$JS\.ACK\.|>|\*)/);
        expect(s).not.toMatch(/\.API\.(STREAM|DIRECT|ACCOUNT|META|SERVER|INFO)/);
        expect(s).not.toMatch(/\.API\.>$/);
      }
    expect(users.every((u) => u.connectionTypes.join() === 'LEAFNODE')).toBe(true);
  });

  it('a province hub has one leaf user per kab/kota; the national hub one per province, with only its kab/kota', () => {
    expect(leafUsers({ level: 'province', links: ['62.71', '62.01'] }).map((u) => u.user)).toEqual([
      'leaf-6271',
      'leaf-6201',
    ]);
    const national = leafUsers({ level: 'national', links: ['62.71', '63.05', '62.01'] });
    expect(national.map((u) => u.user)).toEqual(['leaf-62', 'leaf-63']);
    const all = (u: (typeof national)[number]) => [...u.publish, ...u.subscribe].join(' ');
    expect(all(national[0]!)).toMatch(/6271/);
    expect(all(national[0]!)).toMatch(/6201/);
    expect(all(national[0]!)).not.toMatch(/6305/);
    expect(all(national[1]!)).not.toMatch(/62(71|01)/);
  });

  it('the lower level denies its own platform subjects and JetStream API but SLRT_NATIONAL_OUT\u2019s consumer create', () => {
    const d = remoteDenies({ code: '62.71', owners: ['dinsos'] });
    for (const list of [d.denyExports, d.denyImports])
      expect(list).toEqual(
        expect.arrayContaining(['slrt.>', '_INBOX.>', '_INBOX_referral.>', '_INBOX_dinsos.>', '$JS.API.>']),
      );
    expect(d.denyImports).toEqual(
      expect.arrayContaining(['$JS.kk6271.API.STREAM.>', '$JS.kk6271.API.DIRECT.>', '$JS.kk6271.API.INFO']),
    );
    for (const s of [...STREAMS.map((x) => x.name), 'SLRT_NATIONAL_IN'])
      expect(d.denyImports).toEqual(
        expect.arrayContaining([`$JS.kk6271.API.CONSUMER.*.${s}`, `$JS.kk6271.API.CONSUMER.*.${s}.>`]),
      );
    const allowed = '$JS.kk6271.API.CONSUMER.CREATE.SLRT_NATIONAL_OUT';
    expect(
      d.denyImports.some((p) => subjectMatches(p, allowed) || subjectMatches(p, `${allowed}.x.slrt.owner.a.>`)),
    ).toBe(false);
    // A province hub has no link stream of its own: nothing of its JetStream is reachable.
    expect(remoteDenies({ code: '62' }).denyImports).toEqual(
      expect.arrayContaining(['$JS.prov62.API.CONSUMER.*.SLRT_NATIONAL_OUT']),
    );
  });

  it('writes the remote with the credentials from the environment unless given', () => {
    const block = leafnodesBlock({ code: '62.71', hubUrl: 'nats-leaf://prov62.example.go.id:7422' });
    expect(block).toContain('url: $NATS_LEAF_URL');
    expect(block).not.toContain('prov62.example.go.id');
    expect(leafnodesBlock({ code: '62.71', hubUrl: 'nats-leaf://h:7422', password: 'pSecret' })).toContain(
      '"nats-leaf://leaf-6271:pSecret@h:7422"',
    );
    expect(jetstreamDomain('62.71')).toBe('kk6271');
    expect(jetstreamDomain('62')).toBe('prov62');
    expect(jetstreamDomain('national')).toBe('national');
  });

  it('a kab/kota\u2019s national owners leave SLRT_OWNER_OUT for SLRT_NATIONAL_OUT, without a shared subject', () => {
    const owners = ['kemensos-pkh', 'dinsos', 'baznas'];
    const nationalOwners = ['kemensos-pkh'];
    const ownerOut = STREAMS.find((s) => s.name === 'SLRT_OWNER_OUT')!;
    const local = streamSubjects(ownerOut, { nationalOwners, localOwners: owners });
    expect(local).toEqual([
      'slrt.owner.dinsos.referral.>',
      'slrt.owner.dinsos.feedback.>',
      'slrt.owner.baznas.referral.>',
      'slrt.owner.baznas.feedback.>',
    ]);
    expect(streamSubjects(ownerOut, {})).toEqual([...ownerOut.subjects]);
    const [out, into] = linkStreams({ level: 'kabkota', code: '62.71', nationalOwners });
    expect(out!.subjects).toEqual(nationalOutSubjects(nationalOwners));
    // No two streams of the kab/kota share a subject.
    const all = [
      ...STREAMS.filter((s) => s.name !== 'SLRT_OWNER_OUT').flatMap((s) => s.subjects as readonly string[]),
      ...local,
      ...(out!.subjects as string[]),
      ...(into!.subjects as string[]),
    ];
    for (let i = 0; i < all.length; i++)
      for (let j = i + 1; j < all.length; j++)
        expect([all[i], all[j], collide(all[i]!, all[j]!)]).toEqual([all[i], all[j], false]);
  });

  it('an answer at the national hub becomes, at its own kab/kota only, the local answer referral consumes', () => {
    const [, into] = linkStreams({ level: 'kabkota', code: '62.71', nationalOwners: ['kemensos-pkh'] });
    const { src, dest } = into!.republish as { src: string; dest: string };
    expect(into!.sources).toEqual([
      { name: 'SLRT_ANSWERS_6271', external: { api: '$JS.national.API', deliver: 'link.6271.in' } },
    ]);
    const local = republish(src, dest, nationalAnswerSubject('62.71', 'kemensos-pkh', 'accepted'));
    expect(local).toBe('slrt.owner.kemensos-pkh.response.accepted.v1');
    expect(streamForSubject(local!)?.name).toBe('SLRT_OWNER_IN');
    expect(SERVICE_DURABLES.filter((d) => subjectMatches(d.subject, local!)).map((d) => d.durable)).toEqual([
      'referral-owner-accepted',
    ]);
    expect(republish(src, dest, nationalAnswerSubject('62.72', 'kemensos-pkh', 'accepted'))).toBeNull();
    // The national subject is in no platform stream (it never lands in SLRT_OWNER_IN unmapped).
    expect(streamForSubject(nationalAnswerSubject('62.71', 'kemensos-pkh', 'accepted'))).toBeUndefined();
  });

  it('the national hub sources every linked kab/kota through its domain and keeps one answers stream each', () => {
    const streams = linkStreams({ level: 'national', links: ['62.71', '63.05'], nationalOwners: ['kemensos-pkh'] });
    expect(streams.map((s) => s.name)).toEqual(['SLRT_NATIONAL_OUT', 'SLRT_ANSWERS_6271', 'SLRT_ANSWERS_6305']);
    expect(streams[0]!.sources).toEqual([
      { name: 'SLRT_NATIONAL_OUT', external: { api: '$JS.kk6271.API', deliver: 'link.6271.out' } },
      { name: 'SLRT_NATIONAL_OUT', external: { api: '$JS.kk6305.API', deliver: 'link.6305.out' } },
    ]);
    expect(streams[1]!.subjects).toEqual(['slrt.national.6271.>']);
    expect(linkStreams({ level: 'province', nationalOwners: ['kemensos-pkh'] })).toEqual([]);
  });

  it('a national owner reads its durables on SLRT_NATIONAL_OUT with its local settings and answers only as itself', () => {
    const local = ownerDurable('kemensos-pkh');
    for (const d of nationalOwnerDurables(['kemensos-pkh']))
      expect(d).toMatchObject({
        ack_wait: local.ackWaitMs * 1e6,
        max_deliver: local.maxDeliver,
        max_ack_pending: local.maxAckPending,
        deliver_policy: local.deliverPolicy,
        ack_policy: 'explicit',
      });
    const u = nationalOwnerUser('kemensos-pkh');
    expect(u.publish[0]).toBe('slrt.national.*.kemensos-pkh.response.>');
    expect(u.publish.slice(1).every((s) => s.includes('SLRT_NATIONAL_OUT.owner-kemensos-pkh'))).toBe(true);
    expect(u.subscribe).toEqual(['_INBOX_kemensos-pkh.>']);
  });

  it('generate.mjs writes a hub\u2019s leaf users and national owners, each user once', () => {
    const out = execFileSync(
      process.execPath,
      [generator, 'dinsos', 'kemensos-pkh', '--national-links', '62.71,63.05', '--national-owners', 'kemensos-pkh'],
      { encoding: 'utf8' },
    );
    expect(out.match(/user: "kemensos-pkh"/g)).toHaveLength(1);
    expect(out).toContain('"slrt.national.*.kemensos-pkh.response.>"');
    expect(out).toContain('{ user: "leaf-62", password: $NATS_LEAF_62_PASSWORD');
    expect(out).toContain('allowed_connection_types: ["LEAFNODE"]');
    expect(() => accountsConfig({ owners: ['dinsos'], extraUsers: [nationalOwnerUser('dinsos')] })).toThrow(
      /defined twice/,
    );
  });
});
