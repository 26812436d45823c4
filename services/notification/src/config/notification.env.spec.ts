import { BaseServiceEnv, SLRT_TIME_ZONES, loadConfig } from '@slrt/config';
import { INDONESIAN_TIME_ZONES } from '@slrt/domain';
import { NotificationEnv } from './notification.env.js';

const base = { DATABASE_URL: 'postgres://x@127.0.0.1/x', NATS_URL: 'nats://127.0.0.1:4222' };

describe('NotificationEnv time zone (one setting, SLRT_TIME_ZONE, as registry and the gateway)', () => {
  it('accepts the Indonesian zones registry accepts, Asia/Jakarta by default', () => {
    expect(loadConfig('notification', NotificationEnv, base).SLRT_TIME_ZONE).toBe('Asia/Jakarta');
    for (const zone of ['Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura']) {
      expect(loadConfig('notification', NotificationEnv, { ...base, SLRT_TIME_ZONE: zone }).SLRT_TIME_ZONE).toBe(zone);
    }
  });

  it('is declared once, for every service (BaseServiceEnv), with the same zones the contracts accept', () => {
    expect([...SLRT_TIME_ZONES]).toEqual([...INDONESIAN_TIME_ZONES]);
    expect(loadConfig('any', BaseServiceEnv, { ...base, SLRT_TIME_ZONE: 'Asia/Makassar' }).SLRT_TIME_ZONE).toBe(
      'Asia/Makassar',
    );
    expect(() => loadConfig('any', BaseServiceEnv, { ...base, SLRT_TIME_ZONE: 'UTC' })).toThrow(/SLRT_TIME_ZONE/);
  });

  it('refuses a zone outside Indonesia, and NOTIFY_TIME_ZONE no longer exists', () => {
    expect(() => loadConfig('notification', NotificationEnv, { ...base, SLRT_TIME_ZONE: 'Europe/Berlin' })).toThrow(
      /SLRT_TIME_ZONE/,
    );
    expect(Object.keys(new NotificationEnv())).not.toContain('NOTIFY_TIME_ZONE');
  });
});
