import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, MaxLength, Min } from 'class-validator';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

const NOTE = 2000;
const DAY = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
export const SERVICE_REMOVAL_REASONS = ['mistaken', 'duplicate'] as const;

/** POST /api/v1/cases/:id/services: a service given to the survivor, recorded on the case. */
export class CaseServiceInputDto {
  @CatalogueKey('services')
  @ApiProperty({ description: 'A key of config/catalogues/services.yaml' })
  @IsString()
  @MaxLength(64)
  service!: string;
  @ApiProperty({ example: '2026-03-10', description: 'The day it was given (Hanoi), not after today' })
  @IsString()
  @Matches(DAY, { message: 'givenOn must be a day YYYY-MM-DD' })
  givenOn!: string;
  @ApiPropertyOptional({
    format: 'uuid',
    description: "Who gave it: a member of the case's organisation (default: the caller)",
  })
  @IsOptional()
  @IsUUID()
  givenById?: string;
  @ApiPropertyOptional({ maxLength: NOTE, description: 'Stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  note?: string;
}

/** PATCH /api/v1/cases/:id/services/:serviceId: a correction, with the entry's version read. */
export class CaseServiceCorrectionDto {
  @ApiProperty({ description: "The entry's version read; stale: 409 VERSION_CONFLICT" })
  @IsInt()
  @Min(1)
  version!: number;
  @CatalogueKey('services')
  @ApiPropertyOptional({ description: 'A key of config/catalogues/services.yaml' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  service?: string;
  @ApiPropertyOptional({ example: '2026-03-10' })
  @IsOptional()
  @IsString()
  @Matches(DAY, { message: 'givenOn must be a day YYYY-MM-DD' })
  givenOn?: string;
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  givenById?: string;
  @ApiPropertyOptional({ maxLength: NOTE, description: 'Replaces the note; "" clears it' })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE)
  note?: string;
}

/** POST /api/v1/cases/:id/services/:serviceId/remove: a mistaken entry leaves the file and the counts. */
export class CaseServiceRemovalDto {
  @ApiProperty({ description: "The entry's version read" }) @IsInt() @Min(1) version!: number;
  @ApiProperty({ enum: SERVICE_REMOVAL_REASONS }) @IsIn([...SERVICE_REMOVAL_REASONS]) reason!: string;
}

export class CaseServiceParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() serviceId!: string;
}

export class CaseServiceDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'A key of config/catalogues/services.yaml' }) service!: string;
  @ApiProperty({ example: '2026-03-10' }) givenOn!: string;
  @ApiProperty({ format: 'uuid' }) givenById!: string;
  @ApiProperty({ nullable: true, type: String }) givenByName!: string | null;
  @ApiProperty({ format: 'uuid' }) organizationId!: string;
  @ApiPropertyOptional({ description: 'The note, decrypted (only when one was given)' }) note?: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'uuid' }) recordedBy!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) removedAt!: string | null;
  @ApiProperty({ nullable: true, enum: SERVICE_REMOVAL_REASONS }) removalReason!: string | null;
}

/** GET /api/v1/cases/:id/services: newest first, removed entries too (flagged). */
export class CaseServicesDto {
  @ApiProperty({ type: [CaseServiceDto] }) items!: CaseServiceDto[];
}
