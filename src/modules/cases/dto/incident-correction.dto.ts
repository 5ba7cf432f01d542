import { ApiProperty, PartialType } from '@nestjs/swagger';
import { IsInt, IsUUID, Min } from 'class-validator';
import { inheritCatalogueKeys } from '../../../platform/catalogues/catalogue-key';
import { IncidentDto } from './case.dto';

/**
 * PATCH /api/v1/cases/:id/incidents/:incidentId: the incident's version read and the fields to correct
 * (a perpetrator given replaces the incident's perpetrator as a whole). Checked as at intake.
 */
export class IncidentCorrectionDto extends PartialType(IncidentDto) {
  @ApiProperty({ description: "The incident's version read; stale: 409 VERSION_CONFLICT" })
  @IsInt()
  @Min(1)
  version!: number;
}
inheritCatalogueKeys(IncidentCorrectionDto, IncidentDto);

export class IncidentParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID() id!: string;
  @ApiProperty({ format: 'uuid' }) @IsUUID() incidentId!: string;
}

export class IncidentCorrectedDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: "The incident's new version" }) version!: number;
  @ApiProperty({ description: "The case's new version" }) caseVersion!: number;
  @ApiProperty({ type: [String], description: 'The derived case context after the correction' })
  context!: string[];
}
