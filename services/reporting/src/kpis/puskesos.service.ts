import { Controller, Injectable } from '@nestjs/common';
import { Ctx, Payload } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import {
  PUSKESOS_REPORT_ROLES,
  type Actor,
  type GetPuskesosActivityRequestV1,
  type PuskesosActivityRowV1,
  type PuskesosActivityV1,
  type PuskesosFlag,
} from '@slrt/contracts';
import { childrenOf, findRegion, isWithinAnyRegion, regionLevel } from '@slrt/domain';
import { DomainError, OnRequest, RpcRequestContext } from '@slrt/messaging';
import { ReportingEnv } from '../config/reporting.env.js';
import { requireRole } from '@slrt/auth';
import { NOT_YOUR_REPORT, regionSql, regionsFor } from './access.js';
import { informedCounts } from './kpis.service.js';
import { ReadModelRepository, type MessageRow } from './read-model.repository.js';
import { monthStart } from './working-time.js';

const ENDED = ['resolved', 'closed', 'withdrawn', 'rejected-by-owner'];
/** At most this many desa in one answer (a whole province would be too many for one table). */
const MAX_DESA = 3000;

/** The desa/kelurahan (each with its Puskesos) inside the given region codes, with their kecamatan. */
export function desaOf(
  codes: readonly string[],
): Array<{ code: string; name: string; kecamatanCode: string; kecamatanName: string }> {
  const out = new Map<string, { code: string; name: string; kecamatanCode: string; kecamatanName: string }>();
  const addKecamatan = (kec: string) => {
    const kecName = findRegion(kec)?.name ?? kec;
    for (const d of childrenOf(kec))
      out.set(d.code, { code: d.code, name: d.name, kecamatanCode: kec, kecamatanName: kecName });
  };
  for (const code of codes) {
    const level = regionLevel(code);
    if (level === 'desa') {
      const kec = code.split('.').slice(0, 3).join('.');
      out.set(code, {
        code,
        name: findRegion(code)?.name ?? code,
        kecamatanCode: kec,
        kecamatanName: findRegion(kec)?.name ?? kec,
      });
    } else if (level === 'kecamatan') addKecamatan(code);
    else if (level === 'kabkota') for (const k of childrenOf(code)) addKecamatan(k.code);
    else if (level === 'provinsi')
      for (const kk of childrenOf(code)) for (const k of childrenOf(kk.code)) addKecamatan(k.code);
    if (out.size > MAX_DESA)
      throw new DomainError('VALIDATION_FAILED', 'Wilayah terlalu luas untuk satu tabel.', {
        fieldErrors: [{ field: 'kecamatanCode', messages: ['Pilih satu kecamatan.'] }],
      });
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}

/**
 * Monitoring of the Puskesos by the kab/kota with the kecamatan (seed 001): per desa/kelurahan in
 * the caller's scope, the month's complaints, the backlog at its start and end, cases open and
 * overdue now, closures, the last activity, and flags for a Puskesos with no activity in the
 * month or a growing backlog. From the read model only (no personal data).
 */
@Injectable()
export class PuskesosActivityService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: ReadModelRepository,
    private readonly env: ReportingEnv,
  ) {}

  async activity(req: GetPuskesosActivityRequestV1, actor: Actor, now = new Date()): Promise<PuskesosActivityV1> {
    requireRole(actor, PUSKESOS_REPORT_ROLES, NOT_YOUR_REPORT);
    if (req.kecamatanCode && !findRegion(req.kecamatanCode)) {
      throw new DomainError('VALIDATION_FAILED', 'Data yang dikirim belum benar.', {
        fieldErrors: [{ field: 'kecamatanCode', messages: ['Kecamatan tidak ada dalam daftar wilayah Kemendagri.'] }],
      });
    }
    const regions = regionsFor(actor, req.kecamatanCode);
    const tz = this.env.SLRT_TIME_ZONE;
    const from = monthStart(req.month, tz);
    const to = monthStart(req.month, tz, 1);
    if (from.getTime() > now.getTime()) {
      throw new DomainError('VALIDATION_FAILED', 'Data yang dikirim belum benar.', {
        fieldErrors: [{ field: 'month', messages: ['Bulan ini belum dimulai.'] }],
      });
    }
    const end = new Date(Math.min(to.getTime(), now.getTime()));
    const desa = desaOf(regions).filter((d) => isWithinAnyRegion(d.code, actor.regionScope));
    const m = this.dataSource.manager;
    const region = regionSql('desa_code', regions, 4);
    const complaints = (await m.query(
      `SELECT desa_code,
         count(*) FILTER (WHERE registered_at >= $1 AND registered_at < $2)::int AS received,
         count(*) FILTER (WHERE registered_at >= $1 AND registered_at < $2 AND channel = 'FASILITATOR_VISIT')::int AS by_fs,
         count(*) FILTER (WHERE registered_at < $1 AND (closed_at IS NULL OR closed_at >= $1))::int AS backlog_start,
         count(*) FILTER (WHERE registered_at < $3 AND (closed_at IS NULL OR closed_at >= $3))::int AS backlog_end,
         count(*) FILTER (WHERE closed_at >= $1 AND closed_at < $3)::int AS closed,
         max(GREATEST(CASE WHEN registered_at < $3 THEN registered_at END, CASE WHEN triaged_at < $3 THEN triaged_at END, CASE WHEN referred_at < $3 THEN referred_at END,
                      CASE WHEN answered_at < $3 THEN answered_at END, CASE WHEN closed_at < $3 THEN closed_at END)) AS last_at
       FROM rpt_complaint WHERE ${region.sql} GROUP BY desa_code`,
      [from, to, end, ...region.params],
    )) as Array<{
      desa_code: string;
      received: number;
      by_fs: number;
      backlog_start: number;
      backlog_end: number;
      closed: number;
      last_at: Date | null;
    }>;
    const caseRegion = regionSql('desa_code', regions, 4);
    const cases = (await m.query(
      `SELECT desa_code, count(*) FILTER (WHERE state <> ALL($1))::int AS open, count(*) FILTER (WHERE state <> ALL($1) AND due_at < $2)::int AS overdue,
         max(last_at) FILTER (WHERE last_at < $3) AS last_at
       FROM rpt_case WHERE ${caseRegion.sql} GROUP BY desa_code`,
      [ENDED, now, end, ...caseRegion.params],
    )) as Array<{ desa_code: string; open: number; overdue: number; last_at: Date | null }>;
    // Citizens informed per Puskesos: the outcomes notification published (delivered messages, FS visits done), counted as the KPIs count them.
    const messagesByDesa = new Map<string, MessageRow[]>();
    for (const row of await this.repo.messages(m, regions, from, end)) {
      const rows = messagesByDesa.get(row.desa_code);
      if (rows) rows.push(row);
      else messagesByDesa.set(row.desa_code, [row]);
    }
    const byDesa = new Map(complaints.map((c) => [c.desa_code, c]));
    const casesByDesa = new Map(cases.map((c) => [c.desa_code, c]));
    const rows: PuskesosActivityRowV1[] = desa.map((d) => {
      const c = byDesa.get(d.code);
      const k = casesByDesa.get(d.code);
      const last = [c?.last_at, k?.last_at].filter((x): x is Date => Boolean(x)).map((x) => new Date(x).getTime());
      const lastAt = last.length ? new Date(Math.max(...last)) : null;
      const informed = informedCounts(d.code, messagesByDesa.get(d.code) ?? []);
      const flags: PuskesosFlag[] = [];
      if (!lastAt || lastAt.getTime() < from.getTime()) flags.push('no-activity');
      if ((c?.backlog_end ?? 0) > (c?.backlog_start ?? 0)) flags.push('growing-backlog');
      return {
        desaCode: d.code,
        desaName: d.name,
        kecamatanCode: d.kecamatanCode,
        kecamatanName: d.kecamatanName,
        complaintsReceived: c?.received ?? 0,
        complaintsByFs: c?.by_fs ?? 0,
        backlogAtStart: c?.backlog_start ?? 0,
        backlogAtEnd: c?.backlog_end ?? 0,
        casesOpen: k?.open ?? 0,
        casesOverdue: k?.overdue ?? 0,
        complaintsClosed: c?.closed ?? 0,
        fsVisitsDone: informed.fsVisitsDone,
        messagesDelivered: informed.messagesDelivered,
        lastActivityAt: lastAt?.toISOString() ?? null,
        flags,
      };
    });
    return { month: req.month, rows, citizensInformedCounted: true, freshness: await this.repo.freshness(m, now) };
  }
}

/** `slrt.rpc.reporting.get-puskesos-activity.v1`. */
@Controller()
export class PuskesosActivityHandlers {
  constructor(private readonly puskesos: PuskesosActivityService) {}

  @OnRequest('slrt.rpc.reporting.get-puskesos-activity.v1')
  get(@Payload() data: GetPuskesosActivityRequestV1, @Ctx() ctx: RpcRequestContext) {
    return this.puskesos.activity(data, ctx.actor);
  }
}
