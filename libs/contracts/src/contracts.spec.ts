import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EVENTS, RPCS, type PayloadClass } from './catalog.js';
import { assertingService, callerMayAssert, systemActor, type Actor } from './envelope/actor.js';
import {
  EVENT_SUBJECT,
  OWNER_FEEDBACK_SUBJECT,
  OWNER_IN_SUBJECT,
  OWNER_OUT_SUBJECT,
  ROLLUP_SUBJECT,
  RPC_SUBJECT,
  declaredEventSubject,
  parseRpcWireSubject,
  parseSubject,
  rollupSubject,
  rpcWireSubject,
} from './subjects/grammar.js';
import { STREAMS, streamForSubject } from './subjects/streams.js';
import { validatePayload } from './validate.js';

const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const fixture = (rel: string): unknown => JSON.parse(readFileSync(`${fixturesDir}${rel}`, 'utf8'));

describe('contract catalogue', () => {
  it.each(Object.keys(EVENTS))(
    'event subject %s follows the grammar and is captured by exactly one stream',
    (subject) => {
      const ok =
        EVENT_SUBJECT.test(subject) ||
        OWNER_OUT_SUBJECT.test(subject) ||
        OWNER_IN_SUBJECT.test(subject) ||
        OWNER_FEEDBACK_SUBJECT.test(subject) ||
        ROLLUP_SUBJECT.test(subject);
      expect(ok).toBe(true);
      const captured = STREAMS.filter((s) => streamForSubject(subject)?.name === s.name);
      expect(captured).toHaveLength(1);
    },
  );

  it.each(Object.keys(RPCS))('request subject %s follows the grammar and no stream captures it', (subject) => {
    expect(RPC_SUBJECT.test(subject)).toBe(true);
    expect(streamForSubject(subject)).toBeUndefined();
  });

  it.each(Object.entries(EVENTS) as Array<[string, PayloadClass]>)(
    'golden fixture of %s validates against its class',
    (subject, cls) => {
      const result = validatePayload(cls, fixture(`events/${subject}.json`));
      expect(result).toMatchObject({ ok: true });
    },
  );

  it.each(Object.entries(RPCS) as Array<[string, { request: PayloadClass; response: PayloadClass }]>)(
    'golden fixtures of %s validate against request and response classes',
    (subject, pair) => {
      expect(validatePayload(pair.request, fixture(`rpc/${subject}.request.json`))).toMatchObject({ ok: true });
      expect(validatePayload(pair.response, fixture(`rpc/${subject}.response.json`))).toMatchObject({ ok: true });
    },
  );

  it('has a fixture for every declared subject and none for undeclared ones', () => {
    const events = readdirSync(`${fixturesDir}events`).map((f) => f.replace(/\.json$/, ''));
    expect(events.sort()).toEqual(Object.keys(EVENTS).sort());
    const rpc = readdirSync(`${fixturesDir}rpc`).map((f) => f.replace(/\.(request|response)\.json$/, ''));
    expect([...new Set(rpc)].sort()).toEqual(Object.keys(RPCS).sort());
  });

  it('no two streams capture the same subject space, and none captures requests', () => {
    const all = STREAMS.flatMap((s) => s.subjects);
    expect(new Set(all).size).toBe(all.length);
    expect(all.some((p) => p.startsWith('slrt.rpc'))).toBe(false);
  });
});

describe(validatePayload.name, () => {
  it('reports each bad field with its path, and rejects unknown fields', () => {
    const base = fixture('events/slrt.evt.intake.complaint.registered.v1.json') as Record<string, unknown>;
    const result = validatePayload(EVENTS['slrt.evt.intake.complaint.registered.v1'], {
      ...base,
      desaCode: '6271011001',
      category: 'other',
      extra: 1,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.map((e) => e.field).sort()).toEqual(['category', 'desaCode', 'extra']);
  });

  it('reports nested field paths', () => {
    const result = validatePayload(RPCS['slrt.rpc.registry.lookup-nik.v1'].request, {
      nik: '1234',
      purpose: { kind: 'x' },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.map((e) => e.field).sort()).toEqual(['nik', 'purpose.kind']);
  });

  it('rejects non-objects', () => {
    expect(validatePayload(EVENTS['slrt.evt.intake.complaint.withdrawn.v1'], [1])).toMatchObject({ ok: false });
    expect(validatePayload(EVENTS['slrt.evt.intake.complaint.withdrawn.v1'], 'x')).toMatchObject({ ok: false });
  });
});

describe(parseSubject.name, () => {
  it.each([
    [
      'slrt.evt.intake.complaint.registered.v1',
      { kind: 'event', owner: 'intake', name: 'complaint.registered', version: 1 },
    ],
    ['slrt.rpc.registry.lookup-nik.v12', { kind: 'rpc', owner: 'registry', name: 'lookup-nik', version: 12 }],
    [
      'slrt.owner.kemensos-pkh.referral.sent.v1',
      { kind: 'owner-out', owner: 'kemensos-pkh', name: 'sent', version: 1 },
    ],
    ['slrt.owner.*.response.accepted.v1', { kind: 'owner-in', owner: '*', name: 'accepted', version: 1 }],
    [
      'slrt.owner.kemensos-pkh.feedback.answer-refused.v1',
      { kind: 'owner-feedback', owner: 'kemensos-pkh', name: 'answer-refused', version: 1 },
    ],
    ['slrt.rollup.6271.monthly.v1', { kind: 'rollup', owner: '6271', name: 'monthly', version: 1 }],
    ['slrt.rollup.62.monthly.v1', { kind: 'rollup', owner: '62', name: 'monthly', version: 1 }],
    ['slrt.rollup.*.monthly.v1', { kind: 'rollup', owner: '*', name: 'monthly', version: 1 }],
  ])('parses %s', (subject, expected) => {
    expect(parseSubject(subject)).toEqual(expected);
  });

  it.each([
    'slrt.evt.unknownsvc.complaint.registered.v1',
    'slrt.evt.intake.Complaint.registered.v1',
    'slrt.evt.intake.complaint.registered',
    'slrt.evt.intake.complaint.registered.v0',
    'slrt.rpc.registry.lookup.v1',
    'slrt.rpc.registry.lookup-nik.v1.extra',
    'slrt.owner.kemensos_pkh.referral.sent.v1',
    'slrt.dlq.intake.x',
    'slrt.rollup.62.71.monthly.v1',
    'slrt.rollup.627.monthly.v1',
    'slrt.rollup.6271.monthly',
    'slrt.rollup.6271.Monthly.v1',
  ])('rejects %s', (subject) => {
    expect(parseSubject(subject)).toBeNull();
  });
});

describe(rollupSubject.name, () => {
  it('puts the kab/kota or province code without its dot in the subject, and declaredEventSubject takes it out again', () => {
    expect(rollupSubject('slrt.rollup.*.monthly.v1', '62.71')).toBe('slrt.rollup.6271.monthly.v1');
    expect(rollupSubject('slrt.rollup.*.monthly.v1', '62')).toBe('slrt.rollup.62.monthly.v1');
    expect(() => rollupSubject('slrt.rollup.*.monthly.v1', '62.71.01')).toThrow();
    expect(declaredEventSubject('slrt.rollup.6271.monthly.v1')).toBe('slrt.rollup.*.monthly.v1');
    expect(declaredEventSubject('slrt.owner.dinsos.response.accepted.v1')).toBe('slrt.owner.*.response.accepted.v1');
    expect(declaredEventSubject('slrt.evt.intake.complaint.registered.v1')).toBe(
      'slrt.evt.intake.complaint.registered.v1',
    );
    expect(streamForSubject('slrt.rollup.6271.monthly.v1')?.name).toBe('SLRT_ROLLUP');
  });
});

describe(rpcWireSubject.name, () => {
  it('appends the calling service to a declared request subject, and parses it back', () => {
    expect(rpcWireSubject('slrt.rpc.registry.lookup-nik.v1', 'intake')).toBe('slrt.rpc.registry.lookup-nik.v1.intake');
    expect(parseRpcWireSubject('slrt.rpc.registry.lookup-nik.v1.intake')).toEqual({
      declared: 'slrt.rpc.registry.lookup-nik.v1',
      caller: 'intake',
    });
  });

  it('refuses what is not a declared subject or not a service', () => {
    expect(() => rpcWireSubject('slrt.rpc.registry.lookup-nik.v1.intake', 'gateway')).toThrow();
    expect(() => rpcWireSubject('slrt.rpc.registry.lookup-nik.v1', 'kemensos-pkh' as never)).toThrow();
  });

  it.each([
    'slrt.rpc.registry.lookup-nik.v1',
    'slrt.rpc.registry.lookup-nik.v1.kemensos-pkh',
    'slrt.rpc.registry.lookup-nik.v1.intake.x',
    'slrt.evt.intake.complaint.registered.v1.intake',
    'intake',
  ])('does not parse %s as a wire subject', (subject) => {
    expect(parseRpcWireSubject(subject)).toBeNull();
  });
});

describe(callerMayAssert.name, () => {
  const user = {
    kind: 'user',
    id: '0190a1b2-0000-7000-8000-000000000001',
    roles: ['FO'],
    regionScope: ['62.71'],
  } as Actor;
  const client = {
    kind: 'owner-client',
    id: '0190a1b2-0000-7000-8000-000000000002',
    roles: [],
    regionScope: [],
    ownerCode: 'kemensos-pkh',
  } as Actor;

  it('lets the gateway assert users, owner clients and itself', () => {
    expect(callerMayAssert('gateway', user)).toBe(true);
    expect(callerMayAssert('gateway', client)).toBe(true);
    expect(callerMayAssert('gateway', systemActor('gateway'))).toBe(true);
  });

  it('lets another service assert only itself', () => {
    expect(callerMayAssert('registry', systemActor('registry'))).toBe(true);
    expect(callerMayAssert('intake', user)).toBe(false);
    expect(callerMayAssert('intake', client)).toBe(false);
    expect(callerMayAssert('intake', systemActor('registry'))).toBe(false);
    expect(callerMayAssert('gateway', systemActor('registry'))).toBe(false);
  });

  it('names the one service that may assert each actor', () => {
    expect(assertingService(user)).toBe('gateway');
    expect(assertingService(client)).toBe('gateway');
    expect(assertingService(systemActor('registry'))).toBe('registry');
    expect(assertingService({ kind: 'system', id: 'system:kemensos' })).toBeNull();
  });

  it('refuses a system actor dressed with roles, scope or an owner code', () => {
    expect(callerMayAssert('referral', { ...systemActor('referral'), roles: ['ADMIN'] })).toBe(false);
    expect(callerMayAssert('referral', { ...systemActor('referral'), regionScope: ['62.71'] })).toBe(false);
    expect(callerMayAssert('referral', { ...systemActor('referral'), ownerCode: 'kemensos-pkh' })).toBe(false);
  });
});
