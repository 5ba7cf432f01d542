import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';

export class CaseDocumentsParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
}

export class DocumentParams {
  @ApiProperty({ format: 'uuid' }) @IsUUID('all', { message: 'id must be a UUID' }) id!: string;
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all', { message: 'documentId must be a UUID' })
  documentId!: string;
}

/** The upload form (multipart/form-data), for the API document. */
export class DocumentUploadForm {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description: 'PDF, JPEG or PNG (from its bytes), ≤ 10 MB',
  })
  file!: unknown;
  @ApiProperty({
    description: 'A key of the document-kinds catalogue: signed_consent, medical, police, court, other',
  })
  kind!: string;
}

export class DocumentAdderDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ nullable: true, type: String, description: 'The staff member’s display name' })
  displayName!: string | null;
}

export class DocumentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'A key of the document-kinds catalogue' }) kind!: string;
  @ApiProperty({ enum: ['application/pdf', 'image/jpeg', 'image/png'], description: 'Found in the bytes' })
  mediaType!: string;
  @ApiProperty({ description: 'Bytes' }) sizeBytes!: number;
  @ApiProperty({ nullable: true, type: String, description: 'The file name; null once destroyed' })
  name!: string | null;
  @ApiProperty({ type: DocumentAdderDto }) addedBy!: DocumentAdderDto;
  @ApiProperty({ format: 'date-time' }) addedAt!: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) destroyedAt!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'retention or removed' })
  destroyedReason!: string | null;
}
