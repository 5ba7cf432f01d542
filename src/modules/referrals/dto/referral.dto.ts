import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { REFERRAL_STATES } from '../domain/referral-workflow';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
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
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

const TEXT = 2_000;
const NOTE = 10_000;

export class ReferralIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class CaseIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class ProviderIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') id!: string;
}

export class EmergencyOverrideDto {
  @ApiProperty({ description: 'Why the referral cannot wait for consent (stored encrypted)' })
  @IsString()
  @MaxLength(TEXT)
  reasonText!: string;
}

/** POST /api/v1/cases/:id/referrals */
export class CreateReferralDto {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all') providerId!: string;
  @CatalogueKey('services', { each: true })
  @ApiProperty({ type: [String], description: 'Keys of the services catalogue' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  services!: string[];
  @CatalogueKey('referral-urgencies')
  @ApiProperty({ description: 'A key of the referral-urgencies catalogue: emergency, urgent, routine' })
  @IsString()
  @MaxLength(64)
  urgency!: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'The consent that covers the referral' })
  @IsOptional()
  @IsUUID('all')
  consentId?: string;
  @ApiPropertyOptional({ type: EmergencyOverrideDto, description: 'Only with urgency emergency' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => EmergencyOverrideDto)
  emergencyOverride?: EmergencyOverrideDto;
  @ApiPropertyOptional({ description: 'For the provider (stored encrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  note?: string;
}

export class ReasonDto {
  @ApiProperty({ description: 'Stored encrypted' }) @IsString() @MaxLength(TEXT) reasonText!: string;
}

/** POST /api/v1/referrals/:id/complete */
export class CompleteReferralDto {
  @ApiProperty({ enum: ['completed', 'not_completed'] })
  @IsIn(['completed', 'not_completed'])
  outcome!: 'completed' | 'not_completed';
  @CatalogueKey('services', { each: true })
  @ApiPropertyOptional({ type: [String], description: 'Keys of the services catalogue (default: asked)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  servicesProvided?: string[];
  @ApiPropertyOptional({ example: '2026-03-06', description: 'Default: today in Hanoi' })
  @IsOptional()
  @IsString()
  @MaxLength(10)
  completedOn?: string;
  @ApiPropertyOptional({ description: 'Required for not_completed (stored encrypted)' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  reasonText?: string;
}

export class ListReferralsQuery {
  @ApiProperty({ enum: ['incoming', 'outgoing'] }) @IsIn(['incoming', 'outgoing']) box!: string;
  @ApiPropertyOptional({ enum: REFERRAL_STATES, enumName: 'ReferralStatus' })
  @IsOptional()
  @Matches(/^[a-z_]{1,20}$/)
  status?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? Number(value) : value))
  @IsInt({ message: 'limit must be a whole number from 1 to 100' })
  @Min(1)
  @Max(100)
  limit?: number;
}

export class ListStaysQuery {
  @ApiPropertyOptional({ description: 'true: only people in residence now' })
  @IsOptional()
  @IsIn(['true', 'false'])
  current?: string;
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

export class CreatedReferralDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REFERRAL_STATES, enumName: 'ReferralStatus', example: 'sent' }) status!: string;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) consentId!: string | null;
  @ApiProperty() emergencyOverride!: boolean;
}

export class ReferralStepDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: REFERRAL_STATES, enumName: 'ReferralStatus' }) status!: string;
  @ApiProperty() version!: number;
  @ApiPropertyOptional({ format: 'uuid', description: 'The stay opened by start at a safe house' })
  stayId?: string;
}

export class ProviderRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
}

export class ReferralHistoryDto {
  @ApiProperty({ nullable: true, type: String }) from!: string | null;
  @ApiProperty() to!: string;
  @ApiProperty({ format: 'uuid' }) actorId!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String }) reasonCode!: string | null;
  @ApiPropertyOptional({ type: String, nullable: true, description: 'Only in the referring side’s view' })
  reasonText?: string | null;
}

/** What the provider's staff see: only the fields the consent names, under `survivor`. */
export class ProviderReferralViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ enum: REFERRAL_STATES, enumName: 'ReferralStatus' }) status!: string;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty() urgency!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description: 'Exactly the shared fields the covering consent names; {} without one',
  })
  survivor!: Record<string, unknown>;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ type: ProviderRefDto }) provider!: ProviderRefDto;
  @ApiProperty({ type: [ReferralHistoryDto] }) history!: ReferralHistoryDto[];
}

/** What the referring side sees (no survivor fields: they have the case file). */
export class ReferrerReferralViewDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: ProviderRefDto }) provider!: ProviderRefDto;
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ format: 'uuid' }) recipientOrganizationId!: string;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty() urgency!: string;
  @ApiProperty({ enum: REFERRAL_STATES, enumName: 'ReferralStatus' }) status!: string;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ format: 'uuid' }) referredBy!: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) consentId!: string | null;
  @ApiProperty() emergencyOverride!: boolean;
  @ApiProperty({ nullable: true, type: String }) emergencyOverrideReason!: string | null;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ type: [String] }) servicesProvided!: string[];
  @ApiProperty({ nullable: true, type: String }) completedOn!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [ReferralHistoryDto] }) history!: ReferralHistoryDto[];
}

export class ReferrerReferralListDto {
  @ApiProperty({ type: [ReferrerReferralViewDto] }) items!: ReferrerReferralViewDto[];
}

/** A line of the incoming or outgoing box: no survivor field, no note. */
export class ReferralSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ type: ProviderRefDto }) provider!: ProviderRefDto;
  @ApiProperty({ format: 'uuid' }) referringOrganizationId!: string;
  @ApiProperty({ format: 'uuid' }) recipientOrganizationId!: string;
  @ApiProperty({ type: [String] }) services!: string[];
  @ApiProperty() urgency!: string;
  @ApiProperty({ enum: REFERRAL_STATES, enumName: 'ReferralStatus' }) status!: string;
  @ApiProperty() emergencyOverride!: boolean;
  @ApiProperty({ format: 'date-time' }) sentAt!: string;
  @ApiProperty({ format: 'date-time' }) dueBy!: string;
}

export class ReferralListDto {
  @ApiProperty({ type: [ReferralSummaryDto] }) items!: ReferralSummaryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class OccupancyDto {
  @ApiProperty({ format: 'uuid' }) providerId!: string;
  @ApiProperty({ nullable: true, type: Number }) capacity!: number | null;
  @ApiProperty({ description: 'Beds held by accepted referrals' }) held!: number;
  @ApiProperty({ description: 'People in residence (stays not discharged)' }) occupied!: number;
  @ApiProperty({ nullable: true, type: Number }) free!: number | null;
}

export class StayDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) referralId!: string;
  @ApiProperty() reference!: string;
  @ApiProperty({ format: 'date-time' }) admittedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) dischargedAt!: string | null;
  @ApiProperty({ enum: ['in_residence', 'discharged'] }) status!: 'in_residence' | 'discharged';
}

export class StayListDto {
  @ApiProperty({ type: [StayDto] }) items!: StayDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
