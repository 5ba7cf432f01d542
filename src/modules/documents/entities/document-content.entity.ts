import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';

/**
 * A document's content in the PostgreSQL document store (PostgresDocumentStore): the bytes sealed with
 * the key ring (CryptoService.encryptBytes, context "documents.content:<document id>"), one row per
 * document, deleted when the document is destroyed. Only the store reads or writes this table.
 */
@Entity({ name: 'document_contents' })
export class DocumentContentEntity {
  @PrimaryColumn('uuid', { name: 'document_id', primaryKeyConstraintName: 'document_contents_pk' })
  documentId!: string;

  @OneToOne(() => DocumentEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'document_contents_document_fk' })
  document?: DocumentEntity;

  @Column('bytea', { name: 'content_enc' })
  contentEnc!: Buffer;
}
