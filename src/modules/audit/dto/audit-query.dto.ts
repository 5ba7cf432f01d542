import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

/** An ISO-8601 date-time with its offset (Z or ±hh:mm), so that no one guesses the time zone. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

export const AUDIT_PAGE_MAX = 100;
export const AUDIT_PAGE_DEFAULT = 50;

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only what this user did' })
  @IsOptional()
  @IsUUID('all', { message: 'actorId must be a UUID' })
  actorId?: string;

  @ApiPropertyOptional({
    example: 'user',
    description: 'Only records of this kind (with entityId: of this record)',
  })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9_.]{0,63}$/, {
    message: 'entityType must be a lower-case name such as user or case (letters, digits, _ and .)',
  })
  entityType?: string;

  @ApiPropertyOptional({ description: 'Only this record (the id as the trail holds it)' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9._:-]{1,100}$/, {
    message: 'entityId must be an id of at most 100 letters, digits and . _ : -',
  })
  entityId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only what concerns this case' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  @ApiPropertyOptional({
    example: '2026-03-01T00:00:00+07:00',
    description: 'From this time (inclusive): ISO-8601 date-time with offset',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'from must be a real date and time' })
  @Matches(ISO_DATE_TIME, {
    message: 'from must be an ISO-8601 date-time with offset, e.g. 2026-03-01T00:00:00+07:00',
  })
  from?: string;

  @ApiPropertyOptional({
    example: '2026-04-01T00:00:00+07:00',
    description: 'Until this time (exclusive): ISO-8601 date-time with offset',
  })
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'to must be a real date and time' })
  @Matches(ISO_DATE_TIME, {
    message: 'to must be an ISO-8601 date-time with offset, e.g. 2026-04-01T00:00:00+07:00',
  })
  to?: string;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[1-9]\d{0,17}$/, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: AUDIT_PAGE_MAX, default: AUDIT_PAGE_DEFAULT })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: `limit must be between 1 and ${AUDIT_PAGE_MAX}` })
  @Max(AUDIT_PAGE_MAX, { message: `limit must be between 1 and ${AUDIT_PAGE_MAX}` })
  limit?: number;
}
