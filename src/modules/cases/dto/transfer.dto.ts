import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';
import { TRANSFER_STATUSES } from '../repositories/case-transfer.repository';

const TEXT = 2000;

/** POST /api/v1/cases/:id/transfers */
export class TransferRequestDto {
  @ApiProperty({
    format: 'uuid',
    description: 'The receiving organisation (GET /api/v1/transfers/destinations)',
  })
  @IsUUID('all', { message: 'toOrganizationId must be a UUID' })
  toOrganizationId!: string;

  @ApiProperty({
    format: 'uuid',
    description: "A consent of this case for the purpose 'transfer', not withdrawn",
  })
  @IsUUID('all', { message: 'consentId must be a UUID' })
  consentId!: string;

  @ApiPropertyOptional({ description: 'Free text for the receiving organisation: stored encrypted' })
  @IsOptional()
  @IsString()
  @MaxLength(TEXT)
  note?: string;
}

/** POST /api/v1/transfers/:transferId/accept */
export class TransferAcceptDto {
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'A counsellor of the receiving organisation to assign the case to; left out: unassigned',
  })
  @IsOptional()
  @IsUUID('all', { message: 'assigneeId must be a UUID' })
  assigneeId?: string;
}

/** POST /api/v1/transfers/:transferId/decline */
export class TransferDeclineDto {
  @ApiProperty({ description: 'Why the case is not taken: stored encrypted, shown only in the case file' })
  @IsString()
  @MinLength(1)
  @MaxLength(TEXT)
  reasonText!: string;
}

/** POST /api/v1/transfers/:transferId/cancel: nothing to say. */
export class TransferCancelDto {}

export class TransferIdParams {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'transferId must be a UUID' })
  transferId!: string;
}

export class TransferListQuery {
  @ApiProperty({ enum: ['incoming', 'outgoing'] })
  @IsIn(['incoming', 'outgoing'])
  direction!: 'incoming' | 'outgoing';

  @ApiPropertyOptional({ enum: TRANSFER_STATUSES, enumName: 'TransferStatus' })
  @IsOptional()
  @IsIn([...TRANSFER_STATUSES])
  status?: string;
}

export class TransferOrganizationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'Trung tâm Công tác xã hội quận Hoàng Mai' }) name!: string;
  @ApiProperty({ example: 'social_work_centre', description: 'Key of organization-types' }) type!: string;
}

export class TransferDestinationListDto {
  @ApiProperty({ type: TransferOrganizationDto, isArray: true }) items!: TransferOrganizationDto[];
}

/**
 * A transfer as the lists show it: ids, the reference, the organisations, dates and status. Nothing
 * personal: the receiving supervisors decide on this and the risk level, before they may read the file.
 */
export class TransferDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: 'HN-2026-000123' }) reference!: string;
  @ApiProperty({ type: TransferOrganizationDto }) from!: TransferOrganizationDto;
  @ApiProperty({ type: TransferOrganizationDto }) to!: TransferOrganizationDto;
  @ApiProperty({ enum: TRANSFER_STATUSES, enumName: 'TransferStatus' }) status!: string;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) decidedAt!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: "The case's risk level, for the receiving organisation only (null in the sender's list)",
  })
  riskLevel!: string | null;
  @ApiProperty() version!: number;
}

export class TransferListDto {
  @ApiProperty({ type: TransferDto, isArray: true }) items!: TransferDto[];
}

/** A transfer in the case file (whoever may read the case): with its note and decline reason. */
export class CaseTransferDto extends TransferDto {
  @ApiProperty({ format: 'uuid' }) consentId!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ nullable: true, type: String }) declineReason!: string | null;
}

export class CaseTransferListDto {
  @ApiProperty({ type: CaseTransferDto, isArray: true }) items!: CaseTransferDto[];
}
