import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import { KPI_DIMENSIONS, MONTHLY_REPORT_FORMATS, XLSX_CONTENT_TYPE, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { FileResponse, ForwardsTo, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { given } from '../http/http-input.js';
import { sendFile } from '../http/http-output.js';

/**
 * KPIs, the programme owners' SLA board, the monthly SLRT activity report and a province's
 * roll-up of its kab/kota (reporting). Every
 * answer is limited to the caller's region scope by the reporting service and says how fresh its
 * data is (`freshness.dataUpTo`).
 */
@ApiTags('reporting')
@Controller('v1/reports')
export class ReportingController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('kpis')
  @RolesOf('slrt.rpc.reporting.get-kpis.v1')
  @ApiOperation({
    operationId: 'getKpis',
    summary:
      'Indikator kinerja pengaduan per wilayah, bulan, kanal, kategori, program atau pemilik program (waktu dalam hari kerja, median dan P90)',
  })
  @ApiQuery({ name: 'fromMonth', description: 'Bulan awal, TTTT-BB' })
  @ApiQuery({ name: 'toMonth', description: 'Bulan akhir, TTTT-BB' })
  @ApiQuery({ name: 'groupBy', enum: [...KPI_DIMENSIONS] })
  @OptionalQueries('regionCode', 'channel', 'category', 'programmeCode', 'ownerCode')
  @ForwardsTo('slrt.rpc.reporting.get-kpis.v1')
  kpis(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.reporting.get-kpis.v1',
      given(q, ['fromMonth', 'toMonth', 'groupBy', 'regionCode', 'channel', 'category', 'programmeCode', 'ownerCode']),
      { actor },
    );
  }

  @Get('owner-board')
  @RolesOf('slrt.rpc.reporting.get-owner-board.v1')
  @ApiOperation({
    operationId: 'getOwnerBoard',
    summary:
      'Papan tenggat pemilik program: rujukan terbuka, lewat tenggat, median waktu tanggapan, tingkat penerimaan, tren bulanan',
  })
  @ApiQuery({ name: 'fromMonth', description: 'Bulan awal, TTTT-BB' })
  @ApiQuery({ name: 'toMonth', description: 'Bulan akhir, TTTT-BB' })
  @ApiQuery({ name: 'regionCode', required: false })
  @ApiQuery({ name: 'ownerCode', required: false })
  @ForwardsTo('slrt.rpc.reporting.get-owner-board.v1')
  ownerBoard(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.reporting.get-owner-board.v1',
      given(q, ['fromMonth', 'toMonth', 'regionCode', 'ownerCode']),
      { actor },
    );
  }

  @Get('rollup')
  @RolesOf('slrt.rpc.reporting.get-rollup.v1')
  @ApiOperation({
    operationId: 'getRollup',
    summary:
      'Rekap bulanan provinsi: angka bulanan setiap kabupaten/kota dalam cakupan wilayah Anda dan jumlahnya (instans pelaporan provinsi)',
  })
  @ApiQuery({ name: 'month', description: 'Bulan, TTTT-BB' })
  @ApiQuery({
    name: 'regionCode',
    required: false,
    description: 'Provinsi atau kabupaten/kota di dalam cakupan wilayah Anda, mis. 62',
  })
  @ForwardsTo('slrt.rpc.reporting.get-rollup.v1')
  rollup(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.reporting.get-rollup.v1', given(q, ['month', 'regionCode']), { actor });
  }

  @Get('monthly')
  @RolesOf('slrt.rpc.reporting.get-monthly-report.v1')
  @ApiOperation({
    operationId: 'getMonthlyReport',
    summary:
      'Laporan kegiatan bulanan SLRT kabupaten/kota per kecamatan (XLSX atau PDF); unduhan ulang selalu berkas yang sama',
  })
  @ApiQuery({ name: 'month', description: 'Bulan yang sudah berakhir, TTTT-BB' })
  @ApiQuery({ name: 'kabKotaCode', description: 'mis. 62.71' })
  @ApiQuery({ name: 'format', enum: [...MONTHLY_REPORT_FORMATS] })
  @ForwardsTo('slrt.rpc.reporting.get-monthly-report.v1', { response: false })
  @FileResponse(XLSX_CONTENT_TYPE, 'application/pdf')
  async monthly(@Query() q: Record<string, string>, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const file = await forward(
      this.rpc,
      'slrt.rpc.reporting.get-monthly-report.v1',
      given(q, ['month', 'kabKotaCode', 'format']),
      { actor },
    );
    sendFile(reply, file, { contentType: file.contentType, disposition: 'attachment' });
  }
}
