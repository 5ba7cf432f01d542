import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { CASE_STATES } from '../domain/workflow';
import { RISK_LEVELS } from '../domain/risk';
import { ClosurePendingDto } from './case-history.dto';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { SafetyPlanStateDto } from './safety-plan-state.dto';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';
import type { Page } from '../../../platform/http/keyset';

const TEXT = 500;
const NOTE = 10_000;

export class GuardianDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

export class SafeContactDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() canCall?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() canText?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() canLeaveMessage?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) safeTimes?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() phoneSharedWithPerpetrator?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) codeWord?: string;
}

export class SurvivorDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) fullName?: string;
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  phones?: string[];
  @CatalogueKey('sexes')
  @ApiProperty({ description: 'A key of the sexes catalogue' })
  @IsString()
  @MaxLength(64)
  sex!: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() birthYear?: number;
  @ApiPropertyOptional({ example: '1990-05-01' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  dateOfBirth?: string;
  @CatalogueKey('age-groups')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ageGroup?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) nationalId?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{5}$/) communeCode?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) addressDetail?: string;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() disability?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() ethnicMinority?: boolean;
  @CatalogueKey('marital-statuses')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  maritalStatus?: string;
  @CatalogueKey('occupation-groups')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  occupationGroup?: string;
  @ApiPropertyOptional({ type: GuardianDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => GuardianDto)
  guardian?: GuardianDto;
  @ApiPropertyOptional({ type: SafeContactDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => SafeContactDto)
  safeContact?: SafeContactDto;
}

export class ReporterDto {
  @CatalogueKey('relationships')
  @ApiProperty({ description: 'A key of the relationships catalogue' })
  @IsString()
  @MaxLength(64)
  relationship!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(TEXT) fullName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
}

export class PerpetratorDto {
  @CatalogueKey('relationships')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  relationship?: string;
  @CatalogueKey('sexes')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  sex?: string;
  @CatalogueKey('age-groups')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  ageGroup?: string;
  @ApiPropertyOptional() @IsOptional() @IsInt() @Min(1) @Max(100) count?: number;
}

export class IncidentDto {
  @ApiPropertyOptional({ example: '2026-03' }) @IsOptional() @IsString() @MaxLength(10) occurredOn?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(/^\d{5}$/) communeCode?: string;
  @CatalogueKey('place-types')
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(64)
  placeType?: string;
  @CatalogueKey('violence-types', { each: true })
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(6)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  violenceTypes!: string[];
  @CatalogueKey('dv-acts', { each: true })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  dvActs?: string[];
  @ApiPropertyOptional({ type: PerpetratorDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PerpetratorDto)
  perpetrator?: PerpetratorDto;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() repeated?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() previouslyReported?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() childrenPresent?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() exchangeInvolved?: boolean;
}

export class RiskDto {
  @ApiProperty({ type: 'object', additionalProperties: true }) @IsObject() answers!: Record<string, unknown>;
}

export class ConsentInputDto {
  @CatalogueKey('consent-purposes')
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  purpose!: string;
  @CatalogueKey('organization-types', { each: true })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  providerTypes?: string[];
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true })
  providerIds?: string[];
  @CatalogueKey('shared-fields', { each: true })
  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  sharedFields?: string[];
  @CatalogueKey('consent-methods')
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  method!: string;
  @CatalogueKey('consent-givers')
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  givenBy!: string;
}

/** The intake (POST /api/v1/cases): only channel, survivor.sex and one violence type are required. */
export class CreateCaseDto {
  @CatalogueKey('channels')
  @ApiProperty({ description: 'A key of the channels catalogue' })
  @IsString()
  @MaxLength(64)
  channel!: string;
  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsDateString({ strict: true })
  receivedAt?: string;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsUUID('all') organizationId?: string;
  @ApiProperty({ type: SurvivorDto }) @ValidateNested() @Type(() => SurvivorDto) survivor!: SurvivorDto;
  @ApiPropertyOptional({ type: ReporterDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => ReporterDto)
  reporter?: ReporterDto;
  @ApiProperty({ type: IncidentDto }) @ValidateNested() @Type(() => IncidentDto) incident!: IncidentDto;
  @ApiPropertyOptional({ type: RiskDto }) @IsOptional() @ValidateNested() @Type(() => RiskDto) risk?: RiskDto;
  @ApiPropertyOptional({ type: [ConsentInputDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ConsentInputDto)
  consents?: ConsentInputDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(NOTE) note?: string;
}

export class DuplicateDto {
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) status!: string;
}

export class CreatedCaseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) status!: string;
  @ApiProperty({ nullable: true, enum: RISK_LEVELS, enumName: 'RiskLevel' }) riskLevel!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [DuplicateDto] }) possibleDuplicates!: DuplicateDto[];
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional({ enum: CASE_STATES, enumName: 'CaseStatus' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  status?: string;
  @ApiPropertyOptional({ description: 'me, none or a user id' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-fA-F-]{36})$/, { message: 'assignee must be me, none or a user id' })
  assignee?: string;
  @ApiPropertyOptional({ enum: RISK_LEVELS, enumName: 'RiskLevel' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  riskLevel?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ enum: ['me'], description: 'me: only the cases the caller opened' })
  @IsOptional()
  @IsIn(['me'], { message: 'createdBy must be me' })
  createdBy?: 'me';
  @ApiPropertyOptional({ format: 'date-time', description: 'only cases opened at or after this time' })
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'since must be an ISO 8601 date-time' })
  since?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class SearchCasesDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) reference?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) nationalId?: string;
}

export class DuplicateCheckDto {
  @ApiPropertyOptional({ description: 'a survivor phone number, any Vietnamese format' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  phone?: string;
  @ApiPropertyOptional({ description: 'a national ID (CCCD/CMND)' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  nationalId?: string;
}

export class DuplicateCheckResultDto {
  @ApiProperty({ type: [DuplicateDto] }) matches!: DuplicateDto[];
}

export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) status!: string;
  @ApiProperty({ nullable: true, enum: RISK_LEVELS, enumName: 'RiskLevel' }) riskLevel!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) assigneeId!: string | null;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class CaseListDto implements Page<CaseSummaryDto> {
  @ApiProperty({ type: [CaseSummaryDto] }) items!: CaseSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

/** The file: the intake shape, decrypted, with the case's own fields. */
export class CaseFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) status!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiProperty({ nullable: true, type: String }) assigneeId!: string | null;
  @ApiProperty({ nullable: true, enum: RISK_LEVELS, enumName: 'RiskLevel' }) riskLevel!: string | null;
  @ApiProperty({ type: [String] }) context!: string[];
  @ApiProperty() restricted!: boolean;
  @ApiProperty({ format: 'date-time' }) openedAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ format: 'date-time' }) receivedAt!: string;
  @ApiProperty({
    type: ClosurePendingDto,
    nullable: true,
    description: 'A closure asked for and awaiting a supervisor’s decision; null when none',
  })
  closurePending!: ClosurePendingDto | null;
  @ApiProperty({ type: SurvivorDto }) survivor!: SurvivorDto;
  @ApiPropertyOptional({ type: ReporterDto }) reporter?: ReporterDto;
  @ApiProperty({ type: IncidentDto }) incident!: IncidentDto;
  @ApiPropertyOptional({ type: RiskDto }) risk?: RiskDto;
  @ApiProperty({ type: [ConsentInputDto] }) consents!: ConsentInputDto[];
  @ApiPropertyOptional() note?: string;
  @ApiProperty({
    type: SafetyPlanStateDto,
    description: 'The safety plan: needed, review_due, current, not_needed',
  })
  safetyPlan!: SafetyPlanStateDto;
}

export const INTAKE_STATUS = 'intake';
