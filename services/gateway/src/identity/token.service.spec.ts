import { afterEach, describe, expect, it, jest } from '@jest/globals';
import type { Actor } from '@slrt/contracts';
import { GatewayEnv } from '../config/gateway.env.js';
import type { SessionState } from './session-state.js';
import { TokenService } from './token.service.js';

const SID = '0192f3a0-0000-7000-8000-000000000001';
const ACTOR = {
  kind: 'user',
  id: '0192f3a0-0000-7000-8000-0000000000aa',
  roles: ['FO'],
  regionScope: ['6271'],
} as Actor;

function service(live: () => Promise<boolean> = async () => true, ttlSeconds = 900) {
  const env = Object.assign(new GatewayEnv(), {
    JWT_SECRET: 'unit-secret-unit-secret-unit-secret-0123',
    KAB_KOTA_CODE: '6271',
    ACCESS_TOKEN_TTL_SECONDS: ttlSeconds,
  });
  const isLive = jest.fn((_sessionId: string) => live());
  return { tokens: new TokenService(env, { isLive } as unknown as SessionState), isLive };
}

describe('TokenService.verify (verified tokens remembered)', () => {
  afterEach(() => {
    jest.useRealTimers();
  });

  it('answers the same actor on a repeated token and asks for the session on every request', async () => {
    const { tokens, isLive } = service();
    const { accessToken } = await tokens.issue(ACTOR, SID);
    const first = await tokens.verify(accessToken);
    const second = await tokens.verify(accessToken);
    expect(first).toEqual(ACTOR);
    expect(second).toEqual(ACTOR);
    expect(second).not.toBe(first);
    expect(isLive).toHaveBeenCalledTimes(2);
    expect(isLive).toHaveBeenLastCalledWith(SID);
  });

  it('passes a failed session lookup on as an error (the database down is a 503 to retry, not a signed-out user)', async () => {
    const down = Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    const { tokens } = service(async () => {
      throw down;
    });
    const { accessToken } = await tokens.issue(ACTOR, SID);
    await expect(tokens.verify(accessToken)).rejects.toBe(down);
  });

  it('refuses a remembered token once its session is no longer live', async () => {
    let live = true;
    const { tokens } = service(async () => live);
    const { accessToken } = await tokens.issue(ACTOR, SID);
    expect(await tokens.verify(accessToken)).not.toBeNull();
    live = false;
    expect(await tokens.verify(accessToken)).toBeNull();
  });

  it('refuses a remembered token after its expiry', async () => {
    const { tokens } = service(async () => true, 60);
    const { accessToken } = await tokens.issue(ACTOR, SID);
    expect(await tokens.verify(accessToken)).not.toBeNull();
    jest.useFakeTimers({ now: Date.now() + 61_000, doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    expect(await tokens.verify(accessToken)).toBeNull();
  });

  it('refuses a token whose payload or signature was changed, also after the genuine one was remembered', async () => {
    const { tokens } = service();
    const { accessToken } = await tokens.issue(ACTOR, SID);
    expect(await tokens.verify(accessToken)).not.toBeNull();
    const [header, payload, signature] = accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['ADMIN'] })).toString('base64url');
    expect(await tokens.verify(`${header}.${forged}.${signature}`)).toBeNull();
    expect(await tokens.verify(`${header}.${payload}.${signature.slice(0, -2)}AA`)).toBeNull();
  });

  it('refuses a token signed with another key', async () => {
    const { tokens } = service();
    const other = new TokenService(
      Object.assign(new GatewayEnv(), {
        JWT_SECRET: 'other-secret-other-secret-other-secret-9',
        KAB_KOTA_CODE: '6271',
        ACCESS_TOKEN_TTL_SECONDS: 900,
      }),
      { isLive: async () => true } as unknown as SessionState,
    );
    const { accessToken } = await other.issue(ACTOR, SID);
    expect(await tokens.verify(accessToken)).toBeNull();
  });
});
