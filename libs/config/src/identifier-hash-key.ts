import { IsString, MinLength, ValidateIf } from 'class-validator';

/**
 * Key of development and test runs that set no `SLRT_IDENTIFIER_HASH_KEY` (the test harnesses).
 * Public, so never used in production: there the variable is required (see {@link IsIdentifierHashKey}).
 * `npm start` and `npm test` generate a real key into `.data/identifier-hash-key`.
 */
export const DEVELOPMENT_IDENTIFIER_HASH_KEY = 'slrt-development-identifier-hash-key-not-a-secret';

/** Environment of a service that hashes identifiers (NIK, No. KK) for audit or matching. */
export interface IdentifierHashKeyEnv {
  NODE_ENV: 'development' | 'test' | 'production';
  SLRT_IDENTIFIER_HASH_KEY?: string;
}

/**
 * Validation of `SLRT_IDENTIFIER_HASH_KEY`: required in production, at least 32 characters
 * (e.g. `openssl rand -base64 32`), the same value for every service of one deployment. Changing
 * it makes every stored identifier hash unmatchable (lookup audit filters by NIK, repeat-complaint
 * detection, statement re-issue): rotate only with a re-hash or accept that history.
 */
export function IsIdentifierHashKey(): PropertyDecorator {
  return (target, property) => {
    ValidateIf((o: IdentifierHashKeyEnv) => o.NODE_ENV === 'production' || o.SLRT_IDENTIFIER_HASH_KEY !== undefined)(
      target,
      property,
    );
    IsString({ message: 'is required in production (a generated secret of at least 32 characters)' })(target, property);
    MinLength(32, { message: 'must be at least 32 characters (a generated secret, e.g. openssl rand -base64 32)' })(
      target,
      property,
    );
  };
}

/** The key to hash identifiers with: the configured one, else (development/test only) the public development key. */
export function identifierHashKey(env: IdentifierHashKeyEnv): string {
  if (env.SLRT_IDENTIFIER_HASH_KEY) return env.SLRT_IDENTIFIER_HASH_KEY;
  if (env.NODE_ENV === 'production') throw new Error('SLRT_IDENTIFIER_HASH_KEY is required in production');
  return DEVELOPMENT_IDENTIFIER_HASH_KEY;
}
