import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { Test } from '@nestjs/testing';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { createLogger } from './logger.js';
import { RequestContext } from './request-context.js';
import { scrubText } from './redaction.js';
import { childTraceparent, parseTraceparent } from './trace-context.js';
import { Metrics } from './metrics.js';
import { registerHttpObservability, registerLiveRoute } from './http-observability.js';
import { HealthModule, READINESS_INDICATORS, type ReadinessIndicator } from './health.module.js';
import { createOpsServer, listenOps } from './ops-server.js';

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      cb();
    },
  });
  return { lines, stream };
}

const NIK = '6271015507900001';

describe(createLogger.name, () => {
  it('never writes a NIK, KK, name, phone or address, even when a whole person is logged', () => {
    const { lines, stream } = capture();
    const logger = createLogger('test', 'info', stream);
    const person = {
      nik: NIK,
      noKk: '6271010101200001',
      nama: 'Siti Aminah',
      phone: '+6281234567890',
      alamat: 'Jl. Mawar 1',
    };
    logger.info({ person, complaint: { subject: person, members: [person] } }, 'registered');
    logger.info(person, 'flat');
    logger.info(`message mentioning ${NIK} and 081234567890`);
    const out = lines.join('\n');
    expect(out).not.toContain(NIK);
    expect(out).not.toContain('6271010101200001');
    expect(out).not.toContain('Siti Aminah');
    expect(out).not.toContain('1234567890');
    expect(out).not.toContain('Mawar');
    expect(out).toContain('[REDACTED]');
  });

  it('never writes the row values a database error carries (detail, COPY context, query parameters)', () => {
    const { lines, stream } = capture();
    const logger = createLogger('registry', 'info', stream);
    const driverError = Object.assign(new Error('null value in column "desa_code" violates not-null constraint'), {
      code: '23502',
      column: 'desa_code',
      detail: 'Failing row contains (Siti Aminah, Jl. Mawar 1).',
      where: 'COPY snapshot_x, line 2: "Siti Aminah\tJl. Mawar 1"',
    });
    const err = Object.assign(new Error(driverError.message), {
      ...driverError,
      parameters: ['Siti Aminah'],
      driverError,
    });
    logger.error({ jobId: 'j1', err }, 'snapshot import failed');
    const out = lines.join('\n');
    expect(out).not.toContain('Siti Aminah');
    expect(out).not.toContain('Mawar');
    expect(JSON.parse(lines[0]!)).toMatchObject({
      jobId: 'j1',
      err: { code: '23502', column: 'desa_code', detail: '[REDACTED]', where: '[REDACTED]' },
    });
  });

  it('adds the request context to every line', () => {
    const { lines, stream } = capture();
    const logger = createLogger('intake', 'info', stream);
    RequestContext.run({ correlationId: 'corr-12345678', subject: 'slrt.evt.x.y.z.v1', eventId: 'e1' }, () =>
      logger.info('inside'),
    );
    logger.info('outside');
    const [inside, outside] = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(inside).toMatchObject({
      service: 'intake',
      correlationId: 'corr-12345678',
      subject: 'slrt.evt.x.y.z.v1',
      eventId: 'e1',
      msg: 'inside',
    });
    expect(outside).not.toHaveProperty('correlationId');
  });
});

describe(scrubText.name, () => {
  it('removes 16-digit numbers and Indonesian mobile numbers but keeps other numbers', () => {
    expect(scrubText(`NIK ${NIK}, HP +6281234567890, tahun 2026, no 6271-2611-000123`)).toBe(
      'NIK [REDACTED], HP [REDACTED], tahun 2026, no 6271-2611-000123',
    );
  });
});

describe('trace context', () => {
  it('keeps the trace id of a valid parent and makes a new span id', () => {
    const parent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const child = parseTraceparent(childTraceparent(parent));
    expect(child?.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    expect(child?.parentId).not.toBe('00f067aa0ba902b7');
  });

  it('starts a new trace for a missing or malformed parent', () => {
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeNull();
    expect(parseTraceparent('garbage')).toBeNull();
    expect(parseTraceparent(childTraceparent(undefined))).not.toBeNull();
  });
});

describe(Metrics.name, () => {
  it('returns the same metric for the same name and renders Prometheus text', async () => {
    const m = new Metrics('svc', { defaults: false });
    expect(m.counter('x_total', 'x')).toBe(m.counter('x_total', 'x'));
    m.counter('x_total', 'x').inc();
    const { body } = await m.render();
    expect(body).toContain('x_total{service="svc"} 1');
  });
});

describe(registerHttpObservability.name, () => {
  async function app() {
    const { lines, stream } = capture();
    const logger = createLogger('gw', 'debug', stream);
    const metrics = new Metrics('gw', { defaults: false });
    const f = Fastify();
    registerHttpObservability(f, { logger, metrics });
    f.get('/ctx', async () => ({ correlationId: RequestContext.current()?.correlationId }));
    f.get('/trace', async () => {
      const ctx = RequestContext.current()!;
      return { first: ctx.traceparent, again: ctx.traceparent };
    });
    registerLiveRoute(f);
    await f.listen({ port: 0, host: '127.0.0.1' });
    const address = f.server.address();
    const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    return { f, lines, metrics, base };
  }

  it('echoes an acceptable client request id and runs the handler in its context', async () => {
    const { f, base } = await app();
    const res = await fetch(`${base}/ctx`, { headers: { 'x-request-id': 'client-req-0001' } });
    expect(res.headers.get('x-request-id')).toBe('client-req-0001');
    expect(await res.json()).toEqual({ correlationId: 'client-req-0001' });
    await f.close();
  });

  it('replaces an unacceptable request id with a UUIDv7 and records the duration', async () => {
    const { f, metrics, base } = await app();
    const res = await fetch(`${base}/ctx`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await res.text();
    await f.close();
    expect((await metrics.render()).body).toContain(
      'http_request_duration_seconds_count{service="gw",method="GET",route="/ctx",status="200"} 1',
    );
  });

  it("continues the client's trace with one span id per request, made when first read", async () => {
    const { f, base } = await app();
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const traced = (await (await fetch(`${base}/trace`, { headers: { traceparent: parent } })).json()) as {
      first: string;
      again: string;
    };
    expect(traced.first).toBe(traced.again);
    expect(parseTraceparent(traced.first)).toMatchObject({ traceId: '0af7651916cd43dd8448eb211c80319c', flags: '01' });
    expect(parseTraceparent(traced.first)!.parentId).not.toBe('b7ad6b7169203331');
    const fresh = (await (await fetch(`${base}/trace`)).json()) as { first: string; again: string };
    expect(fresh.first).toBe(fresh.again);
    expect(parseTraceparent(fresh.first)).not.toBeNull();
    await f.close();
  });

  it('answers the liveness route with the request id echoed, but no histogram entry or log line', async () => {
    const { f, base, metrics, lines } = await app();
    const res = await fetch(`${base}/health/live`, { headers: { 'x-request-id': 'probe-req-0001' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(res.headers.get('x-request-id')).toBe('probe-req-0001');
    expect(await res.text()).toBe('{"status":"ok"}');
    expect((await fetch(`${base}/health/live`)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await f.close();
    expect((await metrics.render()).body).not.toContain('route="/health/live"');
    expect(lines.filter((l) => l.includes('/health/live'))).toEqual([]);
  });
});

@Injectable()
class FlakyIndicator implements ReadinessIndicator {
  static up = true;
  constructor(private readonly h: HealthIndicatorService) {}
  async check() {
    return FlakyIndicator.up
      ? this.h.check('db').up()
      : this.h.check('db').down({ message: 'cannot reach nats://10.1.2.3:4222' });
  }
}

describe(createOpsServer.name, () => {
  it('answers live regardless of dependencies, ready only when every indicator is up, and never says why (address, message) in the answer', async () => {
    const mod = await Test.createTestingModule({ imports: [HealthModule.forRoot([FlakyIndicator])] }).compile();
    await mod.init();
    const { lines, stream } = capture();
    const metrics = new Metrics('opsy', { defaults: false });
    metrics.counter('ops_test_total', 'test').inc();
    const ops = createOpsServer({
      metrics,
      logger: createLogger('opsy', 'info', stream),
      readiness: () => mod.get(READINESS_INDICATORS),
    });
    const port = await listenOps(ops, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    try {
      FlakyIndicator.up = false;
      const live = await fetch(`${base}/health/live`);
      expect([live.status, await live.json()]).toEqual([200, { status: 'ok' }]);
      const notReady = await fetch(`${base}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(await notReady.json()).toEqual({ status: 'error', checks: { db: 'down' } });
      expect(lines.join('\n')).toContain('nats://10.1.2.3:4222');
      FlakyIndicator.up = true;
      const ready = await fetch(`${base}/health/ready`);
      expect([ready.status, await ready.json()]).toEqual([200, { status: 'ok', checks: { db: 'up' } }]);
      expect(await (await fetch(`${base}/metrics`)).text()).toContain('ops_test_total{service="opsy"} 1');
    } finally {
      await ops.close();
      await mod.close();
    }
  });
});
