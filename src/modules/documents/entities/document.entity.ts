import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A file attached to a case (docs/ARCHITECTURE.md "Documents"): what it is, never what it says. Its name
 * is personal data (DOCUMENT_DATA, encrypted); its content lives in the document store (DocumentStore:
 * document_contents in PostgreSQL), sealed with the key ring. Destroying it (retention, a mistaken upload)
 * erases the name and the content and keeps the kind, type, size and dates.
 */
@Entity({ name: 'documents' })
@Index('documents_case_idx', ['caseId', 'addedAt', 'id'])
export class DocumentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'documents_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** A key of config/catalogues/document-kinds.yaml. */
  @Column('text', { name: 'kind' })
  kind!: string;

  /** The type found in the bytes (application/pdf, image/jpeg, image/png), never the one declared. */
  @Column('text', { name: 'media_type' })
  mediaType!: string;

  @Column('integer', { name: 'size_bytes' })
  sizeBytes!: number;

  /** The file's name as uploaded, encrypted (DOCUMENT_DATA); NULL once destroyed. */
  @Column('text', { name: 'name_enc', nullable: true })
  nameEnc!: string | null;

  @Column('uuid', { name: 'added_by' })
  addedBy!: string;

  @Column('timestamptz', { name: 'added_at', default: () => 'now()' })
  addedAt!: Date;

  @Column('timestamptz', { name: 'destroyed_at', nullable: true })
  destroyedAt!: Date | null;

  /** Why: retention or removed (a mistaken upload). */
  @Column('text', { name: 'destroyed_reason', nullable: true })
  destroyedReason!: string | null;
}
