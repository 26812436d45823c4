import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, paged } from '../http/http-input.js';

/**
 * The supervisor check of Fasilitator submissions and the kab/kota's review chains (intake): thin
 * adapters from HTTP to intake's request subjects.
 */
@ApiTags('field-checks')
@Controller('v1/field')
export class FieldChecksController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('checks')
  @RolesOf('slrt.rpc.intake.list-field-checks.v1')
  @ApiOperation({
    operationId: 'listFieldChecks',
    summary: 'Antrean pemeriksaan kiriman FS (SPV: kecamatannya; FS: kirimannya sendiri), dengan halaman',
  })
  @ForwardsTo('slrt.rpc.intake.list-field-checks.v1')
  @ApiQuery({ name: 'state', required: false, enum: ['awaiting', 'returned', 'approved', 'merged'] })
  @OptionalQueries('regionCode', 'page', 'pageSize')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.list-field-checks.v1', paged(q), { actor });
  }

  @Get('checks/:complaintId')
  @RolesOf('slrt.rpc.intake.get-field-check.v1')
  @ApiOperation({
    operationId: 'getFieldCheck',
    summary: 'Satu kiriman FS dalam pemeriksaan supervisor: status, pertanyaan dan jawaban',
  })
  @ForwardsTo('slrt.rpc.intake.get-field-check.v1')
  get(@Param('complaintId', ParseUUIDPipe) complaintId: string, @CurrentActor() actor: Actor) {
    return this.rpc.request('slrt.rpc.intake.get-field-check.v1', { complaintId }, { actor });
  }

  @Post('checks/:complaintId')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.act-on-field-check.v1')
  @ApiOperation({
    operationId: 'actOnFieldCheck',
    summary:
      'Supervisor menyetujui, mengembalikan dengan pertanyaan, atau menggabungkan kiriman FS dengan pengaduan yang sama (versi)',
  })
  @ForwardsTo('slrt.rpc.intake.act-on-field-check.v1', { omit: ['complaintId'] })
  act(
    @Param('complaintId', ParseUUIDPipe) complaintId: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.intake.act-on-field-check.v1', withRoute(body, { complaintId }), { actor });
  }

  @Post('checks/:complaintId/answer')
  @HttpCode(200)
  @RolesOf('slrt.rpc.intake.answer-field-check.v1')
  @ApiOperation({
    operationId: 'answerFieldCheck',
    summary:
      'FS menjawab pertanyaan supervisor (boleh dengan data pengaduan yang diperbaiki); aman diulang dengan answerId yang sama',
  })
  @ForwardsTo('slrt.rpc.intake.answer-field-check.v1', { omit: ['complaintId'] })
  answer(
    @Param('complaintId', ParseUUIDPipe) complaintId: string,
    @Body() body: Record<string, unknown>,
    @CurrentActor() actor: Actor,
  ) {
    return forward(this.rpc, 'slrt.rpc.intake.answer-field-check.v1', withRoute(body, { complaintId }), { actor });
  }

  @Get('check-settings')
  @RolesOf('slrt.rpc.intake.get-field-check-settings.v1')
  @ApiOperation({
    operationId: 'getFieldCheckSettings',
    summary:
      'Pengaturan kabupaten/kota: pemeriksaan supervisor atas kiriman FS dan rantai penelaahan per titik layanan',
  })
  @ForwardsTo('slrt.rpc.intake.get-field-check-settings.v1')
  @ApiQuery({ name: 'includeHistory', required: false, enum: ['true', 'false'] })
  settings(@Query('includeHistory') includeHistory: string | undefined, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.intake.get-field-check-settings.v1',
      {
        ...(includeHistory === undefined
          ? {}
          : { includeHistory: includeHistory === 'true' ? true : includeHistory === 'false' ? false : includeHistory }),
      },
      { actor },
    );
  }

  @Put('check-settings')
  @RolesOf('slrt.rpc.intake.save-field-check-settings.v1')
  @ApiOperation({
    operationId: 'saveFieldCheckSettings',
    summary:
      'Menyimpan pengaturan pemeriksaan supervisor dan rantai penelaahan (versi; riwayat siapa, kapan, alasan, sebelum/sesudah)',
  })
  @ForwardsTo('slrt.rpc.intake.save-field-check-settings.v1')
  save(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.intake.save-field-check-settings.v1', asObject(body), { actor });
  }
}
