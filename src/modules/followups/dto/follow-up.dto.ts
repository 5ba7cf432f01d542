import { ApiProperty, ApiPropertyOptional, ApiSchema } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsInstant } from '../../../platform/http';
import { DUE_WINDOWS } from '../domain/worklist-window';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';
import { RISK_LEVELS } from '../../cases';

const NOTE = 10_000;
const REASON = 2_000;
/** An ISO 8601 time with its offset: a due time without one would be read in the server's zone. */
const ISO_MESSAGE = '$property must be an ISO 8601 time with its offset, e.g. 2026-03-10T09:00:00+07:00';

export class FollowUpIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

/** POST /api/v1/cases/:id/follow-ups */
export class CreateFollowUpDto {
  @CatalogueKey('follow-up-kinds')
  @ApiProperty({ description: 'A key of follow-up-kinds that config/followups.yaml manualKinds allows' })
  @IsString()
  @MaxLength(64)
  kind!: string;
  @ApiProperty({ format: 'date-time', example: '2026-03-10T09:00:00+07:00' })
  @IsString()
  @IsInstant({ message: ISO_MESSAGE })
  dueAt!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "An active counsellor or supervisor of the case's organisation; default the case's assignee",
  })
  @IsOptional()
  @IsUUID('all')
  assigneeId?: string;
  @ApiPropertyOptional({ description: 'Free text (stored encrypted)', maxLength: NOTE })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  note?: string;
}

/** POST /api/v1/follow-ups/:id/complete */
export class CompleteFollowUpDto {
  @CatalogueKey('follow-up-outcomes')
  @ApiProperty({ description: 'A key of follow-up-outcomes' })
  @IsString()
  @MaxLength(64)
  outcome!: string;
  @ApiPropertyOptional({ description: 'Replaces the note (stored encrypted)', maxLength: NOTE })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  note?: string;
}

/** POST /api/v1/follow-ups/:id/reschedule */
export class RescheduleFollowUpDto {
  @ApiProperty({ format: 'date-time', example: '2026-03-11T09:00:00+07:00' })
  @IsString()
  @IsInstant({ message: ISO_MESSAGE })
  dueAt!: string;
  @ApiProperty({ description: 'Why (stored encrypted in the audit row)', maxLength: REASON })
  @IsString()
  @MinLength(1)
  @MaxLength(REASON)
  reasonText!: string;
}

export class WorklistQuery {
  @ApiPropertyOptional({ enum: ['mine', 'organization'], default: 'mine' })
  @IsOptional()
  @IsIn(['mine', 'organization'])
  scope?: 'mine' | 'organization';
  @ApiPropertyOptional({
    enum: DUE_WINDOWS,
    description:
      'In Asia/Ho_Chi_Minh days. overdue: due before now; today: now to the end of today; week: now to the end of the 7th day; none: every open follow-up',
  })
  @IsOptional()
  @IsIn(DUE_WINDOWS)
  due?: (typeof DUE_WINDOWS)[number];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

// --- answers ---------------------------------------------------------------------------------------

// Its own name in the document: the case's SafeContactDto (an input, fields optional) is another schema.
@ApiSchema({ name: 'FollowUpSafeContactDto' })
export class SafeContactDto {
  @ApiProperty({ nullable: true, type: Boolean }) canCall!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) canText!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) canLeaveMessage!: boolean | null;
  @ApiProperty({ nullable: true, type: Boolean }) phoneSharedWithPerpetrator!: boolean | null;
  @ApiProperty({ nullable: true, type: String }) safeTimes!: string | null;
  @ApiProperty({ nullable: true, type: String }) codeWord!: string | null;
}

/** GET /api/v1/follow-ups/:id: the follow-up and how the survivor may be reached safely. */
/** One line of the worklist: ids, the case reference, kind and time, its risk level and safe contact. */
export class WorklistItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ description: 'A key of follow-up-kinds' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "Null: the supervisors'" })
  assigneeId!: string | null;
  @ApiProperty({ example: 'open' }) status!: string;
  @ApiProperty({ nullable: true, enum: RISK_LEVELS, enumName: 'RiskLevel', description: "The case's" })
  riskLevel!: string | null;
  @ApiProperty({
    type: () => SafeContactDto,
    nullable: true,
    description: 'How the survivor may be reached safely (personal data: the read is audited per case)',
  })
  safeContact!: SafeContactDto | null;
}

export class WorklistDto {
  @ApiProperty({ type: [WorklistItemDto] }) items!: WorklistItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class FollowUpDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ description: 'A key of follow-up-kinds' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) completedBy!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A key of follow-up-outcomes' })
  outcome!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'Null when a rule made it' })
  createdBy!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

/** A follow-up in the case's list (GET /api/v1/cases/:id/follow-ups): no note, which the follow-up's own read shows. */
export class CaseFollowUpDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'A key of follow-up-kinds' }) kind!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: ['open', 'done', 'cancelled'] }) status!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The assignee’s display name' })
  assigneeName!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) completedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'A key of follow-up-outcomes' })
  outcome!: string | null;
}

export class CaseFollowUpsDto {
  @ApiProperty({ type: [CaseFollowUpDto], description: 'Open ones first by due time, then the others' })
  items!: CaseFollowUpDto[];
}

export class FollowUpDetailDto extends FollowUpDto {
  @ApiProperty({ type: SafeContactDto, nullable: true }) safeContact!: SafeContactDto | null;
}
