import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook, verifyWebhookSignature } from './signature.js';
import { isPrivateAddress, webhookUrlProblem } from './url-policy.js';
import { webhookBackoffMs } from './webhook-dispatcher.js';
import { isRetryable } from './webhook-sender.js';

describe('webhook signature', () => {
  const secret = newWebhookSecret();
  const body = '{"id":"019a9c3e-7a10-7c3d-8e21-4f5a6b7c8d91","data":{}}';

  it('is t=<unix>,v1=<hex HMAC-SHA256 of "t.body"> and verifies only with the right secret, body and a fresh time', () => {
    const header = signWebhook(secret, body, 1_764_630_000);
    expect(header).toBe(`t=1764630000,v1=${createHmac('sha256', secret).update(`1764630000.${body}`).digest('hex')}`);
    expect(verifyWebhookSignature(secret, header, body, 1_764_630_010)).toBe(true);
    expect(verifyWebhookSignature(newWebhookSecret(), header, body, 1_764_630_010)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body.replace('{}', '{"x":1}'), 1_764_630_010)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 1_764_630_000 + 301)).toBe(false); // a replay later
    expect(verifyWebhookSignature(secret, 'v1=abc', body)).toBe(false);
  });
});

describe('webhook URL policy (SSRF)', () => {
  const strict = { allowPrivate: false, allowedHosts: [], requireHttps: true };
  it('refuses other schemes, credentials, plain http in production and private or loopback targets', () => {
    expect(webhookUrlProblem('https://pkh.kemensos.go.id/slrt', strict)).toBeNull();
    expect(webhookUrlProblem('file:///etc/passwd', strict)).toBe('Hanya URL http atau https.');
    expect(webhookUrlProblem('https://u:p@pkh.kemensos.go.id/', strict)).toMatch(/kata sandi/);
    expect(webhookUrlProblem('http://pkh.kemensos.go.id/', strict)).toBe('URL harus https.');
    for (const u of [
      'https://127.0.0.1/',
      'https://169.254.169.254/latest/meta-data',
      'https://10.1.2.3/',
      'https://[::1]/',
      'https://[::ffff:192.168.1.1]/',
      'https://localhost/',
      'https://100.64.0.1/',
    ]) {
      expect(webhookUrlProblem(u, strict)).toBe('Alamat jaringan lokal atau privat tidak diizinkan.');
    }
    expect(webhookUrlProblem('http://10.1.2.3/', { ...strict, allowedHosts: ['10.1.2.3'] })).toBeNull();
    expect(
      webhookUrlProblem('http://127.0.0.1:8080/', { ...strict, allowPrivate: true, requireHttps: false }),
    ).toBeNull();
    expect(isPrivateAddress('8.8.8.8')).toBe(false);
    expect(isPrivateAddress('2001:4860:4860::8888')).toBe(false);
    expect(isPrivateAddress('fd00::1')).toBe(true);
  });
});

describe('webhook retries', () => {
  it('retries network errors, timeouts, 408, 429 and 5xx only', () => {
    expect(isRetryable({ status: null, error: 'ECONNREFUSED: connect ECONNREFUSED' })).toBe(true);
    expect(isRetryable({ status: null, error: 'timeout after 10000 ms' })).toBe(true);
    expect(isRetryable({ status: null, error: 'EWEBHOOKPRIVATE: refused: x resolves to a private address' })).toBe(
      false,
    );
    expect([408, 429, 500, 503].map((s) => isRetryable({ status: s, error: null }))).toEqual([true, true, true, true]);
    expect([301, 400, 401, 404].map((s) => isRetryable({ status: s, error: null }))).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('backs off exponentially with ±20 % jitter, capped', () => {
    expect([1, 2, 3, 4].map((a) => webhookBackoffMs(a, 10_000, 3_600_000, () => 0.5))).toEqual([
      10_000, 20_000, 40_000, 80_000,
    ]);
    expect(webhookBackoffMs(30, 10_000, 3_600_000, () => 1)).toBe(3_600_000);
    expect(webhookBackoffMs(1, 10_000, 3_600_000, () => 0)).toBe(8000);
  });
});
