import { isDatabaseUnavailable } from './unavailable.js';

describe('isDatabaseUnavailable', () => {
  it('recognises PostgreSQL out of reach, however the driver or TypeORM wraps it', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(isDatabaseUnavailable({ message: 'Query failed', driverError: refused })).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new Error('the database system is starting up'), { code: '57P03' })),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(
      isDatabaseUnavailable(new Error('outer', { cause: new Error('timeout exceeded when trying to connect') })),
    ).toBe(true);
    // TypeORM, once the connection under a transaction died (its ROLLBACK fails with this).
    class QueryRunnerAlreadyReleasedError extends Error {}
    expect(
      isDatabaseUnavailable(
        new QueryRunnerAlreadyReleasedError('Query runner already released. Cannot run queries anymore.'),
      ),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(Object.assign(new Error('x'), { name: 'QueryRunnerProviderAlreadyReleasedError' })),
    ).toBe(true);
  });

  it('leaves a request\u2019s own faults alone (they stay 4xx or 500)', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(Object.assign(new Error('syntax error'), { code: '42601' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('Cannot read properties of undefined'))).toBe(false);
    expect(isDatabaseUnavailable(undefined)).toBe(false);
    expect(isDatabaseUnavailable('ECONNREFUSED')).toBe(false);
  });
});
