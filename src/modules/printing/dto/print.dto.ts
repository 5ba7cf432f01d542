import { ApiProperty } from '@nestjs/swagger';
import { IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { CatalogueKey } from '../../../platform/catalogues/catalogue-key';

/** The longest reason a print takes (issue 15). */
export const PRINT_REASON_MAX = 500;

export class PrintIdParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

/** POST /api/v1/cases/:id/print: why the file is printed. */
export class PrintCaseDto {
  @CatalogueKey('print-purposes')
  @ApiProperty({
    description: 'A key of config/catalogues/print-purposes.yaml (court, survivor_request, other)',
  })
  @IsString()
  @MaxLength(64)
  purpose!: string;

  @ApiProperty({
    maxLength: PRINT_REASON_MAX,
    description: 'Why: kept encrypted in the audit trail with the print; never printed, logged or in a URL',
  })
  @IsString()
  @Matches(/\S/, { message: 'reason must not be blank' })
  @MaxLength(PRINT_REASON_MAX)
  reason!: string;
}
