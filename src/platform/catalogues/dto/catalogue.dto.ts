import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Matches } from 'class-validator';

export class CatalogueLabelDto {
  @ApiProperty({ example: 'Kênh tiếp nhận' }) vi!: string;
  @ApiProperty({ example: 'Intake channel' }) en!: string;
}

export class CatalogueSummaryDto {
  @ApiProperty({ example: 'channels', description: 'The catalogue name, as in GET /api/v1/catalogues/:name' })
  name!: string;

  @ApiProperty({ type: CatalogueLabelDto }) label!: CatalogueLabelDto;
}

export class CatalogueItemDto {
  @ApiProperty({
    example: 'hotline',
    description: 'The value the API takes and returns: snake_case (camelCase in shared-fields); append-only',
  })
  key!: string;

  @ApiProperty({ example: 'Đường dây nóng' }) vi!: string;
  @ApiProperty({ example: 'Hotline' }) en!: string;

  @ApiPropertyOptional({
    description:
      'false: an item kept for the records that carry it but no longer offered for new ones (closure-reasons: transferred)',
  })
  offered?: boolean;

  [extra: string]: unknown;
}

export class CatalogueLevelDto {
  @ApiProperty({ example: 'high' }) level!: string;
  @ApiProperty({ example: 7, description: 'The lowest score at this level' }) minScore!: number;
  @ApiProperty({ example: true, description: 'Reaching this level alerts the supervisors' }) alert!: boolean;
  @ApiProperty({ example: 'Cao' }) vi!: string;
  @ApiProperty({ example: 'High' }) en!: string;
}

export class CatalogueDto {
  @ApiProperty({ example: 'channels' }) name!: string;

  @ApiProperty({ type: CatalogueLabelDto }) label!: CatalogueLabelDto;

  @ApiProperty({
    type: CatalogueItemDto,
    isArray: true,
    description:
      'In catalogue order. Items carry further fields of their catalogue: group and article (dv-acts, ' +
      'protection-measures), intimatePartner and familyMember (relationships), type, max, weight and ' +
      'anchors (risk-questionnaire), decisionWithinHours, maxDays and maxMonths (protection-measures), ' +
      'providerTypes (services), personalData (shared-fields), …',
  })
  items!: CatalogueItemDto[];

  @ApiPropertyOptional({
    type: CatalogueItemDto,
    isArray: true,
    description: 'The groups that items name in their group field (dv-acts)',
  })
  groups?: CatalogueItemDto[];

  @ApiPropertyOptional({
    type: CatalogueLevelDto,
    isArray: true,
    description: 'The levels of a scored catalogue (risk-questionnaire), ascending by minScore from 0',
  })
  levels?: CatalogueLevelDto[];
}

export class CatalogueNameParams {
  @ApiProperty({ example: 'violence-types', description: 'A catalogue name from GET /api/v1/catalogues' })
  @Matches(/^[a-z][a-z0-9-]{0,63}$/, {
    message: 'name must be a catalogue name such as violence-types (a-z, 0-9 and -)',
  })
  name!: string;
}
