import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/** A case note: free text that may name people, so encrypted. */
@Entity({ name: 'notes' })
export class NoteEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'notes_pk' })
  id!: string;

  @Index('notes_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'notes_case_fk' })
  case?: CaseEntity;

  @Column('text', { name: 'text_enc' })
  textEnc!: string;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}
