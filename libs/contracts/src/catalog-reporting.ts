import { MonthlyRollupV1 } from './events/reporting/monthly-rollup.v1.js';
import {
  GetKpisRequestV1,
  GetMonthlyReportRequestV1,
  GetOwnerBoardRequestV1,
  KPI_ROLES,
  KpisV1,
  MONTHLY_REPORT_ROLES,
  MonthlyReportFileV1,
  OwnerBoardV1,
  OWNER_BOARD_ROLES,
} from './rpc/reporting/reporting.v1.js';
import { GetRollupRequestV1, ROLLUP_ROLES, RollupV1 } from './rpc/reporting/rollup.v1.js';

/** Requests the reporting service answers (`slrt.rpc.reporting.…`). See catalog.ts. */
export const REPORTING_RPCS = {
  'slrt.rpc.reporting.get-kpis.v1': { request: GetKpisRequestV1, response: KpisV1, roles: KPI_ROLES },
  'slrt.rpc.reporting.get-owner-board.v1': {
    request: GetOwnerBoardRequestV1,
    response: OwnerBoardV1,
    roles: OWNER_BOARD_ROLES,
  },
  'slrt.rpc.reporting.get-monthly-report.v1': {
    request: GetMonthlyReportRequestV1,
    response: MonthlyReportFileV1,
    roles: MONTHLY_REPORT_ROLES,
  },
  /** A province's roll-up of its kab/kota for a month (issue 13; province mode). */
  'slrt.rpc.reporting.get-rollup.v1': { request: GetRollupRequestV1, response: RollupV1, roles: ROLLUP_ROLES },
} as const;

/**
 * Roll-up events (issue 13): a kab/kota's monthly aggregates to its province hub,
 * `slrt.rollup.<kab-kota>.…` (`*` is the kab/kota code without its dot on the wire, `rollupSubject`).
 */
export const REPORTING_EVENTS = {
  'slrt.rollup.*.monthly.v1': MonthlyRollupV1,
} as const;
