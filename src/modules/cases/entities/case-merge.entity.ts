import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { CaseEntity } from './case.entity';

/**
 * Two cases of one survivor kept apart but pointing at each other (intake found a possible duplicate).
 * One row per pair (either direction): both cases show it. Ids only, nothing personal.
 */
@Entity({ name: 'case_links' })
@Index('case_links_pair_key', ['caseId', 'linkedCaseId'], { unique: true })
export class CaseLinkEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_links_pk' })
  id!: string;

  /** The case the link was made from. */
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_links_case_fk' })
  case?: CaseEntity;

  @Index('case_links_linked_case_idx')
  @Column('uuid', { name: 'linked_case_id' })
  linkedCaseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'linked_case_id', foreignKeyConstraintName: 'case_links_linked_case_fk' })
  linkedCase?: CaseEntity;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;
}

/**
 * A merge of two cases of one organisation (docs/ARCHITECTURE.md "Duplicates: link, merge, undo"): the
 * ids each participant moved from the merged case to the surviving one (for the undo), the merged case's
 * status before, the undo's deadline. Ids and codes only.
 */
@Entity({ name: 'case_merges' })
@Index('case_merges_merged_active_key', ['mergedCaseId'], { unique: true, where: 'undone_at IS NULL' })
export class CaseMergeEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_merges_pk' })
  id!: string;

  @Index('case_merges_surviving_idx')
  @Column('uuid', { name: 'surviving_case_id' })
  survivingCaseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'surviving_case_id', foreignKeyConstraintName: 'case_merges_surviving_case_fk' })
  survivingCase?: CaseEntity;

  @Index('case_merges_merged_idx')
  @Column('uuid', { name: 'merged_case_id' })
  mergedCaseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'merged_case_id', foreignKeyConstraintName: 'case_merges_merged_case_fk' })
  mergedCase?: CaseEntity;

  /** The merged case's status before the merge, restored by the undo. */
  @Column('text', { name: 'merged_status' })
  mergedStatus!: string;

  /** Participant name → the row ids it moved (CaseMoveRegistry.merge). */
  @Column('jsonb', { name: 'moved', default: () => `'{}'` })
  moved!: Record<string, string[]>;

  @Column('uuid', { name: 'merged_by' })
  mergedBy!: string;

  @Column('timestamptz', { name: 'merged_at', default: () => 'now()' })
  mergedAt!: Date;

  /** Past it the merge stands (config/cases.yaml merge.undoWithinDays). */
  @Column('timestamptz', { name: 'undo_deadline' })
  undoDeadline!: Date;

  @Column('uuid', { name: 'undone_by', nullable: true })
  undoneBy!: string | null;

  @Column('timestamptz', { name: 'undone_at', nullable: true })
  undoneAt!: Date | null;
}
