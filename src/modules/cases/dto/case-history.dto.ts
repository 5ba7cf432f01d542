import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RISK_LEVELS } from '../domain/risk';
import { CASE_STATES } from '../domain/workflow';

/** A consent as recorded, withdrawn or not (GET /api/v1/cases/:id/consents). */
export class ConsentHistoryEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'Key of config/catalogues/consent-purposes' }) purpose!: string;
  @ApiProperty({ description: 'Key of config/catalogues/consent-givers' }) givenBy!: string;
  @ApiProperty({ description: 'Key of config/catalogues/consent-methods' }) method!: string;
  @ApiProperty({ type: [String], description: 'Scope: provider types (organization-types keys)' })
  providerTypes!: string[];
  @ApiProperty({ type: [String], description: 'Scope: named providers (organisation ids)' })
  providerIds!: string[];
  @ApiProperty({ type: [String], description: 'Scope: the fields that may be shared' })
  sharedFields!: string[];
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The recorder’s display name' })
  recordedByName!: string | null;
  @ApiProperty({ description: 'Whether the consent was withdrawn (then withdrawnAt says when)' })
  withdrawn!: boolean;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) withdrawnAt!: string | null;
  @ApiPropertyOptional({ description: 'The withdrawal reason, decrypted (only when one was given)' })
  withdrawnReason?: string;
}

export class ConsentHistoryDto {
  @ApiProperty({ type: [ConsentHistoryEntryDto], description: 'Newest first' })
  items!: ConsentHistoryEntryDto[];
}

/** One risk assessment of the case (its answers stay in the file read). */
export class RiskAssessmentEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: RISK_LEVELS, enumName: 'RiskLevel' }) level!: string;
  @ApiProperty() score!: number;
  @ApiProperty({ format: 'date-time' }) assessedAt!: string;
  @ApiProperty({ format: 'uuid' }) assessedBy!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The assessor’s display name' })
  assessedByName!: string | null;
}

export class RiskAssessmentHistoryDto {
  @ApiProperty({ type: [RiskAssessmentEntryDto], description: 'Newest first' })
  items!: RiskAssessmentEntryDto[];
}

/** A workflow transition. Its free-text reason is not shown: the file read shows none. */
export class StatusTransitionDto {
  @ApiProperty({ nullable: true, enum: CASE_STATES, enumName: 'CaseStatus' }) from!: string | null;
  @ApiProperty({ enum: CASE_STATES, enumName: 'CaseStatus' }) to!: string;
  @ApiProperty({ format: 'date-time' }) at!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) byId!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The actor’s display name' })
  byName!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Key of config/catalogues/closure-reasons…' })
  reasonCode!: string | null;
}

export class StatusHistoryDto {
  @ApiProperty({ type: [StatusTransitionDto], description: 'Newest first' })
  items!: StatusTransitionDto[];
}

/** A closure asked for and not yet decided by a supervisor. */
export class ClosurePendingDto {
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ description: 'Key of config/catalogues/closure-reasons' }) reasonCode!: string;
}
