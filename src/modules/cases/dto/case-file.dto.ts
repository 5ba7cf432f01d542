import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { RISK_LEVELS } from '../domain/risk';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { CASE_STATES } from '../domain/workflow';
import { ConsentInputDto, IncidentDto, ReporterDto, SurvivorDto } from './case.dto';
import { CatalogueKey, inheritCatalogueKeys } from '../../../platform/catalogues/catalogue-key';

const TEXT = 2000;
const NOTE = 10_000;

export class UpdateSurvivorDto extends PartialType(SurvivorDto) {}
inheritCatalogueKeys(UpdateSurvivorDto, SurvivorDto);

/** PATCH /api/v1/cases/:id: the version read, and any intake field to change. */
export class UpdateCaseDto {
  @ApiProperty({ description: 'The version read; a stale one answers 409 VERSION_CONFLICT' })
  @IsInt()
  @Min(1)
  version!: number;
  @CatalogueKey('channels')
  @ApiPropertyOptional({ description: 'A key of the channels catalogue' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  channel?: string;
  @ApiPropertyOptional({ type: UpdateSurvivorDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => UpdateSurvivorDto)
  survivor?: UpdateSurvivorDto;
  @ApiPropertyOptional({ type: ReporterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;
}

export class UpdatedCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() version!: number;
}

export class TransitionDto {
  @ApiProperty({ enum: CASE_STATES }) @IsIn([...CASE_STATES]) to!: string;
  @CatalogueKey('closure-reasons')
  @ApiPropertyOptional({ description: 'A key of closure-reasons (required to close)' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  reasonCode?: string;
  @ApiPropertyOptional({ description: 'Free text: stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonText?: string;
}

export class WorkflowStateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) status!: string;
  @ApiProperty() closurePending!: boolean;
  @ApiProperty() version!: number;
}

export class ClosureDecisionDto {
  @ApiPropertyOptional({ description: 'Free text: stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonText?: string;
}

export class AssignmentDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') assigneeId!: string;
}

export class AssignedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) assigneeId!: string;
  @ApiProperty() version!: number;
}

export class RestrictionDto {
  @ApiProperty() @IsBoolean() restricted!: boolean;
  @ApiPropertyOptional({ type: [String], description: 'Supervisors of the organisation named on the case' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  supervisorIds?: string[];
}

export class RestrictionStateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() restricted!: boolean;
  @ApiProperty({ type: [String] }) supervisorIds!: string[];
}

export class BreakGlassDto {
  @ApiProperty({ minLength: 20, description: 'Why: stored encrypted' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reasonText!: string;
}

export class BreakGlassGrantDto {
  @ApiProperty({ format: 'uuid' }) grantId!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class AccessLogEntryDto {
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) userId!: string | null;
  @ApiProperty({ nullable: true, type: String }) username!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The staff member’s display name' })
  displayName!: string | null;
  @ApiProperty() action!: string;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
}

export class NoteInputDto {
  @ApiProperty({ description: 'Stored encrypted' }) @IsString() @MinLength(1) @MaxLength(NOTE) text!: string;
}

export class NoteDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() text!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class IncidentInputDto extends IncidentDto {}

/** An incident of the case as stored, with who recorded it and when. */
export class IncidentRecordDto extends IncidentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ description: "The incident's version, for a correction" }) version!: number;
}

export class IncidentAddedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: [String], description: 'The derived case context after the incident' })
  context!: string[];
  @ApiProperty() version!: number;
}

export class RiskAssessmentInputDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() answers!: Record<string, unknown>;
}

export class RiskAssessmentResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ enum: RISK_LEVELS, enumName: 'RiskLevel' }) level!: string;
}

export class ConsentCreateDto extends ConsentInputDto {}

export class ConsentRecordDto extends ConsentInputDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) withdrawnAt!: string | null;
}

/** The answer to a consent's withdrawal. */
export class ConsentWithdrawnDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) withdrawnAt!: string;
}

export class ConsentWithdrawDto {
  @ApiPropertyOptional({ description: 'Stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonText?: string;
}

export class ConsentParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'consentId must be a UUID' })
  consentId!: string;
}

export class ProtectionMeasureInputDto {
  @CatalogueKey('protection-measures')
  @ApiProperty({ description: 'A key of the protection-measures catalogue' })
  @IsString()
  @MaxLength(64)
  type!: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  requestedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  decidedAt?: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  startsAt?: string;
  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsDateString({ strict: true }) endsAt?: string;
  @ApiPropertyOptional({ description: 'Stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

export class ProtectionMeasureDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() type!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) requestedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) decidedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) startsAt!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) endsAt!: string | null;
  @ApiProperty() decidedLate!: boolean;
  @ApiPropertyOptional() note?: string;
}
