import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsUUID, Matches, Max, Min } from 'class-validator';

const toInt = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;

export class FailedJobsQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @Matches(/^[A-Za-z0-9_-]{1,512}$/, { message: 'cursor must be a nextCursor returned by this list' })
  cursor?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'limit must be a whole number' })
  @Min(1, { message: 'limit must be between 1 and 100' })
  @Max(100, { message: 'limit must be between 1 and 100' })
  limit?: number;
}

export class FailedJobIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'id must be a dead letter id' })
  id!: string;
}

/** A job that exhausted its attempts. Its payload (ids only) is not shown. */
export class FailedJobDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty({ example: 'notifications' })
  queue!: string;

  @ApiProperty({ example: 'notification.created' })
  jobName!: string;

  @ApiPropertyOptional({ example: 'notification.created', description: 'the outbox topic, for an event' })
  topic?: string;

  @ApiProperty({ example: 8 })
  attempts!: number;

  @ApiProperty({
    example: 'DomainError: SMTP_UNAVAILABLE',
    description: "the error's class and first line (our own codes and messages, never personal data)",
  })
  error!: string;

  @ApiProperty({ type: String, format: 'date-time' })
  failedAt!: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'when an admin last retried it' })
  retriedAt?: string;

  @ApiProperty({ example: 0 })
  retryCount!: number;
}

export class FailedJobListDto {
  @ApiProperty({ type: [FailedJobDto] })
  items!: FailedJobDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor!: string | null;
}
