import { ApiProperty } from '@nestjs/swagger';

export class AuditEventDto {
  @ApiProperty({ example: '1042', description: 'Position in the trail (decimal string)' })
  id!: string;

  @ApiProperty({ example: '2026-03-01T02:03:04.123456Z', description: 'UTC, with microseconds' })
  at!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null for an anonymous attempt' })
  actorId!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Nguyễn Thị Mai',
    description: 'The acting user’s display name (a staff account); null when there is no known user',
  })
  actorDisplayName!: string | null;

  @ApiProperty({ type: [String], example: ['counsellor'] })
  actorRoles!: string[];

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  organizationId!: string | null;

  @ApiProperty({ example: 'case.read' })
  action!: string;

  @ApiProperty({ enum: ['success', 'denied', 'failure'], example: 'success' })
  outcome!: string;

  @ApiProperty({ nullable: true, type: String, example: 'case' })
  entityType!: string | null;

  @ApiProperty({ nullable: true, type: String })
  entityId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  caseId!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'A catalogue key or a code' })
  reasonCode!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The free-text reason, decrypted for the auditor',
  })
  reasonText!: string | null;

  @ApiProperty({ nullable: true, type: String })
  requestId!: string | null;

  @ApiProperty({ description: 'Whether the row is sealed into the hash chain yet' })
  sealed!: boolean;
}

export class AuditPageDto {
  @ApiProperty({ type: [AuditEventDto], description: 'Newest first' })
  items!: AuditEventDto[];

  @ApiProperty({ nullable: true, type: String, description: 'Pass as cursor for the next (older) page' })
  nextCursor!: string | null;
}

export class AuditVerificationDto {
  @ApiProperty() ok!: boolean;

  @ApiProperty({ description: 'Sealed rows that verified' })
  checked!: number;

  @ApiProperty({ description: 'Rows committed but not sealed into the chain yet' })
  unsealed!: number;

  @ApiProperty({ required: false, example: '1042', description: 'The first row that does not verify' })
  firstBadId?: string;

  @ApiProperty({
    required: false,
    enum: ['seq_gap', 'prev_hash_mismatch', 'hash_mismatch', 'head_mismatch', 'unchained_row'],
  })
  fault?: string;

  @ApiProperty({ required: false })
  reason?: string;
}
