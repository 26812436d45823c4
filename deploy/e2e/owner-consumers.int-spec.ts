/* eslint-disable max-lines -- integration spec of owner-consumer examples against the real stack (production NATS permissions): its tests share one booted stack, which takes seconds to start */
// The owner-consumer examples (examples/owner-consumers/) run against the real stack: gateway,
// intake, registry and referral on one nats-server with production's accounts and permissions.
// A back office sends a referral; each example receives it, answers (accept, then resolve once
// the feedback says the accept was applied), and the case moves; a replayed referral is not
// answered twice and a re-sent answer is applied once. Each example is skipped, with the reason,
// only when its toolchain is absent (`.ci/run` installs Go and Debian's go-nats).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { connect } from '@nats-io/transport-node';
import { jetstream } from '@nats-io/jetstream';
import { waitFor } from '@slrt/testing';
import { signWebhook } from '../../services/referral/src/webhooks/signature.js';
import { FullStack } from './support/full-stack.js';
import { dtsenPersons, referredToPkh } from './support/referred-to-pkh.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const examples = join(root, 'examples/owner-consumers');
const OWNER = 'kemensos-pkh';

const has = (cmd: string, args: string[] = ['--version'], env: Record<string, string> = {}): boolean => {
  try {
    execFileSync(cmd, args, { stdio: 'ignore', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env } });
    return true;
  } catch {
    return false;
  }
};
const GOPATH = '/usr/share/gocode';
const goMissing = !has('go', ['version'])
  ? 'the go compiler (apt-get install golang-go)'
  : !existsSync(join(GOPATH, 'src/github.com/nats-io/nats.go'))
    ? "Debian's go-nats sources (apt-get install golang-github-nats-io-go-nats-dev)"
    : null;
const pythonMissing = has('python3') ? null : 'python3';
const curlMissing = !has('curl') ? 'curl' : !has('jq') ? 'jq' : !has('openssl', ['version']) ? 'openssl' : null;
const skipNote = (what: string, missing: string | null) => {
  if (missing) console.warn(`SKIPPED: the ${what} example needs ${missing}, which this machine lacks.`);
  return missing ? it.skip : it;
};

interface Line {
  event: string;
  [k: string]: unknown;
}

describe('owner-consumer examples against the real stack (production NATS permissions)', () => {
  let stack: FullStack;
  let work: string;
  let goBinary: string | null = null;
  const persons: Array<{ nik: string; name: string }> = [];

  // Logins are rate-limited per address (20 a minute): one token per demo user for the whole file.
  const tokens = new Map<string, Promise<string>>();
  const token = (user: string) => {
    if (!tokens.has(user)) tokens.set(user, stack.token(user));
    return tokens.get(user)!;
  };
  const api = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await fetch(`${stack.base}${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- loosely typed API answers in a test
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };

  /** FO registers a complaint of a person in DTSEN; SPV forwards, MJ approves, BO sends it to PKH. */
  const referToPkh = (i: number) => referredToPkh(stack.base, token, persons[i]!, `owner-example-${i}-${uuidv7()}`);
  const caseOf = async (caseId: string) => (await api('GET', `/v1/cases/${caseId}`, await token('demo.spv'))).json;

  /** Runs a command to its end; its stdout as JSON lines. */
  const run = (cmd: string, args: string[], env: Record<string, string>): Promise<Line[]> =>
    new Promise((resolve, reject) => {
      const child = spawn(cmd, args, {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let err = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (err += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.on('error', reject);
      child.on('close', (code) => {
        clearTimeout(timer);
        if (code !== 0) return reject(new Error(`${cmd} exited ${code}\n${err}\n${out}`));
        resolve(
          out
            .split('\n')
            .filter((l) => l.trim())
            .map((l) => JSON.parse(l) as Line),
        );
      });
    });
  const natsEnv = (state: string) => ({
    SLRT_NATS_URL: stack.nats.url,
    SLRT_OWNER_CODE: OWNER,
    SLRT_NATS_PASSWORD: stack.nats.credentials(OWNER).password!,
    SLRT_STATE_FILE: join(work, state),
  });

  /** Publishes a referral message again, as the referral service's relay would after its duplicate window (a replay). */
  const replay = async (referralId: string) => {
    const schema = stack.schemas.find((x) => x.schema.includes('oexrf'))!;
    const db = new pg.Client({ connectionString: schema.url, options: `-c search_path=${schema.schema}` });
    await db.connect();
    const {
      rows: [row],
    } = await db.query(`SELECT envelope FROM outbox WHERE subject = $1 AND envelope->'data'->>'referralId' = $2`, [
      `slrt.owner.${OWNER}.referral.sent.v1`,
      referralId,
    ]);
    await db.end();
    const svc = await connect(stack.nats.connectOptions('referral'));
    await jetstream(svc).publish(row.envelope.subject, JSON.stringify(row.envelope), { msgID: uuidv7() });
    await svc.close();
    return row.envelope.id as string;
  };

  /** The common proof for a NATS example: answered, the case resolved, then a replay answered by nobody. */
  const exerciseNatsExample = async (i: number, cmd: string, args: string[]) => {
    const { caseId, referralId } = await referToPkh(i);
    const lines = await run(cmd, args, natsEnv(`state-${i}.txt`));
    const mine = lines.filter((l) => l.referralId === referralId);
    expect(mine.map((l) => `${l.event}${l.answer ? `:${l.answer}` : ''}${l.outcome ? `:${l.outcome}` : ''}`)).toEqual([
      'received',
      'answered:accepted',
      'feedback:applied',
      'answered:resolved',
      'feedback:applied',
    ]);
    const done = await caseOf(caseId);
    expect(done.state).toBe('resolved');
    const history = done.history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['forward', 'approve', 'send', 'owner-accept', 'owner-resolve']);

    // A replay of the referral: the example recognises the message id and does not answer again.
    const messageId = await replay(referralId);
    const again = await run(cmd, args, natsEnv(`state-${i}.txt`));
    expect(again.filter((l) => l.id === messageId).map((l) => l.event)).toEqual(['duplicate']);
    expect(again.filter((l) => l.event === 'answered')).toEqual([]);
    // The same replay to an example that lost its records: it answers with the same (derived)
    // answer id, which the platform has already applied — nothing moves.
    await replay(referralId);
    const forgetful = await run(cmd, args, natsEnv(`state-${i}-lost.txt`));
    expect(forgetful.filter((l) => l.event === 'answered').map((l) => [l.answer, l.duplicate])).toEqual([
      ['accepted', true],
    ]);
    expect((await caseOf(caseId)).history.map((h: { action: string }) => h.action)).toEqual(history);
    return lines;
  };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'owner-examples-'));
    // Webhooks to a receiver on this machine (loopback: allowed here only), looked for often.
    stack = await FullStack.start(
      'oex',
      {},
      { referral: { REFERRAL_WEBHOOK_ALLOW_PRIVATE: '1', REFERRAL_WEBHOOK_POLL_MS: '200' } },
    );
    // The registry knows the people: a DTSEN snapshot imported as any other.
    persons.push(...(await dtsenPersons(stack, { count: 3, serial: 5100, fileName: 'owners.csv' })));
    if (!goMissing) {
      // Built once, in GOPATH mode against Debian's packaged nats.go (no module download).
      goBinary = join(work, 'slrt-owner-go');
      execFileSync('go', ['build', '-o', goBinary, '.'], {
        cwd: join(examples, 'go'),
        env: { PATH: process.env.PATH ?? '', HOME: work, GOPATH, GO111MODULE: 'off', GOCACHE: join(work, 'gocache') },
        stdio: 'pipe',
      });
    }
  }, 240_000);

  afterAll(async () => {
    await stack?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  skipNote('Go', goMissing)(
    'Go (Debian nats.go 1.22): binds to the durable, answers accept then resolve, reads feedback, dedupes replays',
    async () => {
      await exerciseNatsExample(0, goBinary!, ['-idle', '2s']);
    },
    120_000,
  );

  skipNote('Python', pythonMissing)(
    'Python (standard library only, raw NATS protocol): the same',
    async () => {
      await exerciseNatsExample(1, 'python3', [join(examples, 'python/slrt_owner_consumer.py'), '--idle', '2']);
    },
    120_000,
  );

  /**
   * A grouped referral (mass issue) as the referral service publishes it, after its members'
   * own referrals: the examples do not read groups, so they must ack it and answer nothing for it.
   */
  const publishGroup = async () => {
    const subject = `slrt.owner.${OWNER}.referral.group-sent.v1`;
    const envelope = {
      id: uuidv7(),
      subject,
      occurredAt: new Date().toISOString(),
      producer: 'referral',
      kabKotaCode: '62.71',
      correlationId: uuidv7(),
      causationId: null,
      actor: null,
      data: {
        groupId: uuidv7(),
        kabKotaCode: '62.71',
        ownerCode: OWNER,
        areaCode: '62.71.01.1001',
        programmeCode: 'PKH',
        category: 'non-kepesertaan',
        periodFrom: '2026-11-02',
        periodTo: '2026-11-09',
        title: 'PKH: 2 pengaduan dari desa/kelurahan Pahandut (62.71.01.1001), 2026-11-02 s.d. 2026-11-09',
        memberCount: 2,
        referralIds: [uuidv7(), uuidv7()],
        sentAt: new Date().toISOString(),
      },
    };
    const svc = await connect(stack.nats.connectOptions('referral'));
    await jetstream(svc).publish(subject, JSON.stringify(envelope), { msgID: envelope.id });
    await svc.close();
    return envelope.id;
  };
  const ignoresGroups = async (cmd: string, args: string[], state: string) => {
    const id = await publishGroup();
    const lines = await run(cmd, args, natsEnv(state));
    expect(lines.filter((l) => l.id === id).map((l) => l.event)).toEqual(['received']);
    expect(lines.filter((l) => l.event === 'answered')).toEqual([]);
    // Acked: a second run does not see it again.
    expect((await run(cmd, args, natsEnv(state))).filter((l) => l.id === id)).toEqual([]);
  };

  skipNote('Go', goMissing)(
    'Go: a grouped referral (mass issue) is acked and answered by nobody; members are answered one by one as before',
    async () => {
      await ignoresGroups(goBinary!, ['-idle', '2s'], 'state-go-groups.txt');
    },
    120_000,
  );

  skipNote('Python', pythonMissing)(
    'Python: a grouped referral (mass issue) is acked and answered by nobody',
    async () => {
      await ignoresGroups(
        'python3',
        [join(examples, 'python/slrt_owner_consumer.py'), '--idle', '2'],
        'state-py-groups.txt',
      );
    },
    120_000,
  );

  skipNote('curl', curlMissing)(
    'curl (HTTP only, owner API key) with a webhook: the signed POST verifies with openssl, lists, answers accept then resolve, repeats change nothing',
    async () => {
      // The ADMIN gives the owner a webhook (secret shown once); the receiver keeps each raw request.
      const received: Array<{ signature: string; id: string; body: string }> = [];
      const receiver = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          received.push({
            signature: String(req.headers['x-slrt-signature']),
            id: String(req.headers['x-slrt-message-id']),
            body: Buffer.concat(chunks).toString('utf8'),
          });
          res.writeHead(204).end();
        });
      });
      await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
      try {
        const admin = await token('demo.admin');
        const hook = await api('PUT', `/v1/owner-webhooks/${OWNER}`, admin, {
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slrt`,
          active: true,
        });
        expect(hook.status).toBe(200);
        const secret = hook.json.secret as string;
        expect((await api('GET', '/v1/owner-webhooks', admin)).json.items[0].secret).toBeUndefined();
        const { caseId, referralId } = await referToPkh(2);
        const post = await waitFor(
          () => received.find((r) => r.body.includes(referralId) && r.body.includes('.referral.sent.v1')),
          { timeoutMs: 20_000, message: 'webhook POST of the referral' },
        );
        writeFileSync(join(work, 'webhook.json'), post.body);
        expect(
          has('sh', [join(examples, 'curl/verify-webhook.sh'), post.signature, join(work, 'webhook.json')], {
            SLRT_WEBHOOK_SECRET: secret,
          }),
        ).toBe(true);
        expect(JSON.parse(post.body)).toMatchObject({
          id: post.id,
          subject: `slrt.owner.${OWNER}.referral.sent.v1`,
          data: { referralId },
        });
        await api('PUT', `/v1/owner-webhooks/${OWNER}`, admin, {
          url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/slrt`,
          active: false,
        });
        await runCurlExample(caseId, referralId, secret);
      } finally {
        receiver.closeAllConnections();
        await new Promise((r) => receiver.close(r));
      }
    },
    120_000,
  );

  const runCurlExample = async (caseId: string, referralId: string, realSecret: string) => {
    const key = (
      await api('POST', '/v1/api-keys', await token('demo.admin'), { ownerCode: OWNER, label: 'Contoh curl' })
    ).json;
    const script = join(examples, 'curl/slrt-owner-http.sh');
    const env = { SLRT_API: stack.base, SLRT_API_KEY: key.apiKey as string };
    const listed = await new Promise<string>((resolve, reject) => {
      const c = spawn('sh', [script, 'list'], { env: { PATH: process.env.PATH ?? '', ...env } });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`list exited ${code}`))));
    });
    expect(JSON.parse(listed).items.map((r: { referralId: string }) => r.referralId)).toContain(referralId);
    const lines = await run('sh', [script, 'work'], env);
    expect(lines.filter((l) => l.referralId === referralId).map((l) => [l.answer, l.status, l.repeated])).toEqual([
      ['accepted', 'accepted', false],
      ['resolved', 'resolved', false],
    ]);
    expect((await caseOf(caseId)).state).toBe('resolved');
    // Again (a retry after a timeout): the same responseIds, nothing applied twice.
    const again = await run(
      'sh',
      [
        '-c',
        `"${script}" answer ${referralId} resolved "Bantuan disalurkan ulang." | jq -c '{event: "answered", referralId, repeated}'`,
      ],
      env,
    );
    expect(again).toEqual([{ event: 'answered', referralId, repeated: true }]);
    expect(
      (await caseOf(caseId)).history.filter((h: { action: string }) => h.action.startsWith('owner-')),
    ).toHaveLength(2);

    // Webhook receivers: the shell verifier accepts the platform's signature and refuses a tampered body or an old one.
    const secret = 'whsec_example-secret-for-the-test-0123456789ab';
    const body = JSON.stringify({
      id: uuidv7(),
      subject: `slrt.owner.${OWNER}.referral.sent.v1`,
      data: { referralId },
    });
    writeFileSync(join(work, 'body.json'), body);
    writeFileSync(join(work, 'tampered.json'), body.replace(referralId, uuidv7()));
    const verify = (header: string, file: string) =>
      has('sh', [join(examples, 'curl/verify-webhook.sh'), header, join(work, file)], { SLRT_WEBHOOK_SECRET: secret });
    const now = Math.floor(Date.now() / 1000);
    expect(verify(signWebhook(secret, body, now), 'body.json')).toBe(true);
    expect(verify(signWebhook(secret, body, now), 'tampered.json')).toBe(false);
    expect(verify(signWebhook(secret, body, now - 3600), 'body.json')).toBe(false);
    expect(verify(signWebhook('whsec_another', body, now), 'body.json')).toBe(false);
    expect(realSecret).toMatch(/^whsec_/);
  };
});
