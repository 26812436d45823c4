import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateNik } from '@slrt/domain';
import { waitFor } from '@slrt/testing';
import { FullStack } from './support/full-stack.js';
import { gatewayHttp } from './support/gateway-http.js';
import { pahandutRegistration } from './support/registration-load.js';

/** A span as OTLP/JSON carries it, with the name of the service (resource) that sent it. */
interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/**
 * A stand-in OpenTelemetry collector: OTLP/HTTP with JSON bodies on `/v1/traces`, as an
 * OpenTelemetry Collector, Jaeger or Tempo receive them. Keeps every body as sent.
 */
async function startCollector() {
  const bodies: string[] = [];
  const headers: http.IncomingHttpHeaders[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        bodies.push(Buffer.concat(chunks).toString());
        headers.push(req.headers);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const spans = (): ExportedSpan[] =>
    bodies.flatMap((body) => {
      const doc = JSON.parse(body) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{
            spans: Array<
              Omit<ExportedSpan, 'service' | 'attributes'> & {
                attributes?: Array<{ key: string; value: Record<string, unknown> }>;
              }
            >;
          }>;
        }>;
      };
      return doc.resourceSpans.flatMap((rs) => {
        const service = rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '';
        return rs.scopeSpans.flatMap((ss) =>
          ss.spans.map((s) => ({
            ...s,
            service,
            attributes: Object.fromEntries((s.attributes ?? []).map((a) => [a.key, Object.values(a.value)[0]])),
          })),
        );
      });
    });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    headers,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Traces across the hops (issue 16, observability): with `OTEL_EXPORTER_OTLP_ENDPOINT` set, every
 * service exports its spans over OTLP, and one complaint registered over HTTP is one trace — the
 * client's — from the gateway's HTTP span through intake's request span to the registry's lookup
 * and the services that process intake's events, each span the child of the one that sent it.
 */
describe('e2e: traces across HTTP → NATS hops, exported over OTLP', () => {
  let stack: FullStack;
  let collector: Awaited<ReturnType<typeof startCollector>>;
  const { ok } = gatewayHttp(() => stack.base);

  beforeAll(async () => {
    collector = await startCollector();
    stack = await FullStack.start(
      'e2etrace',
      {},
      {
        allServices: {
          OTEL_EXPORTER_OTLP_ENDPOINT: `${collector.url}/`,
          OTEL_EXPORTER_OTLP_HEADERS: 'x-collector-key=rahasia%20uji',
        },
      },
    );
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
    await collector?.close();
  });

  it('makes one registration one trace: gateway → intake → registry and the event consumers, parent by parent, without personal data', async () => {
    const fo = (await ok('POST', '/v1/auth/login', null, { username: 'demo.fo', password: 'demo-password-123' }))
      .accessToken as string;
    const traceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const clientSpan = '00f067aa0ba902b7';
    const nik = generateNik({ regionCode: '62.71.01', birthDate: '1980-02-02', sex: 'F', serial: 4711 });
    const body = pahandutRegistration('Bantuan PKH tahap ketiga belum diterima (jejak).');
    const complaint = await ok(
      'POST',
      '/v1/complaints',
      fo,
      { ...body, subject: { ...body.subject, nik } },
      'application/json',
      {
        'idempotency-key': 'trace-e2e-1',
        traceparent: `00-${traceId}-${clientSpan}-01`,
      },
    );
    expect(complaint.complaintId).toEqual(expect.any(String));

    const inTrace = () => collector.spans().filter((s) => s.traceId === traceId);
    const one = (service: string, name: string) => inTrace().find((s) => s.service === service && s.name === name);
    await waitFor(
      () =>
        one('gateway', 'POST /v1/complaints') &&
        one('intake', 'slrt.rpc.intake.register-complaint.v1') &&
        one('registry', 'slrt.rpc.registry.lookup-nik.v1') &&
        one('referral', 'slrt.evt.intake.complaint.registry-checked.v1 process') &&
        one('reporting', 'slrt.evt.intake.complaint.registered.v1 process'),
      { timeoutMs: 30_000, message: 'the spans of the registration at the collector' },
    );
    const gateway = one('gateway', 'POST /v1/complaints')!;
    const intake = one('intake', 'slrt.rpc.intake.register-complaint.v1')!;
    const lookup = one('registry', 'slrt.rpc.registry.lookup-nik.v1')!;
    const caseOpening = one('referral', 'slrt.evt.intake.complaint.registry-checked.v1 process')!;
    const projection = one('reporting', 'slrt.evt.intake.complaint.registered.v1 process')!;

    // The client's span is the gateway's parent; each hop's span is the child of the span that sent it.
    expect(gateway.parentSpanId).toBe(clientSpan);
    expect(gateway).toMatchObject({
      kind: 2,
      attributes: { 'http.route': '/v1/complaints', 'http.response.status_code': 201 },
    });
    expect(intake).toMatchObject({ parentSpanId: gateway.spanId, kind: 2 });
    expect(lookup.parentSpanId).toBe(intake.spanId);
    // Events written in intake's transaction carry its span through the outbox and JetStream.
    expect(caseOpening).toMatchObject({ parentSpanId: intake.spanId, kind: 5 });
    expect(projection).toMatchObject({ parentSpanId: intake.spanId, kind: 5 });
    expect(caseOpening.attributes['messaging.consumer.group.name']).toBe('referral-complaint-checked');
    // Every span id is unique.
    const ids = inTrace().map((s) => s.spanId);
    expect(new Set(ids).size).toBe(ids.length);

    // Routes and subjects only: the NIK, the name and the address never reach the collector.
    const sent = collector.bodies.join('\n');
    for (const value of [nik, 'Warga Uji', 'Jl. Melati No. 7']) expect(sent).not.toContain(value);
    // The collector's headers are sent as configured (percent-decoded).
    expect(collector.headers[0]?.['x-collector-key']).toBe('rahasia uji');
  });
});
