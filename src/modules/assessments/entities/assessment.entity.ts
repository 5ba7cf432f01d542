import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An assessment of a case with one version of a form (docs/ARCHITECTURE.md "Assessments as data"): a
 * draft until it is completed. Coded answers (option keys, numbers, booleans, dates) are kept in clear
 * for the file's lists and later counts; free-text answers may name people and are encrypted
 * (ASSESSMENT_DATA).
 */
@Entity({ name: 'assessments' })
@Index('assessments_case_idx', ['caseId', 'createdAt'])
export class AssessmentEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'assessments_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** The form's key and the version it was started with: answers are always read with it. */
  @Column('text', { name: 'form_key' })
  formKey!: string;

  @Column('integer', { name: 'form_version' })
  formVersion!: number;

  /** draft | completed. */
  @Column('text', { name: 'status', default: 'draft' })
  status!: string;

  /** Question key → option key(s), number, boolean or date: never free text. */
  @Column('jsonb', { name: 'answers', default: () => "'{}'" })
  answers!: Record<string, unknown>;

  /** Question key → free text, as one encrypted JSON object. */
  @Column('text', { name: 'text_answers_enc', nullable: true })
  textAnswersEnc!: string | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('uuid', { name: 'completed_by', nullable: true })
  completedBy!: string | null;

  @Column('timestamptz', { name: 'completed_at', nullable: true })
  completedAt!: Date | null;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
