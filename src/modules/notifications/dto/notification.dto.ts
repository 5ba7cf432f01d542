import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';
import { CURSOR_PATTERN } from '../domain/cursor';

const toBoolean = ({ value }: { value: unknown }): unknown =>
  value === 'true' ? true : value === 'false' ? false : value;
const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : value;

export const DEFAULT_PAGE_SIZE = 50;

export class ListNotificationsQuery {
  @ApiPropertyOptional({ description: 'Only notifications not yet read', example: true })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'unread must be true or false' })
  unread?: boolean;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page (opaque)' })
  @IsOptional()
  @Matches(CURSOR_PATTERN, { message: 'cursor must be the nextCursor of a previous page' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1, { message: 'limit must be a whole number from 1 to 100' })
  @Max(100, { message: 'limit must be a whole number from 1 to 100' })
  limit?: number;
}

export class NotificationIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a UUID' })
  id!: string;
}

export class NotificationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;

  @ApiProperty({
    description: 'A key of config/catalogues/notification-types.yaml',
    example: 'case_high_risk',
  })
  type!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String }) caseId!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'HN-2026-000123' }) reference!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String }) referralId!: string | null;

  @ApiProperty({ description: 'Vietnamese, references only', example: 'Ca HN-2026-000123 có nguy cơ cao' })
  title!: string;

  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String }) readAt!: string | null;
}

export class NotificationPageDto {
  @ApiProperty({ type: NotificationDto, isArray: true }) items!: NotificationDto[];

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as cursor for the next page; null at the end',
  })
  nextCursor!: string | null;
}

export class UnreadCountDto {
  @ApiProperty({ description: 'How many of the caller’s notifications are unread', example: 3 })
  count!: number;
}

export class MarkedReadDto {
  @ApiProperty({ description: 'How many notifications this call marked read (0 when none was unread)' })
  marked!: number;
}
