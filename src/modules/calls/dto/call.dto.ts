import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { IsCalendarDay } from '../../../platform/http';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

/** The longest call recorded: a day. */
export const MAX_DURATION_SECONDS = 86_400;

const toNumber = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;

/** The operator ends a call: two catalogue keys, how long it took, and the case it opened or concerned. */
export class CreateCallDto {
  @CatalogueKey('call-categories')
  @ApiProperty({ description: 'A key of the call-categories catalogue' })
  @IsString()
  @MaxLength(64)
  category!: string;

  @CatalogueKey('call-outcomes')
  @ApiProperty({
    description: 'A key of the call-outcomes catalogue; case_opened and linked_to_case need caseId',
  })
  @IsString()
  @MaxLength(64)
  outcome!: string;

  @ApiProperty({ minimum: 0, maximum: MAX_DURATION_SECONDS, description: 'Whole seconds' })
  @IsInt()
  @Min(0)
  @Max(MAX_DURATION_SECONDS)
  durationSeconds!: number;

  @ApiPropertyOptional({
    format: 'date-time',
    description:
      'When the call began; now minus the duration when left out. Not after now, at most 7 days ago.',
  })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startedAt must be an ISO 8601 date-time' })
  startedAt?: string;

  @CatalogueKey('channels')
  @ApiPropertyOptional({ description: 'A key of the channels catalogue', default: 'hotline' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  channel?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'The case the call opened or concerned (one the caller may read)',
  })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;
}

/** A correction of a call: its category, outcome, channel or case (null unlinks), with the version read. */
export class UpdateCallDto {
  @ApiProperty({ description: 'The version read' })
  @IsInt()
  @Min(1)
  version!: number;

  @CatalogueKey('call-categories')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  category?: string;

  @CatalogueKey('call-outcomes')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  outcome?: string;

  @CatalogueKey('channels')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  channel?: string;

  @ApiPropertyOptional({ format: 'uuid', nullable: true, type: String, description: 'null unlinks the case' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string | null;
}

export class CallIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListCallsQuery {
  @ApiPropertyOptional({
    format: 'date',
    description:
      'First day (Hanoi), inclusive. Without from and to: today for an operator, every day for a supervisor.',
  })
  @IsOptional()
  @IsCalendarDay({ message: 'from must be a real day as YYYY-MM-DD' })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last day (Hanoi), inclusive' })
  @IsOptional()
  @IsCalendarDay({ message: 'to must be a real day as YYYY-MM-DD' })
  to?: string;

  @CatalogueKey('call-categories')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  category?: string;

  @CatalogueKey('call-outcomes')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  outcome?: string;

  @ApiPropertyOptional({ description: "Only the caller's own calls (a supervisor sees the organisation's)" })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'mine must be true or false' })
  mine?: boolean;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toNumber)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class CallDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ format: 'uuid' }) operatorId!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty() durationSeconds!: number;
  @ApiProperty() channel!: string;
  @ApiProperty() category!: string;
  @ApiProperty() outcome!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class CallListDto {
  @ApiProperty({ type: [CallDto] }) items!: CallDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** A call in a case's file, with the operator's work name (display name, else user name) for the reader. */
export class CaseCallDto extends CallDto {
  @ApiProperty({ nullable: true, type: String, example: 'Nguyễn Thu Trang' }) operatorName!: string | null;
}

/** The calls that concern a case, newest first. */
export class CaseCallListDto {
  @ApiProperty({ type: [CaseCallDto] }) items!: CaseCallDto[];
}
