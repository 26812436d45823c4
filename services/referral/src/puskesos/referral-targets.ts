import type { EntityManager } from 'typeorm';
import type { CaseAction } from '@slrt/contracts';
import { isWithinAnyRegion, localDate } from '@slrt/domain';
import { DomainError } from '@slrt/messaging';
import type { CaseRecord, OwnerRecord, OwnerWithPartnerships, PartnershipRow } from '../cases/cases.repository.js';

/** Government levels, lowest first: a referral goes up (desa → kab/kota → province → centre), never down. */
export const LEVEL_RANK: Record<string, number> = { desa: 0, kabkota: 1, provinsi: 2, pusat: 3 };

const LEVEL_NAME: Record<string, string> = {
  desa: 'desa/kelurahan',
  kabkota: 'kabupaten/kota',
  provinsi: 'provinsi',
  pusat: 'pusat',
};

/**
 * Why a desa-level owner may not receive a case of `desaCode`, or null: a desa service serves
 * only the desa/kelurahan(s) of its directory entry (`serviceArea`, full desa codes).
 */
export function desaScopeProblem(owner: OwnerRecord, desaCode: string): string | null {
  if (owner.level !== 'desa') return null;
  if (isWithinAnyRegion(desaCode, owner.serviceArea)) return null;
  return `"${owner.name}" hanya melayani desa/kelurahan ${owner.serviceArea.join(', ') || '(belum diisi)'}; kasus ini dari desa ${desaCode}.`;
}

/**
 * Why a non-government partner may not receive a referral about `programmeCodes` on `today`, or
 * null: it needs an active agreement whose period covers today and which names one of the
 * programmes (seed 001: partnerships with CSR, BAZNAS, hospitals are agreements, not orders).
 */
export async function partnershipProblem(
  m: EntityManager,
  owner: OwnerWithPartnerships,
  programmeCodes: readonly string[],
  today: string,
): Promise<string | null> {
  if (!owner.nonGovernment) return null;
  // Read with the owner when it came from the case's locking read (CasesRepository.lockCaseForAction).
  const rows: PartnershipRow[] =
    owner.partnerships ??
    (await m.query(
      `SELECT agreement_number, programme_codes, to_char(period_start, 'YYYY-MM-DD') AS period_start, to_char(period_end, 'YYYY-MM-DD') AS period_end
     FROM partnership WHERE owner_code = $1 AND active ORDER BY period_end DESC`,
      [owner.code],
    ));
  if (rows.length === 0)
    return `"${owner.name}" adalah mitra non-pemerintah tanpa perjanjian kerja sama yang aktif: rujukan tidak dapat dikirim.`;
  const inForce = rows.filter((r) => r.period_start <= today && today <= r.period_end);
  if (inForce.length === 0) {
    const periods = rows.map((r) => `${r.agreement_number}: ${r.period_start} s.d. ${r.period_end}`).join('; ');
    return `Perjanjian kerja sama dengan "${owner.name}" tidak berlaku pada ${today} (${periods}).`;
  }
  if (!inForce.some((r) => r.programme_codes.some((p) => programmeCodes.includes(p)))) {
    const covered = [...new Set(inForce.flatMap((r) => r.programme_codes))].join(', ');
    return `Program ${programmeCodes.join(', ')} tidak termasuk perjanjian kerja sama dengan "${owner.name}" (yang berlaku: ${covered}).`;
  }
  return null;
}

/**
 * Checks the owners a case is about to be sent to (`send` by the back office, `refer-desa` by the
 * Puskesos): `refer-desa` only to desa-level owners; a desa-level owner only for a case of its
 * desa; a non-government partner only within an agreement in force for one of the case's
 * programmes. Refused: 422 with the reason per owner under `ownerCodes`.
 */
export async function checkReferralTargets(
  m: EntityManager,
  c: CaseRecord,
  action: CaseAction,
  owners: readonly OwnerRecord[],
  timeZone: string,
): Promise<void> {
  const today = localDate(new Date(), timeZone);
  const problems: string[] = [];
  for (const o of owners) {
    if (action === 'refer-desa' && o.level !== 'desa')
      problems.push(
        `"${o.name}" berada di tingkat ${LEVEL_NAME[o.level] ?? o.level}: rujukan dari Puskesos ke layanan desa hanya untuk pengelola tingkat desa/kelurahan.`,
      );
    const desa = desaScopeProblem(o, c.desaCode);
    if (desa) problems.push(desa);
    const partner = await partnershipProblem(m, o, c.programmeCodes, today);
    if (partner) problems.push(partner);
  }
  if (problems.length) {
    const reason = action === 'refer-desa' ? 'DESA_OWNER_NOT_ALLOWED' : 'OWNER_NOT_ALLOWED';
    throw new DomainError('VALIDATION_FAILED', 'Rujukan tidak dapat dikirim ke pengelola program yang dipilih.', {
      reason,
      fieldErrors: [{ field: 'ownerCodes', messages: problems }],
    });
  }
}

/** A desa-level directory entry names the desa/kelurahan(s) it serves by their full codes (`62.71.01.1001`). */
export function checkDesaOwnerEntry(o: Pick<OwnerRecord, 'level' | 'serviceArea'>): void {
  if (o.level !== 'desa') return;
  const bad = o.serviceArea.filter((a) => !/^\d{2}\.\d{2}\.\d{2}\.\d{4}$/.test(a));
  if (o.serviceArea.length === 0 || bad.length) {
    throw new DomainError(
      'VALIDATION_FAILED',
      'Pengelola tingkat desa harus menyebut desa/kelurahan yang dilayaninya.',
      {
        fieldErrors: [
          {
            field: 'serviceArea',
            messages: [
              o.serviceArea.length === 0
                ? 'Isi kode desa/kelurahan yang dilayani, mis. 62.71.01.1001.'
                : `Bukan kode desa/kelurahan lengkap: ${bad.join(', ')}.`,
            ],
          },
        ],
      },
    );
  }
}
