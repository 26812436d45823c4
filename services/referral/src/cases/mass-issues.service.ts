/* eslint-disable max-lines -- mass-issue detection and the staff decisions on it (confirm, dismiss, members, thresholds): one workflow */
import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { v7 as uuidv7 } from 'uuid';
import type {
  Actor,
  ChangeMassIssueMembersRequestV1,
  ConfirmMassIssueRequestV1,
  DismissMassIssueRequestV1,
  ListMassIssuesRequestV1,
  ListMassIssuesResponseV1,
  MassIssueThresholdV1,
  MassIssueViewV1,
  SaveMassIssueThresholdRequestV1,
} from '@slrt/contracts';
import { findRegion, isWithinAnyRegion, isWithinRegion } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { LOGGER, type Logger } from '@slrt/observability';
import { requireRole } from '@slrt/auth';
import { ReferralEnv } from '../config/referral.env.js';
import { MassIssuesRepository, type MassIssueRow, type MemberRow } from './mass-issues.repository.js';
import { RPCS } from '@slrt/contracts';

/** Thresholds until an ADMIN saves the kab/kota's own. */
export const DEFAULT_THRESHOLD = { minComplaints: 5, windowDays: 14, area: 'desa' as const };
const DECIDERS = ['SPV', 'MJ', 'BO'];
const READERS = RPCS['slrt.rpc.referral.list-mass-issues.v1'].roles;
const ENDED = ['resolved', 'closed', 'withdrawn', 'rejected-by-owner'];

export const invalid = (field: string, message: string, detail = 'Data yang dikirim belum benar.') =>
  new DomainError('VALIDATION_FAILED', detail, { fieldErrors: [{ field, messages: [message] }] });
export const NOT_FOUND = () =>
  new DomainError('NOT_FOUND', 'Masalah massal tidak ditemukan di wilayah kerja Anda.', {
    reason: 'MASS_ISSUE_NOT_FOUND',
  });

/**
 * Mass issues: many complaints about one programme in one desa (or kecamatan) in one period —
 * e.g. a missed PKH disbursement. Referral detects them from its own open cases (ids, codes and
 * dates only), staff confirm a suggestion with the cases they choose (or dismiss it), and the back
 * office refers the group (mass-issue-referral.service.ts): each member case is sent as usual and each owner gets one group message
 * listing its member referrals, which it may answer once for all (`mass-issue-answers.ts`).
 */
@Injectable()
export class MassIssuesService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repo: MassIssuesRepository,
    private readonly env: ReferralEnv,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  private role(actor: Actor, roles: readonly string[]): string {
    const role = actor.kind === 'user' ? actor.roles.find((r) => roles.includes(r)) : undefined;
    if (!role)
      throw new DomainError('FORBIDDEN', 'Peran Anda tidak berwenang untuk masalah massal.', {
        reason: 'ROLE_NOT_ALLOWED',
      });
    if (!actor.regionScope.length)
      throw new DomainError('FORBIDDEN', 'Anda tidak memiliki cakupan wilayah.', { reason: 'NO_REGION_SCOPE' });
    return role;
  }

  private async thresholdOf(m: EntityManager): Promise<MassIssueThresholdV1> {
    const t = await this.repo.threshold(m, this.env.KAB_KOTA_CODE);
    return t
      ? {
          kabKotaCode: this.env.KAB_KOTA_CODE,
          minComplaints: t.min_complaints,
          windowDays: t.window_days,
          area: t.area,
          updatedBy: t.updated_by,
          updatedAt: new Date(t.updated_at).toISOString(),
        }
      : { kabKotaCode: this.env.KAB_KOTA_CODE, ...DEFAULT_THRESHOLD, updatedBy: 'default' };
  }

  /** ADMIN whose scope covers the whole kab/kota. */
  async saveThreshold(req: SaveMassIssueThresholdRequestV1, actor: Actor): Promise<MassIssueThresholdV1> {
    requireRole(actor, ['ADMIN'], 'Hanya admin yang dapat mengubah ambang masalah massal.');
    if (!isWithinAnyRegion(this.env.KAB_KOTA_CODE, actor.regionScope))
      throw new DomainError('FORBIDDEN', 'Ambang berlaku untuk seluruh kabupaten/kota: perlu admin kabupaten/kota.', {
        reason: 'KAB_KOTA_ADMIN_REQUIRED',
      });
    return this.dataSource.transaction(async (m) => {
      await this.repo.saveThreshold(m, this.env.KAB_KOTA_CODE, req, actor.id);
      this.logger.info({ actorId: actor.id, ...req }, 'mass-issue threshold saved');
      return this.thresholdOf(m);
    });
  }

  async list(req: ListMassIssuesRequestV1, actor: Actor, now = new Date()): Promise<ListMassIssuesResponseV1> {
    this.role(actor, READERS);
    const scope = this.scopeFor(actor, req.regionCode);
    const m = this.dataSource.manager;
    const threshold = await this.thresholdOf(m);
    const items: MassIssueViewV1[] = [];
    if (!req.status || req.status === 'suggested') {
      const rows = await this.repo.suggestions(
        m,
        scope,
        { min: threshold.minComplaints, windowDays: threshold.windowDays, area: threshold.area },
        now,
      );
      for (const s of rows) {
        const members = await this.repo.cases(m, s.case_ids, this.env.SLRT_TIME_ZONE);
        items.push(
          this.view(null, {
            status: 'suggested',
            areaCode: s.area_code,
            programmeCode: s.programme_code,
            category: s.category,
            members,
            referredTo: [],
          }),
        );
      }
    }
    if (req.status !== 'suggested') {
      for (const g of await this.repo.groups(m, scope, req.status)) {
        const members = (await this.repo.members(m, g.id, this.env.SLRT_TIME_ZONE)).filter((c) =>
          isWithinAnyRegion(c.desa_code, scope),
        );
        items.push(this.view(g, { members, referredTo: await this.repo.announcedOwners(m, g.id) }));
      }
    }
    return { threshold, items };
  }

  /** The caller's scope, narrowed to `regionCode` (refused outside it). */
  private scopeFor(actor: Actor, regionCode: string | undefined): string[] {
    if (!regionCode) return [...actor.regionScope];
    if (isWithinAnyRegion(regionCode, actor.regionScope)) return [regionCode];
    const inside = actor.regionScope.filter((s) => isWithinRegion(s, regionCode));
    if (inside.length) return inside;
    throw new DomainError('FORBIDDEN', 'Wilayah ini di luar cakupan wilayah Anda.', { reason: 'OUT_OF_SCOPE' });
  }

  private view(
    g: MassIssueRow | null,
    o: {
      status?: MassIssueViewV1['status'];
      areaCode?: string;
      programmeCode?: string;
      category?: MassIssueViewV1['category'];
      members: MemberRow[];
      referredTo: string[];
    },
  ): MassIssueViewV1 {
    const areaCode = g?.area_code ?? o.areaCode!;
    const areaLevel = areaCode.length > 8 ? 'desa' : 'kecamatan';
    const programmeCode = g?.programme_code ?? o.programmeCode!;
    const category = g?.category ?? o.category!;
    const days = o.members.map((c) => c.opened_day).sort();
    const periodFrom = days[0] ?? '';
    const periodTo = days[days.length - 1] ?? '';
    return {
      id: g?.id ?? null,
      status: g?.status ?? o.status!,
      key: g?.key ?? keyOf(areaCode, programmeCode, category, o.members),
      areaCode,
      areaLevel,
      programmeCode,
      category,
      periodFrom,
      periodTo,
      count: o.members.length,
      title: g?.title ?? defaultTitle(programmeCode, areaLevel, areaCode, o.members.length, periodFrom, periodTo),
      members: o.members.map((c) => ({
        caseId: c.case_id,
        receiptNumber: c.receipt_number,
        desaCode: c.desa_code,
        state: c.state,
        openedAt: new Date(c.opened_at).toISOString(),
        referralIds: c.referral_ids,
      })),
      referredTo: o.referredTo,
      decidedBy: g?.decided_by ?? null,
      decidedAt: g ? new Date(g.decided_at).toISOString() : null,
      note: g?.note ?? null,
      version: g?.version ?? 0,
    };
  }

  /** Checks that each case may belong to a group of this area, programme and category in the caller's scope. */
  private checkMembers(
    actor: Actor,
    req: { areaCode: string; programmeCode: string; category: string },
    ids: readonly string[],
    rows: MemberRow[],
    field: string,
  ) {
    const byId = new Map(rows.map((r) => [r.case_id, r]));
    const problems: string[] = [];
    for (const id of ids) {
      const c = byId.get(id);
      if (!c || !isWithinAnyRegion(c.desa_code, actor.regionScope))
        problems.push(`Kasus ${id} tidak ditemukan di wilayah kerja Anda.`);
      else if (!(c.desa_code === req.areaCode || isWithinRegion(c.desa_code, req.areaCode)))
        problems.push(`Kasus ${c.receipt_number} bukan dari wilayah ${req.areaCode}.`);
      else if (!c.programme_codes.includes(req.programmeCode) || c.category !== req.category)
        problems.push(`Kasus ${c.receipt_number} bukan pengaduan ${req.category} program ${req.programmeCode}.`);
      else if (ENDED.includes(c.state)) problems.push(`Kasus ${c.receipt_number} sudah selesai (${c.state}).`);
      else if (c.mass_issue_id) problems.push(`Kasus ${c.receipt_number} sudah masuk kelompok masalah massal lain.`);
    }
    if (problems.length)
      throw new DomainError('VALIDATION_FAILED', 'Beberapa kasus tidak dapat dikelompokkan.', {
        fieldErrors: [{ field, messages: problems.slice(0, 50) }],
      });
  }

  private checkArea(actor: Actor, areaCode: string) {
    if (!isWithinRegion(areaCode, this.env.KAB_KOTA_CODE) || areaCode === this.env.KAB_KOTA_CODE)
      throw invalid('areaCode', 'Wilayah harus desa atau kecamatan di kabupaten/kota ini.');
    if (!isWithinAnyRegion(areaCode, actor.regionScope))
      throw new DomainError('FORBIDDEN', 'Wilayah ini di luar cakupan wilayah Anda.', { reason: 'OUT_OF_SCOPE' });
  }

  async confirm(req: ConfirmMassIssueRequestV1, actor: Actor): Promise<MassIssueViewV1> {
    return this.decide('confirmed', req, actor);
  }

  async dismiss(req: DismissMassIssueRequestV1, actor: Actor): Promise<MassIssueViewV1> {
    return this.decide('dismissed', req, actor);
  }

  /**
   * Stores a decision on a suggestion with the chosen cases. Its key (area, programme, category,
   * first member) is unique: the same decision made twice at once gives one group, the later one
   * answering with it; a case is in at most one group (the member table's key).
   */
  private async decide(
    status: 'confirmed' | 'dismissed',
    req: ConfirmMassIssueRequestV1 | DismissMassIssueRequestV1,
    actor: Actor,
  ): Promise<MassIssueViewV1> {
    const role = this.role(actor, DECIDERS);
    this.checkArea(actor, req.areaCode);
    const tz = this.env.SLRT_TIME_ZONE;
    const id = await this.dataSource.transaction(async (m) => {
      const rows = await this.repo.cases(m, req.caseIds, tz);
      const key = keyOf(
        req.areaCode,
        req.programmeCode,
        req.category,
        rows.filter((r) => req.caseIds.includes(r.case_id)),
      );
      const existing = await this.repo.groupByKey(m, key);
      if (existing) return this.sameDecision(m, existing, status, req.caseIds);
      this.checkMembers(actor, req, req.caseIds, rows, 'caseIds');
      const areaLevel = req.areaCode.length > 8 ? 'desa' : 'kecamatan';
      const days = rows.map((r) => r.opened_day).sort();
      const title =
        ('title' in req && req.title?.trim()) ||
        defaultTitle(req.programmeCode, areaLevel, req.areaCode, rows.length, days[0]!, days[days.length - 1]!);
      const inserted = await this.repo.insertGroup(m, {
        id: uuidv7(),
        key,
        status,
        area_code: req.areaCode,
        area_level: areaLevel,
        programme_code: req.programmeCode,
        category: req.category,
        title,
        note: req.note?.trim() || null,
        decided_by: actor.id,
        decided_role: role,
      });
      if (!inserted) {
        // Another confirm or dismiss of the same suggestion committed first.
        const won = await this.repo.groupByKey(m, key);
        if (!won)
          throw new DomainError('CONFLICT', 'Masalah massal sedang diputuskan orang lain. Muat ulang lalu coba lagi.', {
            reason: 'MASS_ISSUE_BUSY',
          });
        return this.sameDecision(m, won, status, req.caseIds);
      }
      const added = await this.repo.addMembers(m, inserted, req.caseIds, actor.id);
      if (added.length !== req.caseIds.length) {
        throw new DomainError(
          'CONFLICT',
          'Sebagian kasus baru saja dimasukkan ke kelompok lain. Muat ulang lalu coba lagi.',
          { reason: 'CASE_ALREADY_GROUPED' },
        );
      }
      this.logger.info(
        { massIssueId: inserted, status, members: added.length, actorId: actor.id },
        'mass issue decided',
      );
      return inserted;
    });
    return this.get(id, actor);
  }

  /** A repeated decision: the group made by the first one when it is the same decision on the same cases; else a conflict. */
  private async sameDecision(
    m: EntityManager,
    g: MassIssueRow,
    status: string,
    caseIds: readonly string[],
  ): Promise<string> {
    const members = new Set(
      (
        (await m.query(`SELECT case_id FROM mass_issue_member WHERE mass_issue_id = $1`, [g.id])) as Array<{
          case_id: string;
        }>
      ).map((r) => r.case_id),
    );
    if (g.status === status && caseIds.every((c) => members.has(c))) return g.id;
    throw new DomainError(
      'CONFLICT',
      g.status === 'dismissed'
        ? 'Saran ini sudah diabaikan orang lain.'
        : `Saran ini sudah dikonfirmasi sebagai masalah massal (${g.id}); ubah anggotanya di sana.`,
      { reason: 'MASS_ISSUE_DECIDED' },
    );
  }

  async get(id: string, actor: Actor): Promise<MassIssueViewV1> {
    const m = this.dataSource.manager;
    const g = await this.repo.group(m, id);
    if (
      !g ||
      !isWithinAnyRegion(
        g.area_code,
        actor.regionScope.flatMap((s) => [s, s.slice(0, 8)]),
      )
    )
      throw NOT_FOUND();
    const members = (await this.repo.members(m, g.id, this.env.SLRT_TIME_ZONE)).filter((c) =>
      isWithinAnyRegion(c.desa_code, actor.regionScope),
    );
    return this.view(g, { members, referredTo: await this.repo.announcedOwners(m, g.id) });
  }

  async changeMembers(req: ChangeMassIssueMembersRequestV1, actor: Actor): Promise<MassIssueViewV1> {
    this.role(actor, DECIDERS);
    if (!req.add?.length && !req.remove?.length)
      throw invalid('add', 'Sebutkan kasus yang ditambahkan atau dikeluarkan.');
    await this.dataSource.transaction(async (m) => {
      const g = await this.repo.group(m, req.massIssueId, true);
      if (!g || !isWithinAnyRegion(g.area_code, actor.regionScope)) throw NOT_FOUND();
      if (g.status !== 'confirmed')
        throw new DomainError('CONFLICT', 'Hanya masalah massal yang dikonfirmasi yang dapat diubah anggotanya.', {
          reason: 'MASS_ISSUE_DISMISSED',
        });
      if (g.version !== req.expectedVersion)
        throw new DomainError(
          'CONFLICT',
          `Masalah massal sudah diubah orang lain (versi ${g.version}). Muat ulang lalu coba lagi.`,
          { reason: 'VERSION_CONFLICT' },
        );
      if (req.add?.length) {
        const rows = await this.repo.cases(m, req.add, this.env.SLRT_TIME_ZONE);
        this.checkMembers(
          actor,
          { areaCode: g.area_code, programmeCode: g.programme_code, category: g.category },
          req.add,
          rows,
          'add',
        );
        const added = await this.repo.addMembers(m, g.id, req.add, actor.id);
        if (added.length !== req.add.length)
          throw new DomainError(
            'CONFLICT',
            'Sebagian kasus baru saja dimasukkan ke kelompok lain. Muat ulang lalu coba lagi.',
            { reason: 'CASE_ALREADY_GROUPED' },
          );
      }
      if (req.remove?.length) {
        const removed = await this.repo.removeMembers(m, g.id, req.remove);
        if (removed !== req.remove.length) throw invalid('remove', 'Sebagian kasus bukan anggota masalah massal ini.');
        if ((await this.repo.memberCount(m, g.id)) < 1)
          throw invalid('remove', 'Masalah massal harus tetap memiliki paling sedikit 1 kasus.');
      }
      await this.repo.bump(m, g.id);
    });
    return this.get(req.massIssueId, actor);
  }
}

/** Area, programme, category and the first member (oldest case): what makes a decision the same decision. */
export function keyOf(
  areaCode: string,
  programmeCode: string,
  category: string,
  members: ReadonlyArray<Pick<MemberRow, 'case_id' | 'opened_at' | 'opened_day'>>,
): string {
  const first = [...members].sort(
    (a, b) => new Date(a.opened_at).getTime() - new Date(b.opened_at).getTime() || a.case_id.localeCompare(b.case_id),
  )[0];
  return `${areaCode}|${programmeCode}|${category}|${first?.opened_day ?? ''}|${first?.case_id ?? ''}`;
}

/** `PKH: 12 pengaduan dari desa/kelurahan Pahandut (62.71.01.1001), 2026-11-02 s.d. 2026-11-09`. */
function defaultTitle(programme: string, level: string, area: string, count: number, from: string, to: string): string {
  const name = findRegion(area)?.name;
  return `${programme}: ${count} pengaduan dari ${level === 'desa' ? 'desa/kelurahan' : 'kecamatan'} ${name ? `${name} (${area})` : area}, ${from} s.d. ${to}`;
}
