import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query } from '@nestjs/common';
import { ApiOperation, ApiQuery, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, RolesOf } from '@slrt/auth';
import { RpcClient } from '@slrt/messaging';
import { ForwardsTo } from '../http/openapi.js';
import { forward } from '../http/forward.js';
import { asObject, withRoute, given } from '../http/http-input.js';

/**
 * Mass issues (referral): suggestions detected from open cases, groups staff confirmed or
 * dismissed, the grouped referral, and the owners' side of a group.
 */
@ApiTags('mass-issues')
@Controller('v1')
export class MassIssuesController {
  constructor(private readonly rpc: RpcClient) {}

  @Get('mass-issues')
  @RolesOf('slrt.rpc.referral.list-mass-issues.v1')
  @ApiOperation({
    operationId: 'listMassIssues',
    summary:
      'Masalah massal di wilayah kerja: saran (banyak pengaduan satu program di satu desa/kecamatan dalam satu periode) dan kelompok yang dikonfirmasi atau diabaikan, dengan ambangnya',
  })
  @ApiQuery({ name: 'status', required: false, enum: ['suggested', 'confirmed', 'dismissed'] })
  @ApiQuery({ name: 'regionCode', required: false })
  @ForwardsTo('slrt.rpc.referral.list-mass-issues.v1')
  list(@Query() q: Record<string, string>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.list-mass-issues.v1', given(q, ['status', 'regionCode']), { actor });
  }

  @Post('mass-issues')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.confirm-mass-issue.v1')
  @ApiOperation({
    operationId: 'confirmMassIssue',
    summary:
      'Mengonfirmasi saran masalah massal dengan kasus anggota yang dipilih (konfirmasi yang sama dua kali menghasilkan satu kelompok)',
  })
  @ForwardsTo('slrt.rpc.referral.confirm-mass-issue.v1')
  confirm(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.confirm-mass-issue.v1', asObject(body), { actor });
  }

  @Post('mass-issues/dismissals')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.dismiss-mass-issue.v1')
  @ApiOperation({
    operationId: 'dismissMassIssue',
    summary: 'Mengabaikan saran masalah massal (dengan alasan); kasusnya tidak disarankan lagi',
  })
  @ForwardsTo('slrt.rpc.referral.dismiss-mass-issue.v1')
  dismiss(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.dismiss-mass-issue.v1', asObject(body), { actor });
  }

  @Post('mass-issues/:id/members')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.change-mass-issue-members.v1')
  @ApiOperation({
    operationId: 'changeMassIssueMembers',
    summary: 'Menambah atau mengeluarkan kasus anggota masalah massal yang dikonfirmasi (expectedVersion)',
  })
  @ForwardsTo('slrt.rpc.referral.change-mass-issue-members.v1', { omit: ['massIssueId'] })
  members(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.change-mass-issue-members.v1', withRoute(body, { massIssueId: id }), {
      actor,
    });
  }

  @Post('mass-issues/:id/referral')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.refer-mass-issue.v1')
  @ApiOperation({
    operationId: 'referMassIssue',
    summary:
      'Rujukan berkelompok: mengirim kasus anggota yang sudah disetujui ke pengelola program dan satu pesan kelompok per pengelola program (aman diulang)',
  })
  @ForwardsTo('slrt.rpc.referral.refer-mass-issue.v1', { omit: ['massIssueId'] })
  refer(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.refer-mass-issue.v1', withRoute(body ?? {}, { massIssueId: id }), {
      actor,
    });
  }

  @Put('mass-issue-threshold')
  @RolesOf('slrt.rpc.referral.save-mass-issue-threshold.v1')
  @ApiOperation({
    operationId: 'saveMassIssueThreshold',
    summary:
      'Ambang deteksi masalah massal kabupaten/kota: jumlah pengaduan minimal, rentang hari, wilayah (desa atau kecamatan)',
  })
  @ForwardsTo('slrt.rpc.referral.save-mass-issue-threshold.v1')
  threshold(@Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.save-mass-issue-threshold.v1', asObject(body), { actor });
  }

  @Get('owner/referral-groups')
  @RolesOf('slrt.rpc.referral.list-owner-referral-groups.v1')
  @ApiOperation({
    operationId: 'listOwnerReferralGroups',
    summary: 'Kelompok rujukan (masalah massal) untuk pengelola program pemanggil: pola, jumlah, rujukan anggotanya',
  })
  @ApiQuery({ name: 'awaitingOnly', required: false, type: Boolean })
  @ForwardsTo('slrt.rpc.referral.list-owner-referral-groups.v1')
  ownerGroups(@Query('awaitingOnly') awaitingOnly: string | undefined, @CurrentActor() actor: Actor) {
    return this.rpc.request(
      'slrt.rpc.referral.list-owner-referral-groups.v1',
      { awaitingOnly: awaitingOnly === 'true' },
      { actor },
    );
  }

  @Post('owner/referral-groups/:id/responses')
  @HttpCode(200)
  @RolesOf('slrt.rpc.referral.respond-to-referral-group.v1')
  @ApiOperation({
    operationId: 'respondToReferralGroup',
    summary:
      'Satu jawaban untuk setiap rujukan anggota kelompok, masing-masing tepat sekali (idempoten per responseId)',
  })
  @ForwardsTo('slrt.rpc.referral.respond-to-referral-group.v1', { omit: ['groupId'] })
  respond(@Param('id', ParseUUIDPipe) id: string, @Body() body: Record<string, unknown>, @CurrentActor() actor: Actor) {
    return forward(this.rpc, 'slrt.rpc.referral.respond-to-referral-group.v1', withRoute(body, { groupId: id }), {
      actor,
    });
  }
}
