import { BaseServiceEnv } from './base.env.js';
import { DEVELOPMENT_IDENTIFIER_HASH_KEY, identifierHashKey, IsIdentifierHashKey } from './identifier-hash-key.js';
import { ConfigValidationError, loadConfig } from './load-config.js';

class HashingEnv extends BaseServiceEnv {
  @IsIdentifierHashKey() SLRT_IDENTIFIER_HASH_KEY?: string;
}

const base = { DATABASE_URL: 'postgres://u@h/db', NATS_URL: 'nats://127.0.0.1:4222' };
const KEY = 'k3y-of-a-deployment-0123456789-abcdef';

describe('SLRT_IDENTIFIER_HASH_KEY', () => {
  it('is required in production', () => {
    expect(() => loadConfig('test', HashingEnv, { ...base, NODE_ENV: 'production' })).toThrow(ConfigValidationError);
    expect(
      identifierHashKey(
        loadConfig('test', HashingEnv, { ...base, NODE_ENV: 'production', SLRT_IDENTIFIER_HASH_KEY: KEY }),
      ),
    ).toBe(KEY);
  });

  it('must be at least 32 characters wherever it is set', () => {
    for (const NODE_ENV of ['development', 'production']) {
      let caught: unknown;
      try {
        loadConfig('test', HashingEnv, { ...base, NODE_ENV, SLRT_IDENTIFIER_HASH_KEY: 'too-short' });
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(ConfigValidationError);
      expect((caught as ConfigValidationError).problems.map((p) => p.variable)).toEqual(['SLRT_IDENTIFIER_HASH_KEY']);
    }
  });

  it('falls back to the public development key outside production only', () => {
    expect(identifierHashKey(loadConfig('test', HashingEnv, base))).toBe(DEVELOPMENT_IDENTIFIER_HASH_KEY);
    expect(() => identifierHashKey({ NODE_ENV: 'production' })).toThrow('required in production');
  });
});
