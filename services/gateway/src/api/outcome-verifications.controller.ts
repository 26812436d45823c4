import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import { OUTCOME_VERIFICATION_STATUSES, type Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo, OptionalQueries } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { withRoute, given, pageOf } from '../http/http-input.js';

/**
 * Issue 19: outcome verification after an owner's "resolved" (referral) and the monitoring of the
 * Puskesos by the kab/kota with the kecamatan (reporting). Region scope is enforced by the services.
 */
@ApiTags('outcome-verification')
@Controller('v1')
export class OutcomeVerificationsController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('outcome-verifications')
  @RolesOf('slrt.rpc.referral.list-outcome-verifications.v1')
  @ApiOperation({
    operationId: 'listOutcomeVerifications',
    summary:
      'Verifikasi hasil di wilayah kerja Anda: apakah manfaat yang dinyatakan selesai oleh pemilik program sudah diterima rumah tangga',
  })
  @ApiQuery({ name: 'status', required: false, enum: [...OUTCOME_VERIFICATION_STATUSES] })
  @OptionalQueries('ownerCode', 'receiptNumber', 'page', 'pageSize')
  @ForwardsTo('slrt.rpc.referral.list-outcome-verifications.v1')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(
      this.rpc,
      'slrt.rpc.referral.list-outcome-verifications.v1',
      { ...given(q, ['status', 'ownerCode', 'receiptNumber']), ...pageOf(q) },
      { actor },
    );
  }

  @Post('outcome-verifications/:id/answer')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.record-outcome-answer.v1')
  @ApiOperation({
    operationId: 'recordOutcomeAnswer',
    summary:
      'Mencatat jawaban rumah tangga (ya/tidak) yang diberikan di loket atau kepada FS; "tidak" membuka kembali kasus',
  })
  @ForwardsTo('slrt.rpc.referral.record-outcome-answer.v1', { omit: ['verificationId'] })
  record(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.record-outcome-answer.v1', withRoute(body, { verificationId: id }), {
      actor,
    });
  }

  @Get('reports/puskesos')
  @RolesOf('slrt.rpc.reporting.get-puskesos-activity.v1')
  @ApiOperation({
    operationId: 'getPuskesosActivity',
    summary:
      'Pemantauan Puskesos per desa/kelurahan: pengaduan bulan ini, tunggakan awal dan akhir bulan, kasus terbuka dan lewat tenggat, aktivitas terakhir, penanda',
  })
  @ApiQuery({ name: 'month', description: 'Bulan, TTTT-BB' })
  @ApiQuery({ name: 'kecamatanCode', required: false, description: 'mis. 62.71.01' })
  @ForwardsTo('slrt.rpc.reporting.get-puskesos-activity.v1')
  puskesos(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.reporting.get-puskesos-activity.v1', given(q, ['month', 'kecamatanCode']), {
      actor,
    });
  }
}
