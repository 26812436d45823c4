import 'reflect-metadata';
import { RPCS, type RpcSubject } from './catalog.js';
import { REFUSAL_REASONS, isRefusalReason, rpcAccessRefusal, type RpcAccess } from './envelope/access.js';
import { ROLES } from './envelope/roles.js';
import { SERVICES } from './subjects/grammar.js';
// The NATS server's allowances: which service may send which request (deploy/nats/generate.mjs, a
// script, not a workspace project; libs/testing reads it the same way).
// eslint-disable-next-line @nx/enforce-module-boundaries
import { RPC_CALLS } from '../../../deploy/nats/generate.mjs';

const access = Object.entries(RPCS) as Array<[RpcSubject, RpcAccess]>;

describe('access declared in the catalog', () => {
  it.each(access)(
    '%s declares who may call it: roles of people, or the services that ask as themselves',
    (_subject, spec) => {
      expect(Array.isArray(spec.roles)).toBe(true);
      for (const role of spec.roles) expect(ROLES).toContain(role);
      for (const service of spec.systems ?? []) expect(SERVICES).toContain(service);
      expect(spec.roles.length + (spec.systems?.length ?? 0) + (spec.public ? 1 : 0)).toBeGreaterThan(0);
      if (spec.public) expect(spec.systems).toEqual(['gateway']);
    },
  );

  it('lists as system callers exactly the services the NATS server lets send each request', () => {
    const allowed = new Set<string>();
    for (const [service, wires] of Object.entries(RPC_CALLS as Record<string, string[]>)) {
      if (service === 'gateway') continue; // the gateway may send every request (users' and public pages')
      for (const wire of wires) allowed.add(`${wire.slice(0, wire.lastIndexOf('.'))} ${service}`);
    }
    const declared = new Set(
      access.flatMap(([subject, spec]) =>
        (spec.systems ?? []).filter((s) => s !== 'gateway').map((s) => `${subject} ${s}`),
      ),
    );
    expect([...declared].sort()).toEqual([...allowed].sort());
  });

  it('refuses a person outside the roles, lets a holder, system callers and anyone on a public request through to the handler', () => {
    const spec: RpcAccess = { roles: ['FO', 'FS'] };
    expect(rpcAccessRefusal(spec, { kind: 'user', roles: ['FO'] })).toBeNull();
    expect(rpcAccessRefusal(spec, { kind: 'user', roles: ['ADMIN'] })).toBe('ROLE_NOT_ALLOWED');
    expect(rpcAccessRefusal(spec, { kind: 'owner-client', roles: ['PO'] })).toBe('ROLE_NOT_ALLOWED');
    expect(rpcAccessRefusal({ roles: [], systems: ['intake'] }, { kind: 'user', roles: [...ROLES] })).toBe(
      'ROLE_NOT_ALLOWED',
    );
    expect(rpcAccessRefusal({ roles: [], systems: ['intake'] }, { kind: 'system', roles: [] })).toBeNull();
    expect(rpcAccessRefusal({ roles: [], systems: ['gateway'], public: true }, { kind: 'user', roles: [] })).toBeNull();
  });

  it('has one code per refusal: the scope refusal is OUT_OF_SCOPE', () => {
    expect(new Set(REFUSAL_REASONS).size).toBe(REFUSAL_REASONS.length);
    expect(isRefusalReason('OUT_OF_SCOPE')).toBe(true);
    expect(isRefusalReason('SCOPE_NOT_ALLOWED')).toBe(false);
  });
});
