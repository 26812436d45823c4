import { Controller } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import type { GetKpisRequestV1, GetMonthlyReportRequestV1, GetOwnerBoardRequestV1 } from '@slrt/contracts';
import { OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ReportsService } from '../reports/reports.service.js';
import { KpisService } from './kpis.service.js';

/** NATS request adapters of the reporting service: map, call, return. */
@Controller()
export class ReportingHandlers {
  constructor(
    private readonly kpis: KpisService,
    private readonly reports: ReportsService,
  ) {}

  @OnRequest('slrt.rpc.reporting.get-kpis.v1')
  getKpis(@Payload() data: GetKpisRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.kpis.kpis(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.reporting.get-owner-board.v1')
  getOwnerBoard(@Payload() data: GetOwnerBoardRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.kpis.ownerBoard(data, ctx.actor);
  }

  @OnRequest('slrt.rpc.reporting.get-monthly-report.v1')
  getMonthlyReport(@Payload() data: GetMonthlyReportRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.reports.get(data, ctx.actor);
  }
}
