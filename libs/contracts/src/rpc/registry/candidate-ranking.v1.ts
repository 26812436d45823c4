import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { EXCHANGE_FILE_FORMATS, EXPORT_REGION_CODE, type ExchangeFileFormat } from './siks-exchange.v1.js';

/**
 * Ranking criteria keys (WIRE-STABLE: stored in presets). Computed per household of the current
 * snapshot: `desil` (unknown desil always ranks last), `household-size` (members), `elderly`
 * (members aged 60 or more), `under-five` (children under 5), `vulnerable` (elderly + under five),
 * `without-programme` (1 when the household has no member with the named programme flag).
 * Disability is not in the DTKS/DTSEN snapshot columns, so it is not a criterion yet.
 */
export const RANKING_CRITERIA = [
  'desil',
  'household-size',
  'elderly',
  'under-five',
  'vulnerable',
  'without-programme',
] as const;
export type RankingCriterionKey = (typeof RANKING_CRITERIA)[number];

/** Programme flags of the snapshot a `without-programme` criterion may name. */
export const RANKING_PROGRAMME_FLAGS = ['PKH', 'BPNT', 'PBI', 'KIP'] as const;

/** One ordering criterion: applied in list order, the first decides, the next break ties. */
export class RankingCriterionV1 {
  @IsIn([...RANKING_CRITERIA], { message: 'Kriteria tidak dikenal' }) key!: RankingCriterionKey;
  @IsIn(['asc', 'desc'], { message: 'Arah asc atau desc' }) direction!: 'asc' | 'desc';
  /** Programme flag for `without-programme`. */
  @ValidateIf((o: RankingCriterionV1) => o.key === 'without-programme')
  @IsIn([...RANKING_PROGRAMME_FLAGS], { message: 'Program PKH, BPNT, PBI atau KIP' })
  programme?: string;
}

/** A named set of criteria (data, editable by ADMIN). */
export class RankingPresetV1 {
  @Matches(/^[a-z][a-z0-9-]{1,40}$/, { message: 'Kode preset huruf kecil, angka atau tanda hubung' }) code!: string;
  @IsString() @MinLength(3) @MaxLength(300) description!: string;
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankingCriterionV1)
  criteria!: RankingCriterionV1[];
}

/** `slrt.rpc.registry.list-ranking-presets.v1`. */
export class ListRankingPresetsRequestV1 {
  /** Only this preset; all when absent. */
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{1,40}$/) code?: string;
}

export class ListRankingPresetsResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankingPresetV1)
  items!: RankingPresetV1[];
}

/** `slrt.rpc.registry.save-ranking-preset.v1` (ADMIN): the request is the preset. */
export class SaveRankingPresetRequestV1 extends RankingPresetV1 {}

/**
 * `slrt.rpc.registry.rank-candidates.v1`: households of the current snapshot in a region, ordered
 * by a preset or explicit criteria, at most `limit` of them, one page at a time. NIK and No. KK
 * are masked.
 */
export class RankCandidatesRequestV1 {
  @Matches(EXPORT_REGION_CODE, { message: 'Kode wilayah Kemendagri (kab/kota, kecamatan atau desa)' })
  regionCode!: string;
  /** Preset code; ignored when `criteria` is given. Default `desil-default`. */
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{1,40}$/) preset?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankingCriterionV1)
  criteria?: RankingCriterionV1[];
  /** How many households the programme can take (the ranking stops there). */
  @IsInt() @Min(1) @Max(1_000_000) limit!: number;
  @IsInt() @Min(1) page!: number;
  @IsInt() @Min(1) @Max(500) pageSize!: number;
}

/** One ranked household (masked). */
export class RankedHouseholdV1 {
  @IsInt() rank!: number;
  @IsString() householdId!: string;
  @IsString() desaCode!: string;
  @ValidateIf((o: RankedHouseholdV1) => o.desil !== null) @IsInt() desil!: number | null;
  /** Head of household (or first member) as recorded. */
  @IsString() headName!: string;
  @IsString() headNikMasked!: string;
  @IsString() noKkMasked!: string;
  @IsInt() householdSize!: number;
  @IsInt() elderly!: number;
  @IsInt() underFive!: number;
  @IsArray() @IsString({ each: true }) flags!: string[];
}

export class RankCandidatesResponseV1 {
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankedHouseholdV1)
  items!: RankedHouseholdV1[];
  /** Ranked households (at most `limit`). */
  @IsInt() total!: number;
  @IsInt() page!: number;
  @IsInt() pageSize!: number;
  @IsArray()
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankingCriterionV1)
  criteria!: RankingCriterionV1[];
  /** Data period of the snapshot ranked; null when no snapshot is loaded. */
  @ValidateIf((o: RankCandidatesResponseV1) => o.dataPeriod !== null) @IsString() dataPeriod!: string | null;
}

/**
 * `slrt.rpc.registry.export-candidate-ranking.v1`: writes the ranking (same request, without
 * paging) to a file, streamed; the chunks are then fetched with `get-candidate-ranking-chunk`.
 */
export class ExportCandidateRankingRequestV1 {
  @Matches(EXPORT_REGION_CODE, { message: 'Kode wilayah Kemendagri (kab/kota, kecamatan atau desa)' })
  regionCode!: string;
  @IsOptional() @Matches(/^[a-z][a-z0-9-]{1,40}$/) preset?: string;
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsObject({ each: true })
  @ValidateNested({ each: true })
  @Type(() => RankingCriterionV1)
  criteria?: RankingCriterionV1[];
  @IsInt() @Min(1) @Max(1_000_000) limit!: number;
  @IsIn([...EXCHANGE_FILE_FORMATS], { message: 'Format csv atau xlsx' }) format!: ExchangeFileFormat;
}

export class CandidateRankingExportV1 {
  @Matches(/^[0-9a-f-]{36}$/) exportId!: string;
  @IsString() fileName!: string;
  @IsString() contentType!: string;
  @IsInt() size!: number;
  @Matches(/^[0-9a-f]{64}$/) sha256!: string;
  @IsInt() rowCount!: number;
  @IsInt() chunkCount!: number;
  @IsBoolean() masked!: boolean;
}

/** `slrt.rpc.registry.get-candidate-ranking-chunk.v1`. */
export class GetCandidateRankingChunkRequestV1 {
  @Matches(/^[0-9a-f-]{36}$/, { message: 'Id ekspor tidak valid' }) exportId!: string;
  @IsInt() @Min(0) chunkIndex!: number;
}
