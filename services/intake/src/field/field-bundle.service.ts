import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  DOCUMENT_KINDS,
  FIELD_BUNDLE_MAX_PAGES,
  FIELD_BUNDLE_PAGE_SIZE,
  type Actor,
  type FieldBundleV1,
  type FieldDesaV1,
  type FieldEarlierComplaintV1,
  type GetFieldBundleRequestV1,
} from '@slrt/contracts';
import {
  COMPLAINT_CATEGORIES,
  COMPLAINT_CATEGORY_LABELS,
  CONTACT_TYPES,
  CONTACT_TYPE_LABELS,
  SECTORS,
  SECTOR_LABELS,
  childrenOf,
  findRegion,
  isWithinAnyRegion,
  maskNik,
  type Region,
} from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import { RequestContext } from '@slrt/observability';
import { IntakeEnv } from '../config/intake.env.js';
import { requireRole, scopePatterns } from '@slrt/auth';
import { ComplaintsRepository } from '../complaints/complaints.repository.js';
import { ProgrammeCatalogue } from '../complaints/programme-catalogue.js';
import { DOCUMENT_LABELS } from '../documents/document-labels.js';
import { currentStage, stepText } from '../status/public-status.js';
import type { StatusRow } from '../status/status-history.js';

/** How far back earlier complaints go (newest first, {@link FIELD_BUNDLE_PAGE_SIZE} per page, {@link FIELD_BUNDLE_MAX_PAGES} pages at most). */
export const EARLIER_COMPLAINTS_DAYS = 730;
const MAX_DESA = 5000;

interface EarlierRow {
  receiptNumber: string;
  provisionalNumber: string | null;
  registeredAt: Date;
  category: string;
  contactType: string;
  programmeCodes: string[];
  desaCode: string;
  registryCheck: string;
  nextStep: string;
  nik: string | null;
  name: string;
  rt: string | null;
  rw: string | null;
  step: string | null;
  ownerCode: string | null;
  reasonText: string | null;
  detail: string | null;
}

/**
 * What the field app caches to work for days offline, for the FS's own desa only: the desa and
 * kecamatan of their scope (Kemendagri list), the vocabularies, the programme catalogue (referral's,
 * as intake caches it), the documents checklist, and earlier complaints of households there —
 * minimised (initials, masked NIK, RT/RW, no phone, no street, no description) and without
 * confidential ones (except the FS's own). The etag hashes the content: unchanged data, same etag.
 * The read is audited (one row per bundle, no complaint).
 */
@Injectable()
export class FieldBundleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly programmes: ProgrammeCatalogue,
    private readonly repo: ComplaintsRepository,
    private readonly env: IntakeEnv,
  ) {}

  async bundle(req: GetFieldBundleRequestV1, actor: Actor): Promise<FieldBundleV1> {
    requireRole(actor, ['FS']);
    let scope = actor.regionScope;
    if (req.regionCode) {
      if (!isWithinAnyRegion(req.regionCode, actor.regionScope)) {
        throw new DomainError('FORBIDDEN', 'Wilayah ini di luar wilayah kerja Anda.', {
          reason: 'OUT_OF_SCOPE',
          fieldErrors: [{ field: 'regionCode', messages: ['Di luar wilayah kerja Anda.'] }],
        });
      }
      scope = [req.regionCode];
    }
    const lookup = await this.programmes.lookup();
    const page = req.page ?? 1;
    const [earlier, more] = await this.earlier(scope, actor, page);
    const content = {
      kabKotaCode: this.env.KAB_KOTA_CODE,
      desa: desaIn(scope),
      categories: COMPLAINT_CATEGORIES.map((code) => ({ code, label: COMPLAINT_CATEGORY_LABELS[code] })),
      contactTypes: CONTACT_TYPES.map((code) => ({ code, label: CONTACT_TYPE_LABELS[code] })),
      sectors: SECTORS.map((code) => ({ code, label: SECTOR_LABELS[code] })),
      programmes: lookup.entries.map((e) => ({
        code: e.code,
        name: e.name,
        aliases: [...e.aliases],
        active: e.active,
      })),
      programmesComplete: lookup.authoritative,
      // No per-category list exists in intake: the receipt's general checklist, for every category.
      documentChecklists: [
        { category: null, documents: DOCUMENT_KINDS.map((code) => ({ code, label: DOCUMENT_LABELS[code] })) },
      ],
      earlierComplaints: earlier,
      earlierComplaintsTruncated: more && page >= FIELD_BUNDLE_MAX_PAGES,
      earlierComplaintsNextPage: more && page < FIELD_BUNDLE_MAX_PAGES ? page + 1 : null,
      earlierComplaintsDays: EARLIER_COMPLAINTS_DAYS,
    };
    const etag = `"${createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 27)}"`;
    await this.repo.audit(this.dataSource.manager, {
      actorId: actor.id,
      roles: actor.roles,
      action: 'field.bundle',
      complaintId: null,
      revealed: false,
      correlationId: RequestContext.current()?.correlationId ?? null,
    });
    return { ...content, generatedAt: new Date().toISOString(), etag };
  }

  /** One page of earlier complaints, and whether more follow. */
  private async earlier(scope: string[], actor: Actor, page: number): Promise<[FieldEarlierComplaintV1[], boolean]> {
    const rows: EarlierRow[] = await this.dataSource.query(
      `SELECT c.receipt_number AS "receiptNumber", f.provisional_number AS "provisionalNumber", c.registered_at AS "registeredAt", c.category,
              c.contact_type AS "contactType", c.programme_codes AS "programmeCodes", c.desa_code AS "desaCode", c.registry_check AS "registryCheck",
              c.next_step AS "nextStep", p.nik, p.name, p.rt, p.rw, s.step, s.owner_code AS "ownerCode", s.reason_text AS "reasonText", s.detail
       FROM complaint c
       JOIN complaint_person p ON p.complaint_id = c.id AND p.role = 'subject'
       LEFT JOIN field_provisional_number f ON f.complaint_id = c.id
       LEFT JOIN LATERAL (SELECT step, owner_code, reason_text, detail FROM complaint_status WHERE complaint_id = c.id ORDER BY sequence DESC LIMIT 1) s ON true
       WHERE c.desa_code LIKE ANY($1) AND c.registered_at >= now() - make_interval(days => $2) AND (NOT c.confidential OR c.officer_id = $3)
       ORDER BY c.registered_at DESC, c.id DESC
       LIMIT $4 OFFSET $5`,
      [
        scopePatterns({ ...actor, regionScope: scope }),
        EARLIER_COMPLAINTS_DAYS,
        actor.id,
        FIELD_BUNDLE_PAGE_SIZE + 1,
        (page - 1) * FIELD_BUNDLE_PAGE_SIZE,
      ],
    );
    const items = rows.slice(0, FIELD_BUNDLE_PAGE_SIZE).map((r): FieldEarlierComplaintV1 => {
      const c = { registryCheck: r.registryCheck as never, nextStep: r.nextStep as never };
      const row = {
        step: (r.step ?? 'received') as StatusRow['step'],
        ownerCode: r.ownerCode,
        reasonText: r.reasonText,
        detail: r.detail,
      };
      const [label, explanation] = stepText(row, c, () => 'pemilik program');
      const [stage, stageLabel] = currentStage(row, c, { label, explanation });
      return {
        receiptNumber: r.receiptNumber,
        provisionalNumber: r.provisionalNumber,
        registeredAt: new Date(r.registeredAt).toISOString(),
        category: r.category,
        contactType: r.contactType,
        programmeCodes: r.programmeCodes,
        desaCode: r.desaCode,
        rt: r.rt,
        rw: r.rw,
        subjectNik: r.nik ? maskNik(r.nik) : null,
        subjectInitials: initials(r.name),
        stage,
        stageLabel,
      };
    });
    return [items, rows.length > FIELD_BUNDLE_PAGE_SIZE];
  }
}

/** `Siti Nur Aminah` → `S. N. A.` (at most four). */
export function initials(name: string): string {
  const words = name
    .normalize('NFKC')
    .split(/[\s.,'-]+/)
    .filter((w) => /\p{L}/u.test(w));
  return (
    words
      .slice(0, 4)
      .map((w) => `${[...w].find((ch) => /\p{L}/u.test(ch))!.toUpperCase()}.`)
      .join(' ') || '-'
  );
}

function desaIn(scope: string[]): FieldDesaV1[] {
  const out = new Map<string, FieldDesaV1>();
  const under = (code: string): Region[] => {
    const region = findRegion(code);
    if (!region) return [];
    if (region.level === 'desa') return [region];
    return childrenOf(code).flatMap((child) => under(child.code));
  };
  for (const code of scope) {
    for (const d of under(code)) {
      if (out.size >= MAX_DESA) break;
      const kecamatanCode = d.code.split('.').slice(0, 3).join('.');
      out.set(d.code, {
        code: d.code,
        name: d.name,
        kecamatanCode,
        kecamatanName: findRegion(kecamatanCode)?.name ?? kecamatanCode,
      });
    }
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
