import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';
import { IsCalendarDay } from '../../../platform/http';

const TEXT = 4_000;
export const PERFORMERS = ['counsellor', 'provider', 'survivor'] as const;
export const ACTION_STATUSES = ['planned', 'in_progress', 'done', 'dropped'] as const;
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'superseded'] as const;

export class PlanCaseParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class CasePlanParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') planId!: string;
}

export class CasePlanActionParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') actionId!: string;
}

/** An action as written into a draft. */
export class PlanActionInputDto {
  @CatalogueKey('services')
  @ApiProperty({ description: 'A key of services' })
  @IsString()
  @MaxLength(64)
  service!: string;
  @ApiProperty({ enum: PERFORMERS })
  @IsIn(PERFORMERS)
  performer!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A directory provider, when the performer is a provider',
  })
  @IsOptional()
  @IsUUID('all')
  providerId?: string;
  @ApiPropertyOptional({ format: 'date', example: '2026-03-20' })
  @IsOptional()
  @IsCalendarDay()
  dueOn?: string;
  @ApiPropertyOptional({ enum: ACTION_STATUSES, default: 'planned' })
  @IsOptional()
  @IsIn(ACTION_STATUSES)
  status?: string;
  @ApiPropertyOptional({ description: 'Required when dropped (stored encrypted)', maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  dropReason?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'A referral of the same case' })
  @IsOptional()
  @IsUUID('all')
  referralId?: string;
  @ApiPropertyOptional({ description: 'Free text (stored encrypted)', maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

export class PlanGoalInputDto {
  @CatalogueKey('needs-areas')
  @ApiProperty({ description: 'A key of needs-areas' })
  @IsString()
  @MaxLength(64)
  needsArea!: string;
  @ApiProperty({ description: 'The goal (stored encrypted)', maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  text!: string;
  @ApiProperty({ type: [PlanActionInputDto] })
  @IsArray()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => PlanActionInputDto)
  actions!: PlanActionInputDto[];
}

/** PUT /api/v1/cases/:id/plan/:planId: the draft's goals and actions, all of them, with the version read. */
export class UpdatePlanDto {
  @ApiProperty({ description: 'The version read' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiProperty({ type: [PlanGoalInputDto] })
  @IsArray()
  @ArrayMaxSize(40)
  @ValidateNested({ each: true })
  @Type(() => PlanGoalInputDto)
  goals!: PlanGoalInputDto[];
}

/** POST …/submit and …/approve: the version read. */
export class PlanVersionDto {
  @ApiProperty({ description: 'The version read' })
  @IsInt()
  @Min(1)
  version!: number;
}

/** POST …/return */
export class ReturnPlanDto extends PlanVersionDto {
  @ApiProperty({ description: 'Why it goes back (stored encrypted)', maxLength: TEXT })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reason!: string;
}

/** PATCH /api/v1/cases/:id/plan/actions/:actionId */
export class UpdatePlanActionDto {
  @ApiProperty({ description: 'The version read' })
  @IsInt()
  @Min(1)
  version!: number;
  @ApiProperty({ enum: ACTION_STATUSES })
  @IsIn(ACTION_STATUSES)
  status!: string;
  @ApiPropertyOptional({ description: 'Required when dropped (stored encrypted)', maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  dropReason?: string;
  @ApiPropertyOptional({ description: 'Replaces the note (stored encrypted)', maxLength: TEXT })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

export class PlanActionDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() service!: string;
  @ApiProperty({ enum: PERFORMERS }) performer!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) providerId!: string | null;
  @ApiProperty({ nullable: true, type: String }) providerName!: string | null;
  @ApiProperty({ format: 'date', nullable: true, type: String }) dueOn!: string | null;
  @ApiProperty({
    enum: ACTION_STATUSES,
    description:
      "The action's status; for an action linked to a referral, the referral's as an action status",
  })
  status!: string;
  @ApiProperty({ nullable: true, type: String }) dropReason!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) referralId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: "The linked referral's own status" })
  referralStatus!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty() version!: number;
}

export class PlanGoalDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() needsArea!: string;
  @ApiProperty({ nullable: true, type: String }) text!: string | null;
  @ApiProperty({ type: [PlanActionDto] }) actions!: PlanActionDto[];
}

export class PlanProgressDto {
  @ApiProperty() done!: number;
  @ApiProperty({ description: 'Actions not dropped' }) total!: number;
}

export class CasePlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: string;
  @ApiProperty({ nullable: true, type: Number }) reviewEveryDays!: number | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) decidedBy!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String }) returnReason!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) supersededAt!: string | null;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [PlanGoalDto] }) goals!: PlanGoalDto[];
  @ApiProperty({ type: PlanProgressDto }) progress!: PlanProgressDto;
}

/** GET /api/v1/cases/:id/plan: the approved version and the one being written or decided. */
export class CurrentPlanDto {
  @ApiProperty({ type: CasePlanDto, nullable: true }) approved!: CasePlanDto | null;
  @ApiProperty({ type: CasePlanDto, nullable: true, description: 'A draft, submitted or returned version' })
  pending!: CasePlanDto | null;
  @ApiProperty({ description: "Whether the case's organisation asks a supervisor's approval" })
  approvalRequired!: boolean;
}

export class PlanVersionLineDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ enum: PLAN_STATUSES }) status!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) supersededAt!: string | null;
}

export class PlanVersionsDto {
  @ApiProperty({ type: [PlanVersionLineDto] }) items!: PlanVersionLineDto[];
}

export class PlanApprovalLineDto {
  @ApiProperty({ format: 'uuid' }) planId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty() versionNo!: number;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) submittedBy!: string | null;
  @ApiProperty({ nullable: true, type: String }) submitterName!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) submittedAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class PlanApprovalsDto {
  @ApiProperty({ type: [PlanApprovalLineDto] }) items!: PlanApprovalLineDto[];
}
