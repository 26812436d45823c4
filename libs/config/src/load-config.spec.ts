import { IsInt, Min } from 'class-validator';
import { Type } from 'class-transformer';
import { BaseServiceEnv, opsPort, trustedProxies } from './base.env.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

class TestEnv extends BaseServiceEnv {
  @Type(() => Number)
  @IsInt({ message: 'must be a whole number' })
  @Min(1, { message: 'must be at least 1' })
  WORKERS = 2;
}

const good = { DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://127.0.0.1:4222' };

describe(loadConfig.name, () => {
  it('returns typed values with defaults applied and numbers converted', () => {
    const env = loadConfig('test', TestEnv, { ...good, WORKERS: '8', HTTP_PORT: '3000' });
    expect(env.WORKERS).toBe(8);
    expect(env.HTTP_PORT).toBe(3000);
    expect(env.LOG_LEVEL).toBe('info');
    expect(env.KAB_KOTA_CODE).toBe('62.71');
  });

  it('treats an empty variable as unset so the default applies', () => {
    expect(loadConfig('test', TestEnv, { ...good, LOG_LEVEL: '' }).LOG_LEVEL).toBe('info');
  });

  it('lists every bad variable in one error', () => {
    let caught: unknown;
    try {
      loadConfig('intake', TestEnv, { NATS_URL: 'http://x', WORKERS: 'zero', KAB_KOTA_CODE: '6271' });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ConfigValidationError);
    const err = caught as ConfigValidationError;
    expect(err.problems.map((p) => p.variable).sort()).toEqual([
      'DATABASE_URL',
      'KAB_KOTA_CODE',
      'NATS_URL',
      'WORKERS',
    ]);
    expect(err.message).toContain('Invalid environment for intake');
    expect(err.message).toContain('NATS_URL: must be one or more nats:// URLs');
  });

  it('trusts no proxy unless TRUST_PROXY lists addresses; the operations port follows HTTP_PORT unless set', () => {
    expect(trustedProxies(loadConfig('test', TestEnv, good))).toBe(false);
    expect(trustedProxies(loadConfig('test', TestEnv, { ...good, TRUST_PROXY: '' }))).toBe(false);
    expect(trustedProxies(loadConfig('test', TestEnv, { ...good, TRUST_PROXY: '10.0.0.5, 10.1.0.0/16,::1' }))).toEqual([
      '10.0.0.5',
      '10.1.0.0/16',
      '::1',
    ]);
    expect(() => loadConfig('test', TestEnv, { ...good, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY: must be IP addresses or CIDRs/,
    );
    expect(opsPort(loadConfig('test', TestEnv, { ...good, HTTP_PORT: '3002' }))).toBe(9102);
    expect(opsPort(loadConfig('test', TestEnv, good))).toBe(0);
    expect(opsPort(loadConfig('test', TestEnv, { ...good, HTTP_PORT: '3002', OPS_PORT: '0' }))).toBe(0);
    expect(loadConfig('test', TestEnv, good).OPS_HOST).toBe('127.0.0.1');
  });
});
