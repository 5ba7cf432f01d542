import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An action of a goal: the service (config/catalogues/services.yaml), who does it (counsellor, provider —
 * a directory provider —, survivor), its due date and status (planned, in_progress, done, dropped with a
 * reason). Linked to a referral of the same case, its status is the referral's (read, never stored here).
 * The note and the drop reason are encrypted (CASE_PLAN_ACTION_DATA).
 */
@Entity({ name: 'case_plan_actions' })
@Index('case_plan_actions_plan_idx', ['planId', 'position'])
@Index('case_plan_actions_case_idx', ['caseId'])
export class CasePlanActionEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'case_plan_actions_pk' })
  id!: string;

  @Column('uuid', { name: 'plan_id' })
  planId!: string;

  @Column('uuid', { name: 'goal_id' })
  goalId!: string;

  @Column('uuid', { name: 'case_id' })
  caseId!: string;

  @Column('integer', { name: 'position' })
  position!: number;

  /** A key of config/catalogues/services.yaml. */
  @Column('text', { name: 'service' })
  service!: string;

  /** counsellor, provider, survivor */
  @Column('text', { name: 'performer' })
  performer!: string;

  /** The directory's provider when the performer is a provider. */
  @Column('uuid', { name: 'provider_id', nullable: true })
  providerId!: string | null;

  @Column('date', { name: 'due_on', nullable: true })
  dueOn!: string | null;

  /** planned, in_progress, done, dropped */
  @Column('text', { name: 'status', default: () => "'planned'" })
  status!: string;

  @Column('text', { name: 'drop_reason_enc', nullable: true })
  dropReasonEnc!: string | null;

  /** A referral of the same case: the action then shows the referral's status. */
  @Column('uuid', { name: 'referral_id', nullable: true })
  referralId!: string | null;

  @Column('text', { name: 'note_enc', nullable: true })
  noteEnc!: string | null;

  @Column('uuid', { name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;

  @Column('integer', { name: 'version', default: 1 })
  version!: number;
}
