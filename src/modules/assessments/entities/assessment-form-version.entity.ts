import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Every version of a form the application has shipped (recorded at start-up from config/forms): its
 * definition and the hash of it. A shipped version is never edited; start-up refuses a file whose hash
 * is not the recorded one, and an assessment is always read with its version's definition from here (so
 * it stays readable even when the file is gone).
 */
@Entity({ name: 'assessment_form_versions' })
export class AssessmentFormVersionEntity {
  @PrimaryColumn('text', { name: 'form_key', primaryKeyConstraintName: 'assessment_form_versions_pk' })
  formKey!: string;

  @PrimaryColumn('integer', { name: 'version', primaryKeyConstraintName: 'assessment_form_versions_pk' })
  version!: number;

  /** sha256 of the definition's canonical JSON (comments and layout of the file do not count). */
  @Column('text', { name: 'hash' })
  hash!: string;

  @Column('jsonb', { name: 'definition' })
  definition!: unknown;

  @Column('timestamptz', { name: 'recorded_at', default: () => 'now()' })
  recordedAt!: Date;
}
