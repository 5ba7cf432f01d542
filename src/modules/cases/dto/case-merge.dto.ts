import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, IsUUID, MaxLength, Min } from 'class-validator';

/** POST /api/v1/cases/:id/links: the other case, by its id or its reference (as intake's check shows it). */
export class CaseLinkInputDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The other case; or give its reference' })
  @IsOptional()
  @IsUUID('all', { message: 'caseId must be a UUID' })
  caseId?: string;

  @ApiPropertyOptional({ example: 'HN-2026-000123', description: 'The other case’s reference' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  reference?: string;
}

/** A link seen from one of its two cases. */
export class CaseLinkDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid', description: 'The other case of the pair' }) caseId!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ description: 'The other case’s status (merged when it was merged since)' }) status!: string;
  @ApiProperty({ format: 'uuid' }) createdBy!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CaseLinksDto {
  @ApiProperty({ type: [CaseLinkDto], description: 'Newest first' }) items!: CaseLinkDto[];
}

export class CaseLinkParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'linkId must be a UUID' }) linkId!: string;
}

export class CaseMergeParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'mergeId must be a UUID' }) mergeId!: string;
}

/** POST /api/v1/cases/:id/merge (`:id` survives): the case merged into it, and the versions read. */
export class CaseMergeInputDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'mergedCaseId must be a UUID' })
  mergedCaseId!: string;

  @ApiPropertyOptional({
    description: 'The surviving case’s version read; a stale one answers 409 VERSION_CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  survivingVersion?: number;

  @ApiPropertyOptional({
    description: 'The merged case’s version read; a stale one answers 409 VERSION_CONFLICT',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  mergedVersion?: number;
}

/** A case of a merge: id and reference, nothing personal. */
export class CaseRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
}

/** How many rows a participant moved (by its name: cases.notes, referrals, follow_ups…). */
export class MovedCountDto {
  @ApiProperty({ example: 'cases.notes' }) participant!: string;
  @ApiProperty() count!: number;
}

export class CaseMergeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ type: CaseRefDto }) surviving!: CaseRefDto;
  @ApiProperty({ type: CaseRefDto }) merged!: CaseRefDto;
  @ApiProperty({ type: [MovedCountDto] }) moved!: MovedCountDto[];
  @ApiProperty({ format: 'uuid' }) mergedBy!: string;
  @ApiProperty({ format: 'date-time' }) mergedAt!: string;
  @ApiProperty({ format: 'date-time' }) undoDeadline!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) undoneBy!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) undoneAt!: string | null;
  @ApiProperty({ description: 'Whether the caller may undo it now (not undone, before the deadline)' })
  undoable!: boolean;
}

export class CaseMergesDto {
  @ApiProperty({ type: [CaseMergeDto], description: 'Newest first' }) items!: CaseMergeDto[];
}
