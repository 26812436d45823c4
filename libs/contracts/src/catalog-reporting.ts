import {
  GetKpisRequestV1,
  GetMonthlyReportRequestV1,
  GetOwnerBoardRequestV1,
  KpisV1,
  MonthlyReportFileV1,
  OwnerBoardV1,
} from './rpc/reporting/reporting.v1.js';

/** Requests the reporting service answers (`slrt.rpc.reporting.…`). See catalog.ts. */
export const REPORTING_RPCS = {
  'slrt.rpc.reporting.get-kpis.v1': { request: GetKpisRequestV1, response: KpisV1 },
  'slrt.rpc.reporting.get-owner-board.v1': { request: GetOwnerBoardRequestV1, response: OwnerBoardV1 },
  'slrt.rpc.reporting.get-monthly-report.v1': { request: GetMonthlyReportRequestV1, response: MonthlyReportFileV1 },
} as const;
