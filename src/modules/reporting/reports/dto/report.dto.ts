import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { IsObject } from 'class-validator';
import { REPORT_FORMATS, REPORT_KINDS } from '../reports.config';
import type { ReportFormat, ReportKind } from '../reports.config';

export class ReportScopeDto {
  @ApiProperty({ example: '01', description: 'Two-digit province code (01: Hà Nội)' })
  @Matches(/^\d{2}$/, { message: 'scope.provinceCode must be a two-digit province code such as 01' })
  provinceCode!: string;

  @ApiPropertyOptional({
    type: [String],
    example: ['00004'],
    description: 'Left out or empty: the whole province',
  })
  @IsOptional()
  @IsArray({ message: 'scope.communeCodes must be a list of commune codes' })
  @ArrayMaxSize(200, { message: 'scope.communeCodes may list at most 200 communes' })
  @Matches(/^\d{5}$/, { each: true, message: 'scope.communeCodes must hold five-digit commune codes' })
  communeCodes?: string[];
}

export class CreateReportDto {
  @ApiProperty({ enum: REPORT_KINDS })
  @IsIn(REPORT_KINDS, { message: `kind must be one of ${REPORT_KINDS.join(', ')}` })
  kind!: ReportKind;

  @ApiProperty({ example: '2026-H2', description: 'monthly: YYYY-MM; semiannual: YYYY-H1/H2; annual: YYYY' })
  @IsString({ message: 'period must be a text such as 2026-H2' })
  @MaxLength(20, { message: 'period must be a text such as 2026-H2' })
  period!: string;

  @ApiProperty({ type: ReportScopeDto })
  @IsObject({ message: 'scope must be an object with provinceCode' })
  @ValidateNested()
  @Type(() => ReportScopeDto)
  scope!: ReportScopeDto;

  @ApiProperty({ enum: REPORT_FORMATS })
  @IsIn(REPORT_FORMATS, { message: `format must be one of ${REPORT_FORMATS.join(', ')}` })
  format!: ReportFormat;
}

export class ReportQueuedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['queued'] }) status!: 'queued';
}

export class ReportScopeViewDto {
  @ApiProperty() provinceCode!: string;
  @ApiProperty({ type: [String] }) communeCodes!: string[];
}

export class ReportRunDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REPORT_KINDS }) kind!: string;
  @ApiProperty({ example: '2026-H2' }) period!: string;
  @ApiProperty({ type: ReportScopeViewDto }) scope!: ReportScopeViewDto;
  @ApiProperty({ enum: REPORT_FORMATS }) format!: string;
  @ApiProperty({ enum: ['queued', 'running', 'done', 'failed'] }) status!: string;
  @ApiProperty({
    enum: ['city', 'organization'],
    description: "organization: the requester's organisation's cases only",
  })
  coverage!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, example: 'bao-cao-6-thang-2026-H2.xlsx' }) fileName!:
    string | null;
  @ApiProperty({ nullable: true, type: Number }) fileSize!: number | null;
  @ApiProperty({ nullable: true, type: String, description: 'A code only (failed runs)' }) errorCode!:
    string | null;
}

export class ReportRunListDto {
  @ApiProperty({ type: [ReportRunDto] }) items!: ReportRunDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ReportIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListReportsQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}
