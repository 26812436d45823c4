import { createHash } from 'node:crypto';
import { Controller, Module } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import {
  EXCHANGE_CHUNK_BYTES,
  type AddVerivaliChunkRequestV1,
  type AddVerivaliChunkResponseV1,
  type CandidateRankingExportV1,
  type ExportCandidateRankingRequestV1,
  type FileChunkV1,
  type GetCandidateRankingChunkRequestV1,
  type GetSiksExportChunkRequestV1,
} from '@slrt/contracts';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { GatewayTestApp } from './support/gateway-test-app.js';

const BATCH = '019a9c3e-9000-7000-8000-0000000000d1';
/** Two full chunks and a bit: the gateway must stream three chunk requests, in order. */
const FILE = Buffer.from(Array.from({ length: 2 * EXCHANGE_CHUNK_BYTES + 1000 }, (_, i) => 65 + (i % 26)));
const RANKING = Buffer.from('PERINGKAT,ID_KELUARGA\n1,H2\n2,H1\n');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const chunkOf = (file: Buffer, i: number, fileName: string, contentType: string): FileChunkV1 => ({
  fileName,
  contentType,
  size: file.length,
  sha256: sha(file),
  chunkIndex: i,
  chunkCount: Math.ceil(file.length / EXCHANGE_CHUNK_BYTES),
  contentBase64: file.subarray(i * EXCHANGE_CHUNK_BYTES, (i + 1) * EXCHANGE_CHUNK_BYTES).toString('base64'),
});

/** Stands in for the registry on the bus (the real exchange is proven in services/registry/test/siks.int-spec.ts). */
@Controller()
class SiksDouble {
  static chunks: Array<{ batchId: string; format: string; chunkIndex: number; actorId: string }> = [];
  static uploads = new Map<string, { fileName: string; format: string; parts: Buffer[]; actorId: string }>();
  @OnRequest('slrt.rpc.registry.get-siks-export-chunk.v1')
  chunk(@Payload() data: GetSiksExportChunkRequestV1, @Ctx() ctx: RpcRequestContext): FileChunkV1 {
    if (data.batchId !== BATCH)
      throw new DomainError('NOT_FOUND', 'Batch ekspor SIKS-NG tidak ditemukan di wilayah kerja Anda.', {
        reason: 'SIKS_EXPORT_NOT_FOUND',
      });
    SiksDouble.chunks.push({
      batchId: data.batchId,
      format: data.format,
      chunkIndex: data.chunkIndex,
      actorId: ctx.actor.id,
    });
    return chunkOf(FILE, data.chunkIndex, 'siks-prelist-62.71.01-2026-11-0000000000d1.csv', 'text/csv; charset=utf-8');
  }
  @OnRequest('slrt.rpc.registry.add-verivali-chunk.v1')
  verivali(@Payload() data: AddVerivaliChunkRequestV1, @Ctx() ctx: RpcRequestContext): AddVerivaliChunkResponseV1 {
    const u = SiksDouble.uploads.get(data.uploadId) ?? {
      fileName: data.fileName,
      format: data.format,
      parts: [],
      actorId: ctx.actor.id,
    };
    u.parts[data.chunkIndex] = Buffer.from(data.contentBase64, 'base64');
    SiksDouble.uploads.set(data.uploadId, u);
    const complete = data.chunkIndex === data.chunkCount - 1;
    const job = {
      jobId: '019a9c3e-9000-7000-8000-0000000000e1',
      fileName: data.fileName,
      sha256: sha(Buffer.concat(u.parts)),
      status: 'running' as const,
      lines: 0,
      applied: 0,
      unchanged: 0,
      refused: 0,
      invalid: 0,
      errors: [],
      error: null,
      startedBy: ctx.actor.id,
      startedAt: '2026-11-29T03:00:00.000Z',
      finishedAt: null,
    };
    return { uploadId: data.uploadId, received: data.chunkIndex + 1, complete, ...(complete ? { job } : {}) };
  }
  @OnRequest('slrt.rpc.registry.export-candidate-ranking.v1')
  exportRanking(@Payload() data: ExportCandidateRankingRequestV1): CandidateRankingExportV1 {
    return {
      exportId: '019a9c3e-9000-7000-8000-0000000000f5',
      fileName: `peringkat-calon-${data.regionCode}.csv`,
      contentType: 'text/csv; charset=utf-8',
      size: RANKING.length,
      sha256: sha(RANKING),
      rowCount: 2,
      chunkCount: 1,
      masked: true,
    };
  }
  @OnRequest('slrt.rpc.registry.get-candidate-ranking-chunk.v1')
  rankingChunk(@Payload() data: GetCandidateRankingChunkRequestV1): FileChunkV1 {
    return chunkOf(RANKING, data.chunkIndex, 'peringkat-calon-62.71.01.csv', 'text/csv; charset=utf-8');
  }
}
@Module({ controllers: [SiksDouble] })
class SiksDoubleModule {}

describe('gateway: SIKS-NG exchange and ranking endpoints', () => {
  let app: GatewayTestApp;
  let base: string;

  const call = async (
    method: string,
    path: string,
    opts: { token?: string; body?: Buffer | object; contentType?: string; headers?: Record<string, string> } = {},
  ) => {
    const raw = Buffer.isBuffer(opts.body);
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
        ...(opts.body !== undefined ? { 'content-type': opts.contentType ?? 'application/json' } : {}),
        ...(opts.headers ?? {}),
      },
      ...(opts.body !== undefined ? { body: raw ? (opts.body as Buffer) : JSON.stringify(opts.body) } : {}),
    });
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      bytes: Buffer.from(await res.arrayBuffer()),
    };
  };
  const token = (username: string) => app.token(username);

  beforeAll(async () => {
    app = await GatewayTestApp.start({
      schema: 'gwsiks',
      doubleSchema: 'gwsiksdouble',
      registryDouble: SiksDoubleModule,
    });
    base = app.base;
  }, 60_000);

  afterAll(() => app?.close());

  it('streams a batch file chunk by chunk with its name, size and sha256, as the caller', async () => {
    const res = await call('GET', `/v1/siks/exports/${BATCH}/file?format=csv`, { token: await token('demo.bo') });
    expect(res.status).toBe(200);
    expect(res.bytes.equals(FILE)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'text/csv; charset=utf-8',
      'content-length': String(FILE.length),
      'content-disposition': 'attachment; filename="siks-prelist-62.71.01-2026-11-0000000000d1.csv"',
      'x-content-sha256': sha(FILE),
      'cache-control': 'private, no-store',
    });
    expect(SiksDouble.chunks.map((x) => [x.format, x.chunkIndex])).toEqual([
      ['csv', 0],
      ['csv', 1],
      ['csv', 2],
    ]);
    expect(new Set(SiksDouble.chunks.map((x) => x.actorId)).size).toBe(1);
  });

  it('answers an unknown batch as problem+json in Bahasa Indonesia, and an unknown format as 400', async () => {
    const bo = await token('demo.bo');
    const missing = await call('GET', '/v1/siks/exports/019a9c3e-9000-7000-8000-0000000000d9/file?format=xlsx', {
      token: bo,
    });
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(JSON.parse(missing.bytes.toString())).toMatchObject({
      detail: 'Batch ekspor SIKS-NG tidak ditemukan di wilayah kerja Anda.',
    });
    expect((await call('GET', `/v1/siks/exports/${BATCH}/file?format=pdf`, { token: bo })).status).toBe(400);
  });

  it('uploads a verivali results file (CSV or XLSX by content type) in chunks and answers the job with 202', async () => {
    const csv = Buffer.from('ID_USULAN;STATUS\n019a9c3e-9000-7000-8000-0000000000c1;DITERIMA\n');
    const res = await call('POST', '/v1/siks/verivali-imports', {
      token: await token('demo.mj'),
      body: csv,
      contentType: 'text/csv',
      headers: { 'x-file-name': 'hasil%20verivali.csv' },
    });
    expect(res.status).toBe(202);
    expect(JSON.parse(res.bytes.toString())).toMatchObject({
      jobId: '019a9c3e-9000-7000-8000-0000000000e1',
      fileName: 'hasil verivali.csv',
      sha256: sha(csv),
      status: 'running',
    });
    const big = Buffer.alloc(EXCHANGE_CHUNK_BYTES + 10, 7);
    expect(
      (
        await call('POST', '/v1/siks/verivali-imports', {
          token: await token('demo.bo'),
          body: big,
          contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        })
      ).status,
    ).toBe(202);
    const uploads = [...SiksDouble.uploads.values()];
    expect(uploads.map((u) => [u.fileName, u.format, Buffer.concat(u.parts).length])).toEqual([
      ['hasil verivali.csv', 'csv', csv.length],
      ['hasil-verivali', 'xlsx', big.length],
    ]);
    expect(Buffer.concat(uploads[1]!.parts).equals(big)).toBe(true);
    expect(
      (
        await call('POST', '/v1/siks/verivali-imports', {
          token: await token('demo.fo'),
          body: csv,
          contentType: 'text/csv',
        })
      ).status,
    ).toBe(403);
  });

  it('streams the candidate ranking export', async () => {
    const res = await call('POST', '/v1/ranking/candidates/export', {
      token: await token('demo.mj'),
      body: { regionCode: '62.71.01', limit: 2, format: 'csv' },
    });
    expect(res.status).toBe(200);
    expect(res.bytes.toString()).toBe(RANKING.toString());
    expect(res.headers['content-disposition']).toBe('attachment; filename="peringkat-calon-62.71.01.csv"');
  });
});
