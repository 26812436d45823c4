import 'reflect-metadata';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { REFUSAL_REASONS, systemActor, type Actor } from '@slrt/contracts';
import {
  auditRole,
  inScope,
  mayReveal,
  revealRefusal,
  roleRefusal,
  scopeAllows,
  scopePatterns,
  scopeRefusal,
  scopeWithin,
} from './policy.js';
import { requireRegion, requireRole, requireReveal } from './refusals.js';

const user = (roles: Actor['roles'], regionScope: string[] = ['62.71.01']): Actor => ({
  kind: 'user',
  id: 'u-1',
  roles,
  regionScope,
});

describe('access policy', () => {
  it('grants a role only to a user holding it: not to an owner client or a service', () => {
    expect(roleRefusal(user(['FO']), ['FO', 'FS'])).toBeNull();
    expect(roleRefusal(user(['SPV']), ['FO', 'FS'])).toEqual({
      reason: 'ROLE_NOT_ALLOWED',
      detail: 'Peran Anda tidak berwenang melakukan tindakan ini.',
    });
    expect(roleRefusal({ ...user(['PO']), kind: 'owner-client' }, ['PO'])?.reason).toBe('ROLE_NOT_ALLOWED');
    expect(roleRefusal(systemActor('intake'), ['FO'])?.reason).toBe('ROLE_NOT_ALLOWED');
  });

  it('keeps region scope: a desa inside the kecamatan, nothing for an empty scope, everything for a service only through scopeAllows', () => {
    expect(inScope(user(['FO']), '62.71.01.1001')).toBe(true);
    expect(inScope(user(['FO']), '62.71.02.1001')).toBe(false);
    expect(inScope(user(['FO'], []), '62.71.01.1001')).toBe(false);
    expect(inScope(systemActor('referral'), '62.71.01.1001')).toBe(false);
    expect(scopeAllows(systemActor('referral'), '62.71.01.1001')).toBe(true);
    expect(scopeRefusal(user(['FO']), '62.71.02')?.reason).toBe('OUT_OF_SCOPE');
    expect(scopeWithin(['62.71.01.1001'], ['62.71.01'])).toBe(true);
    expect(scopeWithin(['62.71'], ['62.71.01'])).toBe(false);
    expect(scopePatterns(user(['FO'], ['62.71.01', '62.71.02.1001']))).toEqual([
      '62.71.01',
      '62.71.01.%',
      '62.71.02.1001',
      '62.71.02.1001.%',
    ]);
  });

  it('reveals full identifiers only to FO, FS and BO, and only when asked', () => {
    expect(mayReveal(user(['SPV']), false)).toBe(true);
    expect(mayReveal(user(['BO']), true)).toBe(true);
    expect(revealRefusal(user(['SPV', 'MJ']), true)?.reason).toBe('REVEAL_NOT_ALLOWED');
  });

  it('throws FORBIDDEN with the refusal reason for a request handler', () => {
    const thrown = (f: () => void) => {
      try {
        f();
      } catch (e) {
        return (e as { rpcError: unknown }).rpcError;
      }
      return null;
    };
    expect(thrown(() => requireRole(user(['FO']), ['ADMIN'], 'Hanya admin.'))).toEqual({
      code: 'FORBIDDEN',
      detail: 'Hanya admin.',
      reason: 'ROLE_NOT_ALLOWED',
    });
    expect(thrown(() => requireRegion(user(['FO']), '62.72'))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'OUT_OF_SCOPE',
    });
    expect(thrown(() => requireReveal(user(['MJ']), true))).toMatchObject({
      code: 'FORBIDDEN',
      reason: 'REVEAL_NOT_ALLOWED',
    });
    expect(thrown(() => requireRole(user(['ADMIN']), ['ADMIN']))).toBeNull();
    expect(auditRole(user(['BO', 'MJ']))).toBe('BO');
    expect(auditRole(systemActor('intake'))).toBeNull();
  });

  it('every FORBIDDEN a service sends names one of the contracts\u2019 refusal reasons', () => {
    const root = fileURLToPath(new URL('../../../services/', import.meta.url));
    const files: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = `${dir}${name}`;
        if (name === 'node_modules' || name === 'dist' || name === 'test') continue;
        if (statSync(path).isDirectory()) walk(`${path}/`);
        else if (/\.ts$/.test(name) && !/\.spec\.ts$/.test(name)) files.push(path);
      }
    };
    walk(root);
    const reasons = new Set<string>();
    for (const file of files) {
      for (const m of readFileSync(file, 'utf8').matchAll(
        /(?:DomainError|ProblemError)\((?:'FORBIDDEN'|403)[^;]*?reason: '([A-Z_]+)'/gs,
      ))
        reasons.add(m[1]!);
    }
    expect(reasons.size).toBeGreaterThan(5);
    expect([...reasons].filter((r) => !(REFUSAL_REASONS as readonly string[]).includes(r))).toEqual([]);
  });
});
