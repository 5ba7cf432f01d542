import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { DIMENSIONS, SUBJECTS } from '../domain/statistics.types';

/** "a,b" (or a repeated parameter) as a list; other values pass through for the validators to refuse. */
const commaList = ({ value }: { value: unknown }): unknown => {
  const parts = Array.isArray(value) ? (value as unknown[]) : [value];
  if (!parts.every((p): p is string => typeof p === 'string')) return value;
  return parts
    .flatMap((p) => p.split(','))
    .map((p) => p.trim())
    .filter((p) => p !== '');
};

export class SubjectParams {
  @ApiProperty({ enum: SUBJECTS, description: 'What one unit of a count is' })
  @IsString()
  @MaxLength(40)
  subject!: string;
}

export class StatisticsQueryDto {
  @ApiPropertyOptional({
    description:
      'Start, inclusive: an ISO 8601 date-time, or a day YYYY-MM-DD (from Asia/Ho_Chi_Minh midnight). With to; or give period instead.',
    example: '2026-07-01',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  from?: string;

  @ApiPropertyOptional({
    description:
      'End: an ISO 8601 date-time (exclusive), or a day YYYY-MM-DD (inclusive: up to the next Hanoi midnight).',
    example: '2026-12-31',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  to?: string;

  @ApiPropertyOptional({
    description: 'Instead of from/to: YYYY, YYYY-H1, YYYY-H2, YYYY-Q1…Q4 or YYYY-MM',
    example: '2026-H2',
  })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  period?: string;

  @ApiPropertyOptional({
    description: "Two digits; the caller's province (the city) by default",
    example: '01',
  })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be two digits' })
  provinceCode?: string;

  @ApiPropertyOptional({
    description: 'Comma-separated commune codes (five digits each)',
    type: String,
    example: '00004,00006',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{5}$/, { each: true, message: 'communeCodes must be five-digit commune codes' })
  communeCodes?: string[];

  @ApiPropertyOptional({
    description: `Comma-separated, at most four of: ${DIMENSIONS.join(', ')}`,
    type: String,
    example: 'communeCode,violenceType,sex',
  })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  groupBy?: string[];
}

export class DisclosureDto {
  @ApiProperty({ enum: ['cell_key'] }) method!: 'cell_key';
  @ApiProperty({ description: 'The largest absolute noise added to a count' }) maxNoise!: number;
  @ApiProperty({ description: 'Counts from 1 to threshold − 1 are shown as "<threshold"' })
  threshold!: number;
}

export class LabelDto {
  @ApiProperty() vi!: string;
  @ApiProperty() en!: string;
}

export class StatisticsTableDto {
  @ApiProperty({ enum: SUBJECTS, description: 'What one unit of a count is' }) counts!: string;
  @ApiProperty({ type: LabelDto, description: 'What is counted, and by which time' }) description!: LabelDto;
  @ApiProperty({ enum: DIMENSIONS, isArray: true }) groupBy!: string[];
  @ApiProperty({
    description:
      'One row per non-empty cell: the dimension values (null: not recorded) and count (a number, or "<5" for a small cell). Rows of a multi-valued dimension do not add up to the total.',
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: { oneOf: [{ type: 'string' }, { type: 'number' }], nullable: true },
    },
  })
  rows!: Record<string, string | number | null>[];
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    description: 'Computed over the units, not summed from rows',
  })
  total!: number | string;
  @ApiProperty({ type: DisclosureDto }) disclosure!: DisclosureDto;
}

export class IndicatorsQueryDto {
  @ApiProperty({
    description: 'A plan id, as listed by GET /api/v1/indicators/plans',
    example: 'hanoi-96-kh-ubnd',
  })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9-]{0,80}$/, { message: 'plan must be a plan id' })
  plan!: string;

  @ApiProperty({ description: 'YYYY, YYYY-H1, YYYY-H2, YYYY-Q1…Q4 or YYYY-MM', example: '2026-H2' })
  @IsString()
  @MaxLength(20)
  period!: string;

  @ApiPropertyOptional({ description: 'One commune (five digits)', example: '00004' })
  @IsOptional()
  @Matches(/^\d{5}$/, { message: 'communeCode must be a five-digit commune code' })
  communeCode?: string;

  @ApiPropertyOptional({ description: 'Comma-separated commune codes', type: String })
  @IsOptional()
  @Transform(commaList)
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(/^\d{5}$/, { each: true, message: 'communeCodes must be five-digit commune codes' })
  communeCodes?: string[];

  @ApiPropertyOptional({ example: '01' })
  @IsOptional()
  @Matches(/^\d{2}$/, { message: 'provinceCode must be two digits' })
  provinceCode?: string;
}

export class IndicatorDto {
  @ApiProperty() id!: string;
  @ApiProperty({ type: LabelDto }) label!: LabelDto;
  @ApiProperty({
    oneOf: [{ type: 'number' }, { type: 'string' }],
    description: 'Published: a number or "<5"',
  })
  numerator!: number | string;
  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], nullable: true }) denominator!:
    number | string | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: 'From the published figures; null when withheld',
  })
  value!: number | null;
  @ApiProperty({ type: Number, nullable: true }) target!: number | null;
  @ApiProperty({ type: Boolean, nullable: true }) met!: boolean | null;
  @ApiProperty({ enum: ['percent', 'count', 'persons', 'days'] }) unit!: string;
}

export class IndicatorPlanDto {
  @ApiProperty({ description: 'The id GET /api/v1/indicators takes as plan', example: 'hanoi-96-kh-ubnd' })
  id!: string;
  @ApiProperty({ type: LabelDto }) title!: LabelDto;
  @ApiProperty({ description: 'How many indicators the plan has' }) indicators!: number;
}

export class IndicatorPlanListDto {
  @ApiProperty({ type: IndicatorPlanDto, isArray: true }) plans!: IndicatorPlanDto[];
}

export class IndicatorReportDto {
  @ApiProperty() plan!: string;
  @ApiProperty({ type: LabelDto }) title!: LabelDto;
  @ApiProperty() period!: string;
  @ApiProperty({ type: IndicatorDto, isArray: true }) indicators!: IndicatorDto[];
  @ApiProperty({ type: DisclosureDto }) disclosure!: DisclosureDto;
}
