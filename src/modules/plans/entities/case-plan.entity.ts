import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One version of a case's plan (docs/ARCHITECTURE.md "The case plan"): draft → submitted → approved or
 * returned (sent back with a reason, edited again); a change to an approved plan is a new draft version
 * copied from it, and the approved one is superseded when the new one is approved. Every version stays
 * readable. The return reason is encrypted (CASE_PLAN_DATA).
 */
@Entity({ name: 'case_plans' })
@Index('case_plans_case_idx', ['caseId', 'versionNo'])
@Index('case_plans_submitted_idx', ['submittedAt'], { where: "status = 'submitted'" })
export class CasePlanEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_plans_pk' })
  id!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  /** 1, 2, 3… per case (a merge may bring a second series: the list orders by the time too). */
  @Column('integer', { name: 'version_no' })
  versionNo!: number;

  /** draft, submitted, approved, returned, superseded */
  @Column('text', { name: 'status' })
  status!: string;

  /** The review cadence this version was approved with (config/plans.yaml reviewEveryDays). */
  @Column('integer', { name: 'review_every_days', nullable: true })
  reviewEveryDays!: number | null;

  /** The approved version this draft was copied from. */
  @Column('uuid', { name: 'copied_from', nullable: true })
  copiedFrom!: string | null;

  @Column('uuid', { name: 'submitted_by', nullable: true })
  submittedBy!: string | null;

  @Column('timestamptz', { name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column('uuid', { name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column('timestamptz', { name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  @Column('text', { name: 'return_reason_enc', nullable: true })
  returnReasonEnc!: string | null;

  @Column('timestamptz', { name: 'superseded_at', nullable: true })
  supersededAt!: Date | null;

  @Column('uuid', { name: 'created_by' })
  createdBy!: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
