import {
  Column,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
} from 'typeorm';
import { CaseEntity } from './case.entity';

/** The case's safety plan (one per case): its current version and its last review. */
@Entity({ name: 'safety_plans' })
export class SafetyPlanEntity {
  @PrimaryColumn('uuid', { name: 'case_id', primaryKeyConstraintName: 'safety_plans_pk' })
  caseId!: string;

  @OneToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'safety_plans_case_fk' })
  case?: CaseEntity;

  @Column('int', { name: 'version', default: 1 })
  version!: number;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('uuid', { name: 'updated_by' })
  updatedBy!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  /** A save is a review too: the last time someone went through the plan with the survivor. */
  @Column('uuid', { name: 'reviewed_by' })
  reviewedBy!: string;

  @Column('timestamptz', { name: 'reviewed_at', default: () => 'now()' })
  reviewedAt!: Date;
}

/** Every saved version of a safety plan: the content encrypted as one JSON value. */
@Entity({ name: 'safety_plan_versions' })
@Index('safety_plan_versions_case_version_uq', ['caseId', 'version'], { unique: true })
export class SafetyPlanVersionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'safety_plan_versions_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'safety_plan_versions_case_fk' })
  case?: CaseEntity;

  @Column('int', { name: 'version' })
  version!: number;

  /** Keys of config/catalogues/leaving-items.yaml (no personal data). */
  @Column('text', { name: 'leaving_items', array: true, default: () => "'{}'" })
  leavingItems!: string[];

  @Column('text', { name: 'content_enc' })
  contentEnc!: string;

  @Column('uuid', { name: 'saved_by' })
  savedBy!: string;

  @Column('timestamptz', { name: 'saved_at', default: () => 'now()' })
  savedAt!: Date;
}

/** A review of the plan, changed or not: who, when, which version, from where. */
@Entity({ name: 'safety_plan_reviews' })
export class SafetyPlanReviewEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'safety_plan_reviews_pk' })
  id!: string;

  @Index('safety_plan_reviews_case_idx')
  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @ManyToOne(() => CaseEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'safety_plan_reviews_case_fk' })
  case?: CaseEntity;

  @Column('int', { name: 'version' })
  version!: number;

  /** 'review' (the review route) or 'follow_up' (a safety-plan follow-up completed). */
  @Column('text', { name: 'source' })
  source!: string;

  @Column('uuid', { name: 'follow_up_id', nullable: true })
  followUpId!: string | null;

  @Column('uuid', { name: 'reviewed_by' })
  reviewedBy!: string;

  @Column('timestamptz', { name: 'reviewed_at', default: () => 'now()' })
  reviewedAt!: Date;
}
