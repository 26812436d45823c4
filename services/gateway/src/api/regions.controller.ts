import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiProperty, ApiTags } from '../http/api-docs.js';
import type { Actor } from '@slrt/contracts';
import { CurrentActor, Roles } from '@slrt/auth';
import { childrenOf, findRegion, type Region } from '@slrt/domain';
import { JsonResponse } from '../http/openapi.js';

/** Most desa/kelurahan one answer lists (a province has about 1,600; the whole country 84,000). */
const MAX_DESA = 5000;

export class DesaOptionDto {
  @ApiProperty({ example: '62.71.01.1001' }) code!: string;
  @ApiProperty({ example: 'Pahandut' }) name!: string;
  @ApiProperty({ example: '62.71.01' }) kecamatanCode!: string;
  @ApiProperty({ example: 'Pahandut' }) kecamatanName!: string;
}

export class ListScopeRegionsResponseDto {
  @ApiProperty({ type: [DesaOptionDto] }) items!: DesaOptionDto[];
  @ApiProperty({ description: 'true bila daftar dipotong pada 5000 desa/kelurahan' }) truncated!: boolean;
}

/** The desa/kelurahan inside a region code (itself when it is one), in code order. */
function desaUnder(code: string): Region[] {
  const region = findRegion(code);
  if (!region) return [];
  if (region.level === 'desa') return [region];
  return childrenOf(code).flatMap((child) => desaUnder(child.code));
}

/**
 * Regions for the console's pickers: the desa/kelurahan inside the caller's region scope, from the
 * Kemendagri list of `@slrt/domain` (read-only, no personal data, nothing stored).
 */
@ApiTags('directory')
@Controller('v1')
export class RegionsController {
  @Get('regions')
  @Roles('FO', 'FS', 'SPV', 'MJ', 'BO', 'SEKRETARIAT', 'ADMIN')
  @ApiOperation({
    operationId: 'listScopeRegions',
    summary: 'Desa/kelurahan di wilayah kerja pemanggil (daftar Kemendagri), untuk pilihan desa di formulir',
  })
  @JsonResponse(ListScopeRegionsResponseDto)
  list(@CurrentActor() actor: Actor): ListScopeRegionsResponseDto {
    const seen = new Set<string>();
    const items: DesaOptionDto[] = [];
    let truncated = false;
    for (const scope of actor.regionScope) {
      for (const desa of desaUnder(scope)) {
        if (seen.has(desa.code)) continue;
        if (items.length >= MAX_DESA) {
          truncated = true;
          break;
        }
        seen.add(desa.code);
        const kecamatan = findRegion(desa.parentCode!);
        items.push({
          code: desa.code,
          name: desa.name,
          kecamatanCode: desa.parentCode!,
          kecamatanName: kecamatan?.name ?? '',
        });
      }
    }
    items.sort((a, b) => a.code.localeCompare(b.code));
    return { items, truncated };
  }
}
