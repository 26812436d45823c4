import { Module } from '@nestjs/common';
import { connect } from 'node:net';
import { GatewayTestApp } from './support/gateway-test-app.js';

@Module({})
class NoDouble {}

/** What an answer looks like on the wire. */
interface Answer {
  status: number;
  contentType: string;
  body: string;
}

/** A request written byte for byte on a socket (fetch would normalise the URL or refuse the header). */
function raw(base: string, head: string): Promise<Answer> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(head));
    let data = '';
    socket.setEncoding('latin1');
    socket.on('data', (d) => (data += d));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const [headers = '', ...rest] = data.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(headers)?.[1] ?? 0);
      if (!status) return reject(new Error('no answer'));
      resolve({
        status,
        contentType: /content-type: ([^\r\n]+)/i.exec(headers)?.[1] ?? '',
        body: rest.join('\r\n\r\n'),
      });
    });
  });
}

const MARKER = 'zq<marker>';

describe('gateway edge: hostile input answers 4xx problem+json in Indonesian, never 5xx, never echoed', () => {
  let t: GatewayTestApp;
  let token: string;

  beforeAll(async () => {
    t = await GatewayTestApp.start({ schema: 'gwedge', doubleSchema: 'gwedgedbl', registryDouble: NoDouble });
    token = await t.token('demo.spv');
  }, 60_000);
  afterAll(async () => {
    await t?.close();
  });

  const send = async (
    method: string,
    path: string,
    opts: { body?: string; type?: string; auth?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer> => {
    const res = await fetch(`${t.base}${path}`, {
      method,
      headers: {
        ...(opts.type
          ? { 'content-type': opts.type }
          : opts.body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
        ...(opts.auth ? { authorization: `Bearer ${token}` } : {}),
        ...opts.headers,
      },
      ...(opts.body !== undefined ? { body: opts.body } : {}),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  };
  const expectProblem = (a: Answer, status: number, code?: string) => {
    expect(a.status).toBe(status);
    expect(a.contentType).toMatch(/^application\/problem\+json/);
    const p = JSON.parse(a.body);
    expect(p).toMatchObject({
      status,
      title: expect.any(String),
      detail: expect.any(String),
      ...(code ? { code } : {}),
    });
    expect(`${p.title} ${p.detail}`).toMatch(/\b(tidak|terlalu|permintaan|isi|alamat|header|data)\b/i);
    expect(a.body).not.toContain(MARKER);
    expect(a.body).not.toContain('zq%3Cmarker');
    return p;
  };

  it('refuses JSON nested 10,000 deep with 400 (no "Maximum call stack size exceeded")', async () => {
    const deep = `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`;
    const p = expectProblem(
      await send('POST', '/v1/auth/login', { body: `{"username":"demo.fo","password":"x","deep":${deep}}` }),
      400,
      'INVALID_INPUT',
    );
    expect(p.errors[0].messages[0]).toMatch(/terlalu dalam/);
    expectProblem(
      await send('POST', '/v1/cases/00000000-0000-7000-8000-000000000000/actions', {
        auth: true,
        body: `[${'['.repeat(10_000)}${']'.repeat(10_000)}]`,
      }),
      400,
      'INVALID_INPUT',
    );
  });

  it('refuses NUL and control characters in body strings, query values and path parameters with field errors', async () => {
    const login = expectProblem(
      await send('POST', '/v1/auth/login', {
        body: JSON.stringify({ username: `demo\u0000${MARKER}`, password: 'x' }),
      }),
      400,
      'INVALID_INPUT',
    );
    expect(login.errors).toEqual([
      { field: 'username', messages: ['Mengandung karakter kontrol yang tidak diizinkan.'] },
    ]);
    const q = expectProblem(
      await send('GET', `/v1/cases?queue=mine%00${encodeURIComponent(MARKER)}`, { auth: true }),
      400,
      'INVALID_INPUT',
    );
    expect(q.errors[0].field).toBe('query.queue');
  });

  it('parses page and pageSize strictly: 1e308, -0, NaN, 2^63 and 0x10 are 422, not "bigint: Infinity"', async () => {
    for (const page of ['1e308', '-0', 'NaN', '9223372036854775808', '0x10', '1.5', ' 1']) {
      const p = expectProblem(
        await send('GET', `/v1/cases?page=${encodeURIComponent(page)}`, { auth: true }),
        422,
        'VALIDATION_FAILED',
      );
      expect(p.errors).toEqual([{ field: 'page', messages: ['Harus bilangan bulat 1 sampai 1000000.'] }]);
    }
    expect(
      expectProblem(await send('GET', '/v1/holidays?year=1e308', { auth: true }), 422, 'VALIDATION_FAILED').errors,
    ).toEqual([{ field: 'year', messages: ['Harus bilangan bulat 2000 sampai 2100.'] }]);
    expect(expectProblem(await send('GET', '/v1/holidays', { auth: true }), 422, 'VALIDATION_FAILED').errors).toEqual([
      { field: 'year', messages: [expect.any(String)] },
    ]);
    // The deprecated alias (not in the OpenAPI document) parses the same way.
    expectProblem(await send('GET', '/v1/holidays/1e308', { auth: true }), 422, 'VALIDATION_FAILED');
  });

  it('keeps prototype keys harmless: /docs/__proto__ is 404, __proto__/constructor keys in JSON are 400', async () => {
    for (const name of ['__proto__', 'constructor', 'prototype', 'hasOwnProperty'])
      expectProblem(await send('GET', `/docs/${name}`), 404);
    for (const body of [
      '{"username":"a","password":"b","__proto__":{"x":1}}',
      '{"username":"a","password":"b","constructor":{"prototype":{"x":1}}}',
    ]) {
      expectProblem(await send('POST', '/v1/auth/login', { body }), 400, 'INVALID_INPUT');
    }
  });

  it('answers an empty current password as wrong (422), not as a 500 from the hasher', async () => {
    const p = expectProblem(
      await send('PUT', '/v1/me/password', {
        auth: true,
        body: JSON.stringify({ currentPassword: '', newPassword: 'kata-sandi-baru-yang-kuat-1' }),
      }),
      422,
    );
    expect(p.errors[0].field).toBe('currentPassword');
  });

  it('answers framework errors as problem+json without the URL: 404, 415, 413, bad percent-encoding, 414, 431', async () => {
    expectProblem(await send('GET', `/v1/${encodeURIComponent(MARKER)}`), 404, 'ROUTE_NOT_FOUND');
    expectProblem(await send('POST', '/v1/auth/login', { body: `username=${MARKER}`, type: 'text/plain' }), 415);
    expectProblem(
      await send('POST', '/v1/auth/login', { body: `username=${MARKER}`, type: 'application/x-www-form-urlencoded' }),
      415,
    );
    expectProblem(
      await send('POST', '/v1/auth/login', {
        body: JSON.stringify({ username: MARKER.repeat(400_000), password: 'x' }),
      }),
      413,
    );
    expectProblem(await send('POST', '/v1/auth/login', { body: `{"username":"${MARKER}",` }), 400);
    expectProblem(
      await raw(t.base, `GET /v1/cases/%E0%A4%A${MARKER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      400,
    );
    expectProblem(await send('GET', `/v1/cases/${'a'.repeat(300)}${encodeURIComponent(MARKER)}`, { auth: true }), 414);
    expectProblem(
      await raw(
        t.base,
        `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Big: ${MARKER}${'a'.repeat(20_000)}\r\nConnection: close\r\n\r\n`,
      ),
      431,
    );
    expectProblem(
      await raw(t.base, `GET /v1/${'a'.repeat(20_000)}${MARKER} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`),
      431,
    );
    expectProblem(
      await raw(t.base, `GET /v1/me HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0000${MARKER}\r\nConnection: close\r\n\r\n`),
      400,
    );
  });
});
