import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type {
  Actor,
  ListPublicProgrammesRequestV1,
  ListPublicProgrammesResponseV1,
  PublicProgrammeV1,
} from '@slrt/contracts';
import { DomainError } from '@slrt/messaging';
import { programmeSearch, searchPattern } from './directory.service.js';

/** The only caller of the public list: the gateway, for its anonymous `GET /program` page. */
export const PUBLIC_PROGRAMMES_CALLER = 'system:gateway';

/**
 * The programme information citizens read on the public page: active programmes an ADMIN
 * published (`public_info`), with what they give, who may receive them, documents and how to
 * apply. No owners, no internal notes, no personal data.
 */
@Injectable()
export class PublicProgrammesService {
  constructor(private readonly dataSource: DataSource) {}

  async list(req: ListPublicProgrammesRequestV1, actor: Actor): Promise<ListPublicProgrammesResponseV1> {
    if (!(actor.kind === 'system' && actor.id === PUBLIC_PROGRAMMES_CALLER)) {
      throw new DomainError('FORBIDDEN', 'Daftar program publik hanya untuk halaman publik.', {
        reason: 'NOT_GATEWAY',
      });
    }
    const items: PublicProgrammeV1[] = await this.dataSource.manager.query(
      `SELECT code, name, sector, scope, description, eligibility, documents_needed AS "documentsNeeded", how_to_apply AS "howToApply"
       FROM programme WHERE active AND public_info AND ${programmeSearch(1, 2)} ORDER BY scope DESC, sector, name`,
      [searchPattern(req.q), req.sector ?? null],
    );
    return { items };
  }
}
